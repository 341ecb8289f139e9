// Which sentences can supply the kind of answer a question asks for.
import { capitalisedPhrases, type AnswerType } from '../language/question.js'
import type { Query } from '../retrieval/query.js'
import { terms, words } from '../retrieval/terms.js'

/** What a sentence offers as an answer, computed once per index. */
export interface SentenceCues {
  number: boolean
  /** 1 for a date or a duration ("July 2009", "within six months"), 0.5 for "immediately" and the like. */
  time: number
  /** Stemmed terms right after a number: "58 recommendations" → recommend. */
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
  // A capitalised word after the first, not a month or a weekday.
  const named = [...sentence.matchAll(/\S\s+([A-Z][a-z]+|[A-Z]{2,})\b/g)].some((m) => !isCalendarName(m[1]))
  return { number, time, counted: [...counted], subItem: /[-–]\s*$/.test(linePrefix), named }
}

/**
 * The terms a number must count to be tied to a quantity question: the forms of what it counts
 * ("how many kids" → kid, child, …). None when it names nothing: "how much did they go up last
 * year?" is not answered by "three years".
 */
export function countedForms(query: Pick<Query, 'concepts' | 'analysis'>): ReadonlySet<string> {
  const counted = query.analysis.counted
  return new Set(counted === null ? [] : query.concepts.filter((c) => c.word === counted).flatMap((c) => c.forms))
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
  return letters.length >= 2 && capitalisedPhrases(text).some((ws) => ws.map((w) => w[0].toLowerCase()).join('').includes(letters))
}

/**
 * How well a sentence offers the kind of answer asked for (answerTypeMatch), an expansion
 * question's from the sentence's text: 1 when it spells out the acronym asked about.
 */
export function answerFormIn(text: string, cues: SentenceCues, type: AnswerType, counted: ReadonlySet<string>, expands: string | null): number {
  if (type === 'expansion') return expands !== null && spellsOut(text, expands) ? 1 : 0
  return answerTypeMatch(cues, type, counted)
}
