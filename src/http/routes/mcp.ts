import { StreamableHTTPTransport } from '@hono/mcp'
import { Hono } from 'hono'
import type { RouteDeps } from '../app.js'
import type { AppEnv } from '../env.js'
import { mcpServers } from '../mcp-tools.js'
import { bodySizeLimit } from '../middleware/body-limit.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'

/**
 * MCP over Streamable HTTP, stateless: each POST carries its JSON-RPC messages and gets the
 * replies as JSON. No sessions, so it works the same on Node and across Workers isolates.
 * GET (a server-to-client stream) and DELETE (ending a session) have nothing to do here, so they
 * get 405, as the MCP specification allows.
 */
export function mcpRoutes(deps: RouteDeps) {
  const app = new Hono<AppEnv>()
  const mcpServer = mcpServers(deps)
  app.post('/', bodySizeLimit(deps.config), async (c) => {
    const server = mcpServer()
    const transport = new StreamableHTTPTransport({ sessionIdGenerator: undefined, enableJsonResponse: true })
    await server.connect(transport)
    try {
      const res = await transport.handleRequest(c)
      // A POST of notifications alone is accepted with 202 and, as the specification says, no
      // body: @hono/mcp 0.3.2 sends the JSON "null". Through the context, so the headers set
      // before (X-Request-Id, RateLimit-*) stay.
      if (res?.status !== 202) return res
      c.header('Content-Type', undefined)
      return c.body(null, 202)
    } finally {
      await server.close()
    }
  })
  app.all('/', methodNotAllowed(['POST', 'OPTIONS']))
  return app
}
