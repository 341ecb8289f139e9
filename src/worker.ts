// Cloudflare Workers entry: the same app as on Node, with the index bundled at build time.
import { Hono, type MiddlewareHandler } from 'hono'
import index from 'laming-index'
import { createApp } from './app.js'
import { expandCompactIndex } from './compact-index.js'
import { DEFAULT_CONFIG, parseOrigins } from './config.js'
import { INDEX_MODEL_FOR_WORKERS_AI, workersAiEmbedder, type WorkersAi } from './embedders/workers-ai.js'
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

let app: ReturnType<typeof createApp> | null = null

/** Built on the first request of an isolate, then reused. */
function appFor(env: WorkerBindings) {
  if (app) return app
  const { files, terms } = expandCompactIndex(index)
  const search = buildSearchIndex(files, terms)
  const model = files.manifest.embedding?.model ?? ''
  const embedder = env.AI && search.vectors && INDEX_MODEL_FOR_WORKERS_AI.test(model) ? workersAiEmbedder(env.AI) : null
  app = createApp({
    index: search,
    embedder,
    config: { ...DEFAULT_CONFIG, allowedOrigins: parseOrigins(env.ALLOWED_ORIGINS) },
    assets: assets as MiddlewareHandler,
  })
  return app
}

const worker = new Hono<{ Bindings: WorkerBindings }>()
worker.all('*', (c) => appFor(c.env).fetch(c.req.raw, c.env, c.executionCtx))

export default worker
