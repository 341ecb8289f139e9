import { acronyms, type Query } from './query.js'

export const MORPHOLOGY_WEIGHT = 0.8

function sharedPrefix(a: string, b: string): number {
  let i = 0
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  return i
}

/**
 * Add the corpus's other forms of each query term that the stemmer left apart
 * ("respond" / "respons"): terms of five or more letters that differ only in their last
 * letter or two.
 */
export function expandMorphology(query: Query, vocabulary: Iterable<string>): Query {
  const terms = new Map(query.terms)
  const concepts = query.concepts.map((c) => {
    const [t] = c.forms
    if (t.length < 5 || /\d/.test(t)) return c
    const forms = [...c.forms]
    for (const v of vocabulary) {
      if (terms.has(v) || /\d/.test(v)) continue
      const p = sharedPrefix(t, v)
      if (p >= 5 && p >= Math.max(t.length, v.length) - 2) {
        terms.set(v, c.weight * MORPHOLOGY_WEIGHT)
        forms.push(v)
      }
    }
    return { ...c, forms }
  })
  return { ...query, terms, concepts }
}

/** Let the corpus's acronym for a capitalised phrase in the question stand for each of its words. */
export function expandAcronyms(query: Query, question: string, vocabulary: ReadonlySet<string>): Query {
  const found = acronyms(question).filter((a) => a.acronym.length >= 2 && vocabulary.has(a.acronym))
  if (found.length === 0) return query
  const terms = new Map(query.terms)
  const concepts = query.concepts.map((c) => {
    const hit = found.find((a) => a.words.includes(c.forms[0]))
    if (!hit) return c
    terms.set(hit.acronym, Math.max(terms.get(hit.acronym) ?? 0, c.weight))
    return { ...c, forms: [...c.forms, hit.acronym] }
  })
  return { ...query, terms, concepts }
}
