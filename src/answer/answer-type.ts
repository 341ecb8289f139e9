// What kind of answer a question asks for, and how well a sentence supplies it.
import { terms, words } from '../retrieval/terms.js'

export type AnswerType = 'quantity' | 'time' | null

const NUMBER_WORD = /^(\d[\d,.]*m?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|half|all)$/
const TIME_WORDS = /\b(january|february|march|april|may|june|july|august|september|october|november|december|months?|years?|weeks?|days?|annually|immediately|urgently|quickly|within|by (the )?end|(19|20)\d\d)\b/i

export function answerType(question: string): AnswerType {
  const q = question.toLowerCase()
  if (/\bhow (quickly|soon|long|fast)\b|^\s*when\b|\bby when\b|\bwhat (date|year|month|time ?scale|deadline)\b/.test(q)) return 'time'
  if (/\bhow (many|much|big|large|high|low|often)\b|\bwhat (number|percentage|proportion|amount|size)\b/.test(q)) return 'quantity'
  return null
}

/**
 * 1 when the sentence has the answer's form tied to the question ("58 recommendations" for
 * "how many recommendations"), 0.5 for the form alone, else 0.
 */
export function answerTypeMatch(sentence: string, type: AnswerType, queryForms: ReadonlySet<string>): number {
  if (type === 'time') return TIME_WORDS.test(sentence) ? 1 : 0
  if (type !== 'quantity') return 0
  const w = words(sentence)
  let found = 0
  w.forEach((x, i) => {
    if (!NUMBER_WORD.test(x)) return
    found = Math.max(found, 0.5)
    const next = [...terms(w[i + 1] ?? ''), ...terms(w[i + 2] ?? '')]
    if (next.some((t) => queryForms.has(t))) found = 1
  })
  return found
}
