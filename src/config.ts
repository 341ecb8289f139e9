import type { AskConfig } from './answer/ask.js'
import { DEFAULT_ANSWERABILITY } from './answer/answerability.js'
import { DEFAULT_LANGUAGE } from './retrieval/query.js'
import { DEFAULT_COMPOSE } from './answer/compose-answer.js'
import { DEFAULT_RETRIEVAL } from './retrieval/retrieve.js'

export interface AppConfig {
  ask: AskConfig
  /** Origins whose pages may call the API cross-origin (the widget); empty denies all. */
  allowedOrigins: string[]
  /**
   * Where the page itself is served from: calls from these origins are same-origin. Set from
   * configuration (PUBLIC_ORIGIN, or the address the Node server listens on), never from the
   * request's Host header, which a DNS-rebinding page controls. `'request-url'` trusts the
   * runtime's request URL instead: right on Cloudflare, whose edge routes a worker only its
   * own hostnames.
   */
  publicOrigins: readonly string[] | 'request-url'
  /** Longest question accepted, in characters. */
  maxQuestionChars: number
  /** Earlier turns accepted in `history`. */
  maxHistory: number
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number
}

export const DEFAULT_CONFIG: AppConfig = {
  ask: {
    retrieval: DEFAULT_RETRIEVAL,
    compose: DEFAULT_COMPOSE,
    candidates: 30,
    sentenceRerankWeight: 0.7,
    language: DEFAULT_LANGUAGE,
    answerability: DEFAULT_ANSWERABILITY,
  },
  allowedOrigins: [],
  publicOrigins: [],
  maxQuestionChars: 500,
  maxHistory: 10,
  maxBodyBytes: 16 * 1024,
}

export interface ParsedOrigins {
  origins: string[]
  /** Entries that are not origins, each with why, to print at start-up. */
  rejected: string[]
}

/** "https://a.example, https://b.example" → exact origins; anything else is reported, not silently dropped. */
export function parseOrigins(value: string | undefined, name = 'ALLOWED_ORIGINS'): ParsedOrigins {
  const origins: string[] = []
  const rejected: string[] = []
  for (const raw of (value ?? '').split(/[\s,]+/)) {
    const o = raw.trim().replace(/\/+$/, '')
    if (!o) continue
    if (/^https?:\/\/[^/\s]+$/i.test(o)) origins.push(o.toLowerCase())
    else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(o)) rejected.push(`${name} entry "${o}" has no scheme; write it as https://${o} (or http://${o}).`)
    else rejected.push(`${name} entry "${o}" is not an origin; write scheme://host[:port] with no path, e.g. https://intranet.example.org.`)
  }
  return { origins, rejected }
}

/** The origins a local server answers as itself, for the port it listens on. */
export function listeningOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]
}
