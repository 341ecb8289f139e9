// Expansions from the corpus itself: its acronyms for a phrase in the question.
import { capitalisedPhrases, initialsOf } from '../language/question.js'
import type { Query } from './query.js'
import { terms } from '../language/terms.js'

/**
 * "Local Safeguarding Children Board" in a question also matches "LSCB" where the corpus uses
 * it: each run of two or more capitalised words gives its initials as a term.
 */
export function acronyms(question: string): { acronym: string; words: string[] }[] {
  return capitalisedPhrases(question).map((words) => ({ acronym: initialsOf(words), words: words.flatMap((w) => terms(w)) }))
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
