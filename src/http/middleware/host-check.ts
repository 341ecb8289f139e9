import type { MiddlewareHandler } from 'hono'
import type { AppConfig } from '../../config.js'
import { echo } from './origin-policy.js'

/**
 * DNS rebinding: a page on evil.example can point its own name at this server and then read it
 * as same-origin, with GETs that carry no Origin header. The Host header names what the browser
 * connected to, so a server that knows its own names (PUBLIC_ORIGIN, or the address it listens
 * on) answers only those. Off when no name is configured (`[]`, in-process use) and on Workers
 * (`'request-url'`), where the edge routes only the worker's own hostnames to it.
 */
export function hostCheck(publicOrigins: AppConfig['publicOrigins']): MiddlewareHandler {
  // The names, parsed once: Node's server fills the list once it knows its port, so it is re-read when its length changes.
  let hosts: string[] = []
  let parsedFrom = 0
  return async (c, next) => {
    if (publicOrigins === 'request-url' || publicOrigins.length === 0) return next()
    if (parsedFrom !== publicOrigins.length) [hosts, parsedFrom] = [publicOrigins.map((o) => new URL(o).host), publicOrigins.length]
    const host = c.req.header('host')?.toLowerCase()
    if (host && !hosts.includes(host)) {
      return c.json(
        { error: `This server answers as ${hosts.join(', ')}, not ${echo(host)}. If that is its public name, its administrator can set PUBLIC_ORIGIN.` },
        403,
      )
    }
    return next()
  }
}
