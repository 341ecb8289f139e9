// What a sentence offers as an answer (a number, a time, a name), read once per index from its text.
import { terms, words } from './terms.js'

/** What a sentence offers as an answer, computed once per index. */
export interface SentenceCues {
  number: boolean
  /** 1 for a date or a duration ("July 2009", "within six months"), 0.5 for "immediately" and the like. */
  time: number
  /** Stemmed terms right after a number: "58 recommendations" → recommend; a sum of money counts MONEY. */
  counted: string[]
  /** A sub-point of the list item before it ("• - To be established July 2009"). */
  subItem: boolean
  /** A capitalised name after the first word: a person, body or place can be read from it. */
  named: boolean
}

const NUMBER_WORD = /^(\d[\d,.]*m?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|half)$/
const MONTHS = 'january|february|march|april|may|june|july|august|september|october|november|december'
const DATE_OR_DURATION = new RegExp(`\\b(${MONTHS}|months?|years?|weeks?|days?|within|by (the )?end|(19|20)\\d\\d)\\b`, 'i')
/** A month or a day of the week: capitalised, but a time, not a person, body or place ("approved by the Director in March"). */
export const isCalendarName = (word: string): boolean => CALENDAR_NAME.test(word)
const CALENDAR_NAME = new RegExp(`^(${MONTHS}|monday|tuesday|wednesday|thursday|friday|saturday|sunday)$`, 'i')
const TIME_ADVERB = /\b(annually|immediately|urgently|quickly|soon|now)\b/i

/** What a sum of money ("£19.15", "58m", "£3 million") counts, for a question asking a price, a fee or a budget. */
export const MONEY = '£'
const SUM_OF_MONEY = /[£$€]\s?\d|\b\d[\d,.]*\s?(?:m|bn|million|billion)\b|\b\d[\d,.]*\s?(?:pounds|pence)\b/i

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
  if (SUM_OF_MONEY.test(sentence)) counted.add(MONEY)
  const time = DATE_OR_DURATION.test(sentence) ? 1 : TIME_ADVERB.test(sentence) ? 0.5 : 0
  // A capitalised word after the first, not a month or a weekday.
  const named = [...sentence.matchAll(/\S\s+([A-Z][a-z]+|[A-Z]{2,})\b/g)].some((m) => !isCalendarName(m[1]))
  return { number, time, counted: [...counted], subItem: /[-–]\s*$/.test(linePrefix), named }
}
