// Cloudflare Workers entry: the same app as on Node, with the index bundled at build time.
import { Hono, type MiddlewareHandler } from 'hono'
import index from 'laming-index'
import { ask } from '../answer/ask.js'
import { createApp } from '../http/app.js'
import { expandCompactIndex } from '../index/compact-index.js'
import { DEFAULT_CONFIG, parseOrigins } from '../config.js'
import { workersEmbedderFor, type WorkersAi } from '../embedders/workers-ai.js'
import { buildSearchIndex } from '../index/search-index.js'

export interface WorkerBindings {
  ASSETS: { fetch(request: Request): Promise<Response> }
  AI?: WorkersAi
  ALLOWED_ORIGINS?: string
  /** The worker's own origin, e.g. https://laming-qa.example.workers.dev; unset trusts the request URL, which Cloudflare's routing fixes. */
  PUBLIC_ORIGIN?: string
}

const assets: MiddlewareHandler<{ Bindings: WorkerBindings }> = async (c, next) => {
  const res = await c.env.ASSETS.fetch(c.req.raw)
  if (res.status === 404) return next()
  // Asset responses are immutable; copy so the security headers can be added.
  return new Response(res.body, res)
}

// Built in the isolate's global scope, so the work counts against startup time rather than
// the first request's CPU limit. Answering a question there compiles the hot path. It calls
// ask() directly: a request through the app would create Response bodies, which workerd
// forbids in the global scope ("Disallowed operation called within global scope").
const { files, terms } = expandCompactIndex(index)
const search = buildSearchIndex(files, terms)
const warmQuestion = files.corpus.passages[0]?.sentences[0]?.text.slice(0, 200) ?? 'warm up'
// V8 optimises after a few runs; two passes make a fresh isolate's first request cheaper.
for (let pass = 0; pass < 2; pass++) void ask(search, null, warmQuestion, [], DEFAULT_CONFIG.ask)

let app: ReturnType<typeof createApp> | null = null

/** The app needs the bindings, so it is made on the first request, then reused. */
function appFor(env: WorkerBindings) {
  if (app) return app
  const allowed = parseOrigins(env.ALLOWED_ORIGINS)
  const publicOrigin = parseOrigins(env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN')
  for (const line of [...allowed.rejected, ...publicOrigin.rejected]) console.warn(line)
  app = createApp({
    index: search,
    embedder: workersEmbedderFor(env.AI, search),
    config: { ...DEFAULT_CONFIG, allowedOrigins: allowed.origins, publicOrigins: publicOrigin.origins.length ? publicOrigin.origins : 'request-url' },
    assets: assets as MiddlewareHandler,
  })
  return app
}

const worker = new Hono<{ Bindings: WorkerBindings }>()
worker.all('*', (c) => appFor(c.env).fetch(c.req.raw, c.env, c.executionCtx))

export default worker
