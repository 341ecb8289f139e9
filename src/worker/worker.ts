// Cloudflare Workers entry: the same app as on Node, with the index bundled at build time.
import { Hono, type MiddlewareHandler } from 'hono'
import index from 'laming-index'
import { ask } from '../answer/ask.js'
import { createApp } from '../http/app.js'
import type { RateLimitBinding } from '../http/middleware/rate-limit.js'
import { expandCompactIndex } from '../index/compact-index.js'
import { DEFAULT_CONFIG, configFromEnv, parseOrigins } from '../config.js'
import { workersEmbedderFor, type WorkersAi } from '../embedders/workers-ai.js'
import { buildSearchIndex, type SearchIndex } from '../index/search-index.js'
import { searchIndexFromPack } from '../index/d1-format.js'
import { D1IndexStore, type D1Database, type VectorizeIndex } from './d1-store.js'

export interface WorkerBindings {
  ASSETS: { fetch(request: Request): Promise<Response> }
  AI?: WorkersAi
  ALLOWED_ORIGINS?: string
  /** The worker's own origin, e.g. https://laming-qa.example.workers.dev; unset trusts the request URL, which Cloudflare's routing fixes. */
  PUBLIC_ORIGIN?: string
  /** wrangler.toml `[[ratelimits]]`: the per-client limit, shared by every isolate. */
  RATE_LIMITER?: RateLimitBinding
  /** 0 turns the rate limit off; otherwise the figure reported (the binding's own limit applies). */
  RATE_LIMIT_PER_MINUTE?: string
  /** Comma-separated keys tools must send as `Authorization: Bearer KEY`; set it as a secret. */
  API_KEYS?: string
  LOG_QUESTIONS?: string
  /** The index's postings, passages and texts, when it was too large to bundle (npm run build:worker says). */
  INDEX_DB?: D1Database
  /** Passage vectors for hybrid retrieval on the D1 path (with AI); wrangler.toml `[[vectorize]]`. */
  VECTORIZE?: VectorizeIndex
}

const assets: MiddlewareHandler<{ Bindings: WorkerBindings }> = async (c, next) => {
  const res = await c.env.ASSETS.fetch(c.req.raw)
  if (res.status === 404) return next()
  // Asset responses are immutable; copy so the security headers can be added.
  return new Response(res.body, res)
}

// A bundled index is built in the isolate's global scope, so the work counts against startup time
// rather than the first request's CPU limit. Answering a question there compiles the hot path. It
// calls ask() directly: a request through the app would create Response bodies, which workerd
// forbids in the global scope ("Disallowed operation called within global scope"). For an index in
// D1 the pack's part is built here too; the store joins it on the first request, which brings the
// binding.
let search: SearchIndex
if ('store' in index) search = searchIndexFromPack(index, null)
else {
  const { files, terms } = expandCompactIndex(index)
  search = buildSearchIndex(files, terms)
  const warmQuestion = files.corpus.passages[0]?.sentences[0]?.text.slice(0, 200) ?? 'warm up'
  // V8 optimises after a few runs; two passes make a fresh isolate's first request cheaper.
  for (let pass = 0; pass < 2; pass++) void ask(search, null, warmQuestion, [], DEFAULT_CONFIG.ask)
}
let app: ReturnType<typeof createApp> | null = null

/** The app needs the bindings, so it is made on the first request, then reused. */
function appFor(env: WorkerBindings) {
  if (app) return app
  const { config, warnings } = configFromEnv(env)
  const publicOrigin = parseOrigins(env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN')
  for (const line of [...warnings, ...publicOrigin.rejected]) console.warn(line)
  // Each read checks that D1 holds this build's index; a failure is a JSON 503 (app.ts).
  const searching = 'store' in index ? { ...search, store: new D1IndexStore(env.INDEX_DB, index, env.AI ? env.VECTORIZE : undefined) } : search
  app = createApp({
    index: searching,
    embedder: workersEmbedderFor(env.AI, searching),
    config: { ...config, publicOrigins: publicOrigin.origins.length ? publicOrigin.origins : 'request-url' },
    assets: assets as MiddlewareHandler,
    // Cloudflare sets it from the connection; a client cannot.
    clientAddress: (c) => c.req.header('cf-connecting-ip'),
    rateLimitBinding: env.RATE_LIMITER,
    log: (entry) => console.log(JSON.stringify(entry)),
    logQuestions: env.LOG_QUESTIONS === '1',
  })
  return app
}

const worker = new Hono<{ Bindings: WorkerBindings }>()
worker.all('*', (c) => {
  let built: ReturnType<typeof createApp>
  try {
    built = appFor(c.env)
  } catch (e) {
    // A bad setting (wrangler.toml [vars] or the dashboard) is the operator's to fix: say which,
    // in JSON like every other error, rather than fail every request with workerd's own page.
    const problem = e instanceof Error ? e.message : String(e)
    console.error(`Settings rejected: ${problem}`)
    return c.json({ error: `The server's settings are invalid, so it cannot answer: ${problem} Its operator must fix this setting.` }, 500)
  }
  return built.fetch(c.req.raw, c.env, c.executionCtx)
})

export default worker
