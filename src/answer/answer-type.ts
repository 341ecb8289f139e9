// What kind of answer a question asks for, and which sentences can supply it.
import { terms, words } from '../retrieval/terms.js'

export type AnswerType = 'quantity' | 'time' | null

/** What a sentence offers as an answer, computed once per index. */
export interface SentenceCues {
  number: boolean
  time: boolean
  /** Stemmed terms right after a number: "58 recommendations" → recommend. */
  counted: string[]
}

const NUMBER_WORD = /^(\d[\d,.]*m?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|half|all)$/
const TIME_WORDS = /\b(january|february|march|april|may|june|july|august|september|october|november|december|months?|years?|weeks?|days?|annually|immediately|urgently|quickly|within|by (the )?end|(19|20)\d\d)\b/i

export function answerType(question: string): AnswerType {
  const q = question.toLowerCase()
  if (/\bhow (quickly|soon|long|fast)\b|^\s*when\b|\bby when\b|\bwhat (date|year|month|time ?scale|deadline)\b/.test(q)) return 'time'
  if (/\bhow (many|much|big|large|high|low|often)\b|\bwhat (number|percentage|proportion|amount|size)\b/.test(q)) return 'quantity'
  return null
}

export function sentenceCues(sentence: string): SentenceCues {
  const w = words(sentence)
  const counted = new Set<string>()
  let number = false
  w.forEach((x, i) => {
    if (!NUMBER_WORD.test(x)) return
    number = true
    for (const t of [...terms(w[i + 1] ?? ''), ...terms(w[i + 2] ?? '')]) counted.add(t)
  })
  return { number, time: TIME_WORDS.test(sentence), counted: [...counted] }
}

/**
 * 1 when the sentence has the answer's form tied to the question ("58 recommendations" for
 * "how many recommendations"), 0.5 for the form alone, else 0.
 */
export function answerTypeMatch(cues: SentenceCues, type: AnswerType, queryForms: ReadonlySet<string>): number {
  if (type === 'time') return cues.time ? 1 : 0
  if (type !== 'quantity' || !cues.number) return 0
  return cues.counted.some((t) => queryForms.has(t)) ? 1 : 0.5
}
