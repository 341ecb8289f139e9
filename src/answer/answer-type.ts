// What kind of answer a question asks for, and which sentences can supply it.
import { terms, words } from '../retrieval/terms.js'

export type AnswerType = 'quantity' | 'time' | null

/** What a sentence offers as an answer, computed once per index. */
export interface SentenceCues {
  number: boolean
  /** 1 for a date or a duration ("July 2009", "within six months"), 0.5 for "immediately" and the like. */
  time: number
  /** Stemmed terms right after a number: "58 recommendations" → recommend. */
  counted: string[]
  /** A sub-point of the list item before it ("• - To be established July 2009"). */
  subItem: boolean
}

const NUMBER_WORD = /^(\d[\d,.]*m?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|half|all)$/
const DATE_OR_DURATION = /\b(january|february|march|april|may|june|july|august|september|october|november|december|months?|years?|weeks?|days?|within|by (the )?end|(19|20)\d\d)\b/i
const TIME_ADVERB = /\b(annually|immediately|urgently|quickly|soon|now)\b/i

export function answerType(question: string): AnswerType {
  const q = question.toLowerCase()
  if (/\bhow (quickly|soon|long|fast)\b|^\s*when\b|\bby when\b|\bwhat (date|year|month|time ?scale|deadline)\b/.test(q)) return 'time'
  if (/\bhow (many|much|big|large|high|low|often)\b|\bwhat (number|percentage|proportion|amount|size)\b/.test(q)) return 'quantity'
  return null
}

/** `linePrefix` is what precedes the sentence on its line: list markers, for sub-items. */
export function sentenceCues(sentence: string, linePrefix = ''): SentenceCues {
  const w = words(sentence)
  const counted = new Set<string>()
  let number = false
  w.forEach((x, i) => {
    if (!NUMBER_WORD.test(x)) return
    number = true
    for (const t of [...terms(w[i + 1] ?? ''), ...terms(w[i + 2] ?? '')]) counted.add(t)
  })
  const time = DATE_OR_DURATION.test(sentence) ? 1 : TIME_ADVERB.test(sentence) ? 0.5 : 0
  return { number, time, counted: [...counted], subItem: /[-–]\s*$/.test(linePrefix) }
}

/**
 * 1 when the sentence has the answer's form tied to the question ("58 recommendations" for
 * "how many recommendations"), 0.5 for the form alone, else 0.
 */
export function answerTypeMatch(cues: SentenceCues, type: AnswerType, queryForms: ReadonlySet<string>): number {
  if (type === 'time') return cues.time
  if (type !== 'quantity' || !cues.number) return 0
  return cues.counted.some((t) => queryForms.has(t)) ? 1 : 0.5
}
