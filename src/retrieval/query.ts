import { terms, words } from './terms.js'

/** One thing the question asks about: a stemmed term and the other forms that count as it. */
export interface Concept {
  forms: string[]
  weight: number
}

export interface Query {
  /** Stemmed term → weight, for ranking; terms carried over from earlier turns weigh less. */
  terms: Map<string, number>
  /** What an answer should cover, for sentence scoring and confidence. */
  concepts: Concept[]
  /** Text to embed for dense search. */
  text: string
  /** Whether earlier questions were used to understand this one. */
  followUp: boolean
}

const FOLLOW_UP = /^(and|but|also|or|then|what about|how about|and what|what of)\b/i
const PRONOUN = /\b(it|its|they|them|their|this|that|these|those|he|she|him|her)\b/i
const HISTORY_WEIGHT = 0.5

/** "How big", "how quickly": the word after "how" frames the question, it is not its topic. */
function framing(question: string): Set<string> {
  const w = words(question)
  return new Set(w.flatMap((x, i) => (x === 'how' && w[i + 1] && !['many', 'much'].includes(w[i + 1]) ? terms(w[i + 1]) : [])))
}

/**
 * "Local Safeguarding Children Board" in a question also matches "LSCB" where the corpus uses
 * it: each run of two or more capitalised words gives its initials as a term.
 */
export function acronyms(question: string): { acronym: string; words: string[] }[] {
  const out: { acronym: string; words: string[] }[] = []
  for (const m of question.matchAll(/\b[A-Z][a-z]+(?:\s+(?:(?:of|and|for|the|on)\s+)?[A-Z][a-z]+)+/g)) {
    const words = m[0].split(/\s+/).filter((w) => /^[A-Z]/.test(w))
    out.push({ acronym: words.map((w) => w[0].toLowerCase()).join(''), words: words.flatMap((w) => terms(w)) })
  }
  return out
}

export function buildQuery(question: string, history: readonly string[] = []): Query {
  const frame = framing(question)
  const own = terms(question).filter((t) => !frame.has(t))
  const weights = new Map<string, number>()
  for (const t of own) weights.set(t, 1)
  const previous = history[history.length - 1]
  const followUp = previous !== undefined && (FOLLOW_UP.test(question.trim()) || own.length <= 2 || (PRONOUN.test(question) && own.length <= 4))
  if (followUp) {
    for (const earlier of history.slice(-2)) for (const t of terms(earlier)) if (!weights.has(t)) weights.set(t, HISTORY_WEIGHT)
  }
  const concepts = [...weights].map(([t, weight]) => ({ forms: [t], weight }))
  return { terms: weights, concepts, text: followUp ? `${history.slice(-2).join(' ')} ${question}` : question, followUp }
}
