import { OpenAPIHono } from '@hono/zod-openapi'
import type { Hono, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { AnswerCache } from '../answer/answer-cache.js'
import { ask } from '../answer/ask.js'
import type { AppConfig } from '../config.js'
import type { Embedder } from '../embedder.js'
import type { AppEnv, ClientAddress, RequestLogger } from './env.js'
import { apiKeys } from './middleware/api-key.js'
import { identifyClient } from './middleware/client.js'
import { hostCheck } from './middleware/host-check.js'
import { originPolicy } from './middleware/origin-policy.js'
import { rateLimit, type RateLimitBinding } from './middleware/rate-limit.js'
import { requestLog } from './middleware/request-log.js'
import { API_KEY_SCHEME, apiKeySecurityScheme, MALFORMED_JSON, OPENAPI_INFO, OPENAPI_PATH, serverError } from './openapi.js'
import { askRoutes } from './routes/ask.js'
import { docsPage } from './routes/docs.js'
import { documentRoutes } from './routes/documents.js'
import { healthRoutes } from './routes/health.js'
import { mcpRoutes } from './routes/mcp.js'
import type { SearchIndex } from '../index/search-index.js'
import { IndexUnavailableError } from '../index/index-store.js'

export interface AppDeps {
  index: SearchIndex
  embedder: Embedder | null
  config: AppConfig
  /** Serves web/public (the UI and widget.js); each runtime brings its own. */
  assets?: MiddlewareHandler
  /** The caller's network address, for rate limits; each runtime knows it its own way. */
  clientAddress?: ClientAddress
  /** Cloudflare's rate-limiting binding; without it, limits are counted in memory. */
  rateLimitBinding?: RateLimitBinding
  /** Where the one line per request goes; none, no request log. */
  log?: RequestLogger
  /** Put the question in the request log (LOG_QUESTIONS=1). */
  logQuestions?: boolean
  /** When the index was made that the index folder holds now, for /health to say a newer one awaits a restart; a runtime with no folder has none. */
  indexOnDisk?: () => string | null
}

/** What the routes are built from: the app's dependencies and what the app shares between routes. */
export interface RouteDeps extends AppDeps {
  /** Answers, kept for questions asked again: /ask and the MCP ask tool alike answer through it. */
  cache: AnswerCache
}

/**
 * The API, by prefix. Every prefix gets the same middleware (`guardApi`), and every metered one
 * the same metering, so /mcp answers to exactly the rules /ask does: the origin policy, then API
 * keys and rate limits. Hono's `/ask/*` also matches `/ask`, so each is registered once.
 */
const API: Record<string, { routes: (deps: RouteDeps) => Hono<AppEnv>; metered: boolean }> = {
  '/ask': { routes: askRoutes, metered: true },
  '/mcp': { routes: mcpRoutes, metered: true },
  '/documents': { routes: documentRoutes, metered: true },
  '/health': { routes: healthRoutes, metered: false },
}

/**
 * What an API prefix runs before its routes: API-wide middleware, then, if metered, the rate
 * limit and API keys, after the origin policy, so a request that names an origin has had it checked.
 */
function guardApi(deps: AppDeps): (metered: boolean) => MiddlewareHandler<AppEnv>[] {
  const all: MiddlewareHandler<AppEnv>[] = [originPolicy(deps.config)]
  // The limit first, so wrong keys count against the caller's address and cannot be guessed at will.
  const metering: MiddlewareHandler<AppEnv>[] = [rateLimit(deps.config, deps.rateLimitBinding), apiKeys(deps.config)]
  return (metered) => (metered ? [...all, ...metering] : all)
}

/** Content-Security-Policy of every response; the page needs nothing from elsewhere. */
const CSP = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'none'"],
  frameAncestors: ["'none'"],
  formAction: ["'self'"],
}

// Pages may not be framed (frame-ancestors 'none' and X-Frame-Options DENY agree) and ask for
// no device features. Only widget.js, which other sites' pages load, is readable cross-origin.
const headers = (crossOriginResourcePolicy: string) =>
  secureHeaders({
    contentSecurityPolicy: CSP,
    xFrameOptions: 'DENY',
    crossOriginResourcePolicy,
    permissionsPolicy: { camera: [], microphone: [], geolocation: [], payment: [], usb: [] },
  })
const sameOriginHeaders = headers('same-origin')
const crossOriginHeaders = headers('cross-origin')

export function createApp(deps: AppDeps) {
  const app = new OpenAPIHono<AppEnv>()
  const answer = (question: string, history: readonly string[]) => ask(deps.index, deps.embedder, question, history, deps.config.ask)
  const routeDeps: RouteDeps = { ...deps, cache: new AnswerCache(deps.config.answerCacheEntries, deps.index.manifest.createdAt, answer) }
  // Ids are the server's own: one a client sent could be forged or repeated.
  app.use('*', requestId({ headerName: '' }), async (c, next) => {
    c.header('X-Request-Id', c.get('requestId'))
    await next()
  })
  if (deps.log) app.use('*', requestLog(deps.log, deps.logQuestions ?? false))
  app.use('*', (c, next) => (c.req.path === '/widget.js' ? crossOriginHeaders : sameOriginHeaders)(c, next))
  app.use('*', hostCheck(deps.config.publicOrigins))
  app.use('*', identifyClient(deps.config, deps.clientAddress))
  const guards = guardApi(deps)
  for (const [prefix, { routes, metered }] of Object.entries(API)) {
    app.use(`${prefix}/*`, ...guards(metered))
    app.route(prefix, routes(routeDeps))
  }
  // The contract, generated from the routes' schemas, and a page to read and try it.
  if (deps.config.apiKeys.length) app.openAPIRegistry.registerComponent('securitySchemes', API_KEY_SCHEME, apiKeySecurityScheme)
  app.doc31(OPENAPI_PATH, OPENAPI_INFO)
  app.get('/docs', docsPage())
  // Browsers ask for /favicon.ico whatever the page links; point them at the one icon.
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301))
  if (deps.assets) app.use('*', deps.assets)

  app.notFound((c) =>
    c.json(
      { error: `No route for ${c.req.method} ${c.req.path}. The API has POST /ask, GET /ask?q=, GET /documents, GET /documents/:id, GET /health and MCP at POST /mcp; /docs describes them.` },
      404,
    ),
  )
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      // A response made by the thrower (bearerAuth's 401, the MCP transport's JSON-RPC errors) stands as it is.
      if (err.res) return err.getResponse()
      const message = /malformed json/i.test(err.message) ? MALFORMED_JSON : err.message
      return c.json({ error: message }, err.status)
    }
    if (err instanceof IndexUnavailableError) {
      console.error(err.message)
      return c.json({ error: `The index cannot be read, so the server cannot answer: ${err.message}` }, 503)
    }
    const id = c.get('requestId')
    console.error(`request ${id}:`, err)
    return c.json({ error: serverError(id), requestId: id }, 500)
  })
  return app
}
