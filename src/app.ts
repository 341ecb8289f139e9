import { Hono, type MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { HTTPException } from 'hono/http-exception'
import { secureHeaders } from 'hono/secure-headers'
import type { AppConfig } from './config.js'
import type { Embedder } from './embedder.js'
import { askRoutes } from './routes/ask.js'
import { documentRoutes } from './routes/documents.js'
import { healthRoutes } from './routes/health.js'
import type { SearchIndex } from './search-index.js'

export interface AppDeps {
  index: SearchIndex
  embedder: Embedder | null
  config: AppConfig
  /** Serves web/ (the UI and widget.js); each runtime brings its own. */
  assets?: MiddlewareHandler
}

const API = ['/ask', '/documents', '/health']

/**
 * Cross-origin calls are answered only for allowed origins. CORS headers are still sent to
 * others, so a refused widget can read why and say so.
 */
function originPolicy(allowed: readonly string[]): MiddlewareHandler {
  return async (c, next) => {
    const origin = c.req.header('origin')
    if (origin && origin !== new URL(c.req.url).origin && !allowed.includes(origin)) {
      return c.json({ error: `This assistant does not answer pages from ${origin}. Its administrator can add that origin to ALLOWED_ORIGINS.` }, 403)
    }
    await next()
  }
}

export function createApp(deps: AppDeps) {
  const app = new Hono()
  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
      },
      // widget.js is loaded by other sites' pages.
      crossOriginResourcePolicy: false,
    }),
  )
  for (const path of API.flatMap((p) => [p, `${p}/*`])) {
    app.use(path, cors({ origin: (o) => o, allowMethods: ['GET', 'POST', 'OPTIONS'], allowHeaders: ['Content-Type'], maxAge: 600 }))
    app.use(path, originPolicy(deps.config.allowedOrigins))
  }
  app.route('/ask', askRoutes(deps))
  app.route('/documents', documentRoutes(deps))
  app.route('/health', healthRoutes(deps))
  if (deps.assets) app.use('*', deps.assets)

  app.notFound((c) =>
    c.json({ error: `No route for ${c.req.method} ${new URL(c.req.url).pathname}. The API has POST /ask, GET /ask?q=, GET /documents, GET /documents/:id and GET /health.` }, 404),
  )
  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      const message = /malformed json/i.test(err.message) ? 'The request body is not valid JSON; send {"question": "..."}.' : err.message
      return c.json({ error: message }, err.status)
    }
    console.error(err)
    return c.json({ error: 'Something went wrong while answering; please try again.' }, 500)
  })
  return app
}
