import { Hono, type MiddlewareHandler } from 'hono'
import { secureHeaders } from 'hono/secure-headers'

type SecureHeadersOptions = NonNullable<Parameters<typeof secureHeaders>[0]>

/**
 * Hono's secureHeaders, with its headers worked out once and set before the route runs, so the
 * response is made with them. Hono's own sets them on the finished response; on Node that turns
 * the adapter's fast write into a slow one, which cost a cached answer about half its throughput
 * (measured with bench:load). The values are Hono's: read at start from one response of a
 * throwaway app that runs secureHeaders with the same options.
 */
export function securityHeaders(options: SecureHeadersOptions): MiddlewareHandler {
  const probe = new Hono().use(secureHeaders(options)).get('/', (c) => c.body(null))
  const computed = Promise.resolve(probe.request('/')).then((res) => [...res.headers])
  let headers: [string, string][] | undefined
  return async (c, next) => {
    headers ??= await computed
    for (const [name, value] of headers) c.header(name, value)
    await next()
    // A response made outside the context (a thrown HTTPException's own) lacks them; as Hono's
    // secureHeaders would, the security headers then overwrite its own.
    if (!c.res.headers.has(headers[0][0])) for (const [name, value] of headers) c.res.headers.set(name, value)
  }
}
