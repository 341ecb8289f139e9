import type { Handler } from 'hono'

/** A route that exists but not for this method: 405 with the methods it has, not a 404. */
export function methodNotAllowed(allow: readonly string[]): Handler {
  const list = allow.join(', ')
  return (c) => {
    c.header('Allow', list)
    return c.json({ error: `${c.req.method} is not allowed on ${new URL(c.req.url).pathname}; use ${list}.` }, 405)
  }
}
