import type { Context } from 'hono'
import type { RequestIdVariables } from 'hono/request-id'
import type { RateLimitInfo } from 'hono-rate-limiter'

/** What middleware leaves on the context for the routes and the request log. */
export type AppVariables = RequestIdVariables & {
  /** Who the request counts against: `key:<hash>` for a tool with an API key, else `ip:<address>`. */
  client: string
  /** Whether /ask was answered from the answer cache. */
  answerCache?: 'hit' | 'miss'
  /** Set by hono-rate-limiter on Node: the client's count and when its window resets. */
  rateLimit?: RateLimitInfo
  /** The question /ask answered, for the request log when LOG_QUESTIONS=1. */
  question?: string
}

export type AppEnv = { Variables: AppVariables }

/** The network address of the caller, as the runtime knows it (Node's socket, Cloudflare's CF-Connecting-IP). */
export type ClientAddress = (c: Context) => string | undefined

/** One line per request. */
export interface RequestLogEntry {
  requestId: string
  method: string
  route: string
  status: number
  ms: number
  /** `hit` or `miss` on /ask, absent elsewhere. */
  cache?: 'hit' | 'miss'
  /** A short hash of the client id: enough to follow one client, not to recover its address or key. */
  client: string
  /** Only with LOG_QUESTIONS=1. */
  question?: string
}

export type RequestLogger = (entry: RequestLogEntry) => void
