import { Hono, type MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { requestId } from 'hono/request-id'
import { secureHeaders } from 'hono/secure-headers'
import { AnswerCache } from '../answer/answer-cache.js'
import type { AppConfig } from '../config.js'
import type { Embedder } from '../embedder.js'
import type { AppEnv, ClientAddress, RequestLogger } from './env.js'
import { apiKeys } from './middleware/api-key.js'
import { identifyClient } from './middleware/client.js'
import { hostCheck } from './middleware/host-check.js'
import { originPolicy } from './middleware/origin-policy.js'
import { rateLimit, type RateLimitBinding } from './middleware/rate-limit.js'
import { requestLog } from './middleware/request-log.js'
import { askRoutes } from './routes/ask.js'
import { documentRoutes } from './routes/documents.js'
import { healthRoutes } from './routes/health.js'
import type { SearchIndex } from '../index/search-index.js'

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
}

/** API prefixes. Hono's `/ask/*` also matches `/ask`, so each is registered once. */
const API = ['/ask', '/documents', '/health']
/** The API prefixes that do work for a client: API keys and rate limits apply to these. */
const METERED = ['/ask', '/documents']

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
  const app = new Hono<AppEnv>()
  const cache = new AnswerCache(deps.config.answerCacheEntries, deps.index.manifest.createdAt)
  app.use('*', requestId())
  if (deps.log) app.use('*', requestLog(deps.log, deps.logQuestions ?? false))
  app.use('*', (c, next) => (c.req.path === '/widget.js' ? crossOriginHeaders : sameOriginHeaders)(c, next))
  app.use('*', hostCheck(deps.config.publicOrigins))
  app.use('*', identifyClient(deps.config, deps.clientAddress))
  for (const prefix of API) app.use(`${prefix}/*`, originPolicy(deps.config))
  // After the origin policy, so a request that names an origin has had it checked.
  const keys = apiKeys(deps.config)
  const limit = rateLimit(deps.config, deps.rateLimitBinding)
  for (const prefix of METERED) app.use(`${prefix}/*`, keys, limit)
  app.route('/ask', askRoutes(deps, cache))
  app.route('/documents', documentRoutes(deps))
  app.route('/health', healthRoutes(deps, cache))
  // Browsers ask for /favicon.ico whatever the page links; point them at the one icon.
  app.get('/favicon.ico', (c) => c.redirect('/favicon.svg', 301))
  if (deps.assets) app.use('*', deps.assets)

  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${c.req.path}. The API has POST /ask, GET /ask?q=, GET /documents, GET /documents/:id and GET /health.` }, 404),
  )
  app.onError((err, c) => {
    // Middleware such as bearerAuth throws with its own finished response (status, WWW-Authenticate, JSON).
    if (err instanceof HTTPException && err.res) return err.getResponse()
    if (err instanceof HTTPException) {
      const message = /malformed json/i.test(err.message) ? 'The request body is not valid JSON; send {"question": "..."}.' : err.message
      return c.json({ error: message }, err.status)
    }
    const id = c.get('requestId')
    console.error(`request ${id}:`, err)
    return c.json({ error: `Something went wrong while answering; please try again. If it keeps happening, report request id ${id}.`, requestId: id }, 500)
  })
  return app
}
