import type { Context, MiddlewareHandler } from 'hono'
import { matchedRoutes } from 'hono/route'
import type { AppEnv, RequestLogger } from '../env.js'
import { sha256Hex } from './client.js'

/** The route that answered (`/documents/:id`), not the middleware that also matched (`*`). */
const route = (c: Context) => matchedRoutes(c).filter((r) => r.method !== 'ALL').at(-1)?.path ?? c.req.path

/**
 * One entry per request, written when the response is ready: method, route (the pattern, not
 * the path, so document ids and queries stay out), status, time, cache hit, and a short hash
 * of the client, salted so it cannot be traced back to an address. The question only with `logQuestions`.
 */
export function requestLog(log: RequestLogger, logQuestions: boolean): MiddlewareHandler<AppEnv> {
  // A secret salt per process: an unsalted hash of an IPv4 address is undone by trying all 2^32.
  const salt = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('')
  return async (c, next) => {
    const t0 = performance.now()
    await next()
    const client = c.get('client')
    log({
      requestId: c.get('requestId'),
      method: c.req.method,
      route: route(c),
      status: c.res.status,
      ms: Math.round((performance.now() - t0) * 100) / 100,
      ...(c.get('answerCache') ? { cache: c.get('answerCache') } : {}),
      client: client ? (await sha256Hex(salt + client)).slice(0, 12) : '-',
      ...(logQuestions && c.get('question') !== undefined ? { question: c.get('question') } : {}),
    })
  }
}
