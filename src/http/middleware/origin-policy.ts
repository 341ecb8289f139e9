import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import type { AppConfig } from '../../config.js'

/** Longest header value echoed back in a refusal: a forged Origin or Host can be kilobytes. */
const ECHO_MAX = 80

export const echo = (value: string) => (value.length > ECHO_MAX ? `${value.slice(0, ECHO_MAX)}…` : value)

/**
 * The API's cross-origin policy, registered once per API prefix. Requests without an Origin
 * (curl, tools, same-origin GETs; the host check covers rebinding for those) pass. A request
 * passes when it comes from the page's own origin, as configured, or from an allowed origin;
 * any other is refused with a 403 that says why. CORS headers are sent even then, so a refused
 * widget can read the reason and show it; its preflight is answered too, since only the
 * request itself is refused. Mcp-Protocol-Version is what a browser MCP client adds to /mcp calls.
 */
export function originPolicy(config: Pick<AppConfig, 'allowedOrigins' | 'publicOrigins'>): MiddlewareHandler {
  const allowed = new Set(config.allowedOrigins)
  // Retry-After and X-Request-Id are exposed so that the widget can say how long to wait, and which request failed.
  const corsHeaders = cors({ origin: (o) => o, allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type', 'Mcp-Protocol-Version'], exposeHeaders: ['Retry-After', 'X-Request-Id'], maxAge: 600 })
  const isSelf = (origin: string, url: string) =>
    config.publicOrigins === 'request-url' ? origin === new URL(url).origin : config.publicOrigins.includes(origin)
  return async (c, next) => {
    const origin = c.req.header('origin')
    // No Origin, no CORS: only Vary, added to the response's own headers. Hono's cors adds it
    // with c.header() after the route, which on Node rebuilds the finished response around a
    // stream: most of the cost of a cached answer for tools, which send no Origin.
    if (!origin && c.req.method !== 'OPTIONS') {
      await next()
      if (!/\borigin\b/i.test(c.res.headers.get('vary') ?? '')) c.res.headers.append('Vary', 'Origin')
      return
    }
    if (origin && !allowed.has(origin.toLowerCase()) && !isSelf(origin.toLowerCase(), c.req.url)) {
      return corsHeaders(c, async () => {
        // A page opened from a file (or a sandboxed frame) has the origin "null", which no list can allow.
        const error =
          origin === 'null'
            ? 'This assistant does not answer pages opened from a file (their origin is "null"). Serve the page from a web server whose origin is in ALLOWED_ORIGINS.'
            : `This assistant does not answer pages from ${echo(origin)}. Its administrator can add that origin to ALLOWED_ORIGINS.`
        c.res = c.json({ error }, 403)
      }) as Promise<Response | void>
    }
    return corsHeaders(c, next)
  }
}
