// Cloudflare Workers entry: the same app as on Node, with the index bundled at build time.
import { Hono, type MiddlewareHandler } from 'hono'
import index from 'laming-index'
import { createApp } from './app.js'
import { expandCompactIndex } from './compact-index.js'
import { DEFAULT_CONFIG, parseOrigins } from './config.js'
import { workersEmbedderFor, type WorkersAi } from './embedders/workers-ai.js'
import { buildSearchIndex } from './search-index.js'

export interface WorkerBindings {
  ASSETS: { fetch(request: Request): Promise<Response> }
  AI?: WorkersAi
  ALLOWED_ORIGINS?: string
}

const assets: MiddlewareHandler<{ Bindings: WorkerBindings }> = async (c, next) => {
  const res = await c.env.ASSETS.fetch(c.req.raw)
  if (res.status === 404) return next()
  // Asset responses are immutable; copy so the security headers can be added.
  return new Response(res.body, res)
}

// Built in the isolate's global scope, so the work counts against startup time rather than
// the first request's CPU limit. One request through a same-shaped app compiles the hot
// paths (routing, validation, answering); it reads no body and does no I/O, so it completes
// during startup.
const { files, terms } = expandCompactIndex(index)
const search = buildSearchIndex(files, terms)
const warmQuestion = files.corpus.passages[0]?.sentences[0]?.text.slice(0, 200) ?? 'warm up'
// V8 optimises after a few runs; two passes take a fresh app's first request from ~9 to ~3 ms.
for (let pass = 0; pass < 2; pass++) {
  void createApp({ index: search, embedder: null, config: DEFAULT_CONFIG }).request(`/ask?q=${encodeURIComponent(warmQuestion)}`)
}

let app: ReturnType<typeof createApp> | null = null

/** The app needs the bindings, so it is made on the first request, then reused. */
function appFor(env: WorkerBindings) {
  if (app) return app
  app = createApp({
    index: search,
    embedder: workersEmbedderFor(env.AI, search),
    config: { ...DEFAULT_CONFIG, allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS) },
    assets: assets as MiddlewareHandler,
  })
  return app
}

const worker = new Hono<{ Bindings: WorkerBindings }>()
worker.all('*', (c) => appFor(c.env).fetch(c.req.raw, c.env, c.executionCtx))

export default worker
