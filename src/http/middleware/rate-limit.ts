import type { Context, MiddlewareHandler } from 'hono'
import { rateLimiter } from 'hono-rate-limiter'
import type { AppConfig } from '../../config.js'
import type { AppEnv } from '../env.js'
import { isKeyClient } from './client.js'

/** Cloudflare's rate-limiting binding (wrangler.toml `[[ratelimits]]`); its window is fixed there. */
export interface RateLimitBinding {
  limit(options: { key: string }): Promise<{ success: boolean }>
}

const WINDOW_MS = 60_000

/** `suggestKey`: API keys are configured and the caller sent none, so a key would give it a limit of its own. */
export const tooManyRequests = (perMinute: number, retryAfter: number, suggestKey: boolean) =>
  `Too many requests: each client may make ${perMinute} API requests a minute. Wait ${retryAfter} seconds and try again${suggestKey ? '; callers sharing an address share the limit, and an API key (ask the administrator) gives yours its own' : ''}.`

// The key hint is for callers counted by their address: one that sent a key has its own limit.
const tooMany = (c: Context<AppEnv>, config: Pick<AppConfig, 'rateLimitPerMinute' | 'apiKeys'>, retryAfter: number) =>
  c.json({ error: tooManyRequests(config.rateLimitPerMinute, retryAfter, config.apiKeys.length > 0 && !isKeyClient(c.get('client'))) }, 429, {
    'Retry-After': String(retryAfter),
  })

/**
 * Per-client limits on the API (the client as `identifyClient` named it). On Node, a fixed
 * one-minute window in memory (hono-rate-limiter's MemoryStore). On Workers, the
 * rate-limiting binding when one is configured, since isolates do not share memory.
 */
export function rateLimit(config: Pick<AppConfig, 'rateLimitPerMinute' | 'apiKeys'>, binding?: RateLimitBinding): MiddlewareHandler<AppEnv> {
  const perMinute = config.rateLimitPerMinute
  if (perMinute <= 0) return (_c, next) => next()
  const common = {
    keyGenerator: (c: Context<AppEnv>) => c.get('client'),
    // Preflights carry no credentials and do no work.
    skip: (c: Context<AppEnv>) => c.req.method === 'OPTIONS',
  }
  if (binding) {
    return rateLimiter<AppEnv>({ ...common, binding, handler: (c) => tooMany(c, config, WINDOW_MS / 1000) }) as MiddlewareHandler<AppEnv>
  }
  return rateLimiter<AppEnv>({
    ...common,
    windowMs: WINDOW_MS,
    limit: perMinute,
    standardHeaders: 'draft-6',
    handler: (c) => {
      const reset = c.get('rateLimit')?.resetTime
      const seconds = reset ? Math.max(1, Math.ceil((reset.getTime() - Date.now()) / 1000)) : WINDOW_MS / 1000
      return tooMany(c, config, seconds)
    },
  }) as MiddlewareHandler<AppEnv>
}
