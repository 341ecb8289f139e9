import type { AskConfig } from './answer/ask.js'
import { DEFAULT_COMPOSE } from './answer/compose-answer.js'
import { DEFAULT_RETRIEVAL } from './retrieval/retrieve.js'

export interface AppConfig {
  ask: AskConfig
  /** Origins whose pages may call the API cross-origin (the widget); empty denies all. */
  allowedOrigins: string[]
  /** Longest question accepted, in characters. */
  maxQuestionChars: number
  /** Earlier turns accepted in `history`. */
  maxHistory: number
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number
}

export const DEFAULT_CONFIG: AppConfig = {
  ask: { retrieval: DEFAULT_RETRIEVAL, compose: DEFAULT_COMPOSE, candidates: 30, sentenceRerankWeight: 0.7, morphology: true },
  allowedOrigins: [],
  maxQuestionChars: 500,
  maxHistory: 10,
  maxBodyBytes: 16 * 1024,
}

/** "https://a.example, https://b.example" → exact origins; anything else is dropped. */
export function parseOrigins(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/+$/, ''))
    .filter((o) => /^https?:\/\/[^/\s]+$/.test(o))
}
