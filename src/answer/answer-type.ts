// Which sentences can supply the kind of answer a question asks for.
import { capitalisedPhrases, initialsOf, type AnswerType } from '../language/question.js'
import type { Query } from '../retrieval/query.js'
import { MONEY, type SentenceCues } from '../language/sentence-cues.js'

/** Words that make a quantity question ask for a sum of money ("how much did court fees go up?", "what is the price of …"). */
const MONEY_WORD = /^(costs?|prices?|fees?|charges?|budgets?|spend|spending|spent|funding|funds?|salary|salaries|pay|paid|money|cash|£)$/

/**
 * The terms a number must count to be tied to a quantity question: the forms of what it counts
 * ("how many kids" → kid, child, …), and MONEY when it asks for a sum of money. None when it
 * names nothing: "how much did they go up last year?" is not answered by "three years".
 */
export function countedForms(query: Pick<Query, 'concepts' | 'analysis'>): ReadonlySet<string> {
  const counted = query.analysis.counted
  const forms = new Set(counted === null ? [] : query.concepts.filter((c) => c.word === counted).flatMap((c) => c.forms))
  if (query.analysis.answerType === 'quantity' && query.analysis.words.some((w) => MONEY_WORD.test(w.text))) forms.add(MONEY)
  return forms
}

/**
 * 1 when the sentence has the answer's form tied to the question ("58 recommendations" for
 * "how many recommendations"), 0.5 for the form alone, else 0.
 */
export function answerTypeMatch(cues: SentenceCues, type: AnswerType, counted: ReadonlySet<string>): number {
  if (type === 'time') return cues.time
  if (type === 'person' || type === 'organisation' || type === 'place') return cues.named ? 0.5 : 0
  if (type !== 'quantity' || !cues.number) return 0
  return cues.counted.some((t) => counted.has(t)) ? 1 : 0.5
}

/**
 * Whether a sentence spells out an acronym: a run of capitalised words whose initials hold its
 * letters ("Local Safeguarding Children Boards" for lscb, "Accident and Emergency" for a&e).
 */
export function spellsOut(text: string, acronym: string): boolean {
  const letters = acronym.replace(/[^\p{L}]/gu, '')
  return letters.length >= 2 && capitalisedPhrases(text).some((ws) => initialsOf(ws).includes(letters))
}

/**
 * How well a sentence offers the kind of answer asked for (answerTypeMatch), an expansion
 * question's from the sentence's text: 1 when it spells out the acronym asked about.
 */
export function answerFormIn(text: string, cues: SentenceCues, type: AnswerType, counted: ReadonlySet<string>, expands: string | null): number {
  if (type === 'expansion') return expands !== null && spellsOut(text, expands) ? 1 : 0
  return answerTypeMatch(cues, type, counted)
}
