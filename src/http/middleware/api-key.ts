import type { MiddlewareHandler } from 'hono'
import { bearerAuth } from 'hono/bearer-auth'
import type { AppConfig } from '../../config.js'

const HOW = 'Send "Authorization: Bearer YOUR_KEY"; the administrator sets the keys in API_KEYS.'
export const NO_API_KEY = `This API needs a key. ${HOW}`
export const WRONG_API_KEY = `That API key is not accepted. ${HOW}`
export const MALFORMED_AUTHORIZATION = `The Authorization header is not "Bearer KEY". ${HOW}`

/**
 * With API_KEYS set, tools must present one of them. The product's own page and allowed widget
 * origins need none: a browser request names its origin (which the origin policy, registered
 * before this, has already checked) or says it is same-origin (Sec-Fetch-Site). A non-browser
 * client can forge both headers, which is why rate limits apply to keyless traffic too.
 * Keys are compared by Hono's bearerAuth, in constant time.
 */
export function apiKeys(config: Pick<AppConfig, 'apiKeys'>): MiddlewareHandler {
  if (config.apiKeys.length === 0) return (_c, next) => next()
  const auth = bearerAuth({
    token: config.apiKeys,
    noAuthenticationHeader: { message: { error: NO_API_KEY } },
    invalidAuthenticationHeader: { message: { error: MALFORMED_AUTHORIZATION } },
    invalidToken: { message: { error: WRONG_API_KEY } },
  })
  return async (c, next) => {
    if (c.req.method === 'OPTIONS' || c.req.header('origin') || c.req.header('sec-fetch-site') === 'same-origin') return next()
    return auth(c, next)
  }
}
