// Expansions from the corpus itself: its other forms of a word, and its acronyms for a phrase.
import { capitalisedPhrases } from '../language/question.js'
import type { Query } from './query.js'
import { terms } from './terms.js'

export function sharedPrefix(a: string, b: string): number {
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

/**
 * "Local Safeguarding Children Board" in a question also matches "LSCB" where the corpus uses
 * it: each run of two or more capitalised words gives its initials as a term.
 */
export function acronyms(question: string): { acronym: string; words: string[] }[] {
  return capitalisedPhrases(question).map((words) => ({ acronym: words.map((w) => w[0].toLowerCase()).join(''), words: words.flatMap((w) => terms(w)) }))
}

/** Let the corpus's acronym for a capitalised phrase in the question stand for each of its words. */
export function expandAcronyms(query: Query, question: string, vocabulary: ReadonlySet<string>): Query {
  const found = acronyms(question).filter((a) => a.acronym.length >= 2 && vocabulary.has(a.acronym))
  if (found.length === 0) return query
  const concepts = query.concepts.map((c) => {
    const hit = found.find((a) => a.words.includes(c.forms[0]))
    if (!hit) return c
    return { ...c, forms: [...c.forms, hit.acronym], formWeights: [...c.formWeights, 1], written: [...c.written, true] }
  })
  return { ...query, concepts }
}
