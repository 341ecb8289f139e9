import type { AskConfig } from './answer/ask.js'
import { DEFAULT_ANSWERABILITY } from './answer/answerability.js'
import { MAX_ANALYSED_CHARS } from './language/question.js'
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
  /** Longest question, and longest `history` entry, accepted, in characters: by default all that is analysed (MAX_ANALYSED_CHARS). */
  maxQuestionChars: number
  /** Earlier turns accepted in `history`. */
  maxHistory: number
  /** Largest request body accepted, in bytes. */
  maxBodyBytes: number
  /** API requests a client may make per minute (RATE_LIMIT_PER_MINUTE); 0 turns the limit off. */
  rateLimitPerMinute: number
  /** Keys tools send as `Authorization: Bearer KEY` (API_KEYS); empty leaves the API open. */
  apiKeys: string[]
  /** Proxies in front of the server whose X-Forwarded-For entries are trusted (TRUST_PROXY); 0 trusts none. */
  trustProxy: number
  /** Answers kept in memory for repeated questions; 0 turns the cache off. */
  answerCacheEntries: number
}

export const DEFAULT_CONFIG: AppConfig = {
  ask: {
    retrieval: DEFAULT_RETRIEVAL,
    compose: DEFAULT_COMPOSE,
    candidates: 30,
    sentenceRerankWeight: 0.7,
    namedSourceBoost: 1,
    language: DEFAULT_LANGUAGE,
    answerability: DEFAULT_ANSWERABILITY,
  },
  allowedOrigins: [],
  publicOrigins: [],
  maxQuestionChars: MAX_ANALYSED_CHARS,
  maxHistory: 10,
  maxBodyBytes: 16 * 1024,
  rateLimitPerMinute: 120,
  apiKeys: [],
  trustProxy: 0,
  answerCacheEntries: 1000,
}

/** What an `Authorization: Bearer` header can carry (RFC 6750's token68), as a pattern's source. */
export const BEARER_TOKEN = '[A-Za-z0-9._~+/-]+=*'

/** A setting that must be a whole number, with the fix in the message when it is not. */
export function wholeNumber(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < 0) throw new Error(`${name} must be a whole number of 0 or more, not "${value}".`)
  return n
}

/** The settings every runtime reads from its environment, checked. */
export type ConfigEnv = Partial<Record<'ALLOWED_ORIGINS' | 'RATE_LIMIT_PER_MINUTE' | 'API_KEYS' | 'TRUST_PROXY', string>>

export function configFromEnv(env: ConfigEnv): { config: AppConfig; warnings: string[] } {
  const allowed = parseOrigins(env.ALLOWED_ORIGINS)
  const apiKeys = (env.API_KEYS ?? '').split(',').map((k) => k.trim()).filter(Boolean)
  // "API_KEYS=," meant keys: serving open instead would be the opposite of what was asked.
  if ((env.API_KEYS ?? '').trim() && apiKeys.length === 0) throw new Error('API_KEYS is set but holds no key, only commas: list the keys, comma-separated, or unset it to leave the API open.')
  // What an Authorization: Bearer header can carry (RFC 6750's token68); another key could never be sent.
  const unusable = apiKeys.filter((k) => !new RegExp(`^${BEARER_TOKEN}$`).test(k))
  if (unusable.length) throw new Error(`API_KEYS: ${unusable.length} key(s) hold characters a Bearer header cannot carry; use letters, digits and . _ ~ + / - only.`)
  const short = apiKeys.filter((k) => k.length < 16)
  if (short.length) throw new Error(`API_KEYS: ${short.length} key(s) are shorter than 16 characters, which can be guessed; use long random keys, e.g. from "openssl rand -hex 24".`)
  return {
    config: {
      ...DEFAULT_CONFIG,
      allowedOrigins: allowed.origins,
      rateLimitPerMinute: wholeNumber(env.RATE_LIMIT_PER_MINUTE, 'RATE_LIMIT_PER_MINUTE', DEFAULT_CONFIG.rateLimitPerMinute),
      apiKeys,
      trustProxy: wholeNumber(env.TRUST_PROXY, 'TRUST_PROXY', 0),
    },
    warnings: allowed.rejected,
  }
}

/** One line on the limits in effect, printed at start-up. */
export function describeLimits(config: AppConfig): string {
  const rate = config.rateLimitPerMinute ? `${config.rateLimitPerMinute} API requests per minute per client` : 'no rate limit (RATE_LIMIT_PER_MINUTE=0)'
  const keys = config.apiKeys.length ? `${config.apiKeys.length} API key(s) required of tools` : 'no API keys (set API_KEYS to require them)'
  const proxy = config.trustProxy ? `; clients identified by X-Forwarded-For through ${config.trustProxy} proxy(ies)` : ''
  return `Limits: ${rate}; ${keys}${proxy}.`
}

export interface ParsedOrigins {
  origins: string[]
  /** Entries that are not origins, each with why, to print at start-up. */
  rejected: string[]
}

/**
 * An origin as a browser sends it (a default port dropped, the host in lower case), for a URL that
 * is nothing but one: no user, password or path, which URL would otherwise quietly drop
 * ("https://intranet.example\\evil" reads as a path).
 */
const originOf = (url: string): string | undefined => {
  try {
    const u = new URL(url)
    return u.username || u.password || u.pathname !== '/' || u.search || u.hash ? undefined : u.origin
  } catch {
    return undefined
  }
}

/** "https://a.example, https://b.example" → exact origins; anything else is reported, not silently dropped. */
export function parseOrigins(value: string | undefined, name = 'ALLOWED_ORIGINS'): ParsedOrigins {
  const origins: string[] = []
  const rejected: string[] = []
  for (const raw of (value ?? '').split(/[\s,]+/)) {
    const o = raw.trim().replace(/\/+$/, '')
    if (!o) continue
    const origin = /^https?:\/\/[^/\s*?#]+$/i.test(o) ? originOf(o) : undefined
    if (origin && origin !== 'null') origins.push(origin)
    else if (o.includes('*')) rejected.push(`${name} entry "${o}" is a wildcard, which is not supported; list each origin, e.g. https://intranet.example.org.`)
    else if (o.toLowerCase() === 'null') rejected.push(`${name} entry "null" cannot be allowed: it is the origin of pages opened from a file, which any file shares. Serve the page from a web server and list that origin.`)
    else if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(o)) rejected.push(`${name} entry "${o}" has no scheme; write it as https://${o} (or http://${o}).`)
    else rejected.push(`${name} entry "${o}" is not an origin; write scheme://host[:port] with no path, e.g. https://intranet.example.org.`)
  }
  return { origins, rejected }
}

/** The origins a local server answers as itself, for the port it listens on. */
export function listeningOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]
}
