// The corpus's other forms of a word that the stemmer left apart, found by shared leading letters.

function sharedPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/** Forms share at least this many leading letters. */
const FORM_PREFIX = 5

/** The corpus's terms grouped by their first five letters: what `morphologicalForms` looks in. */
export type TermsByPrefix = ReadonlyMap<string, readonly string[]>

/** Built once with the index, so a question's cost does not grow with the vocabulary. */
export function termsByPrefix(vocabulary: Iterable<string>): TermsByPrefix {
  const out = new Map<string, string[]>()
  for (const v of vocabulary) {
    if (v.length < FORM_PREFIX || /\d/.test(v)) continue
    const key = v.slice(0, FORM_PREFIX)
    const group = out.get(key)
    if (group) group.push(v)
    else out.set(key, [v])
  }
  return out
}

/**
 * The corpus's other forms of a term that the stemmer left apart ("respond" / "respons"):
 * terms of five or more letters that differ only in their last letter or two. Used only for
 * words WordNet does not know; for the others WordNet's derived forms say which are related
 * (so "police" does not join "policy").
 */
export function morphologicalForms(term: string, byPrefix: TermsByPrefix): string[] {
  if (term.length < FORM_PREFIX || /\d/.test(term)) return []
  return (byPrefix.get(term.slice(0, FORM_PREFIX)) ?? []).filter((v) => v !== term && sharedPrefix(term, v) >= Math.max(term.length, v.length) - 2)
}
