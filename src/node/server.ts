import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { createApp } from '../app.js'
import { loadNodeDeps } from './load-deps.js'
import { DEFAULT_INDEX_DIR } from './read-index.js'

const indexDir = process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR
const port = Number(process.env.PORT || 8787)

try {
  const deps = await loadNodeDeps(indexDir)
  const app = createApp({ ...deps, assets: serveStatic({ root: process.env.LAMING_WEB_DIR || 'web' }) })
  serve({ fetch: app.fetch, port }, (info) => {
    const { documents, passages } = deps.index.manifest.counts
    console.log(`laming-qa: ${documents} documents, ${passages} passages; ${deps.mode}.`)
    console.log(`Allowed widget origins: ${deps.config.allowedOrigins.join(', ') || 'none (set ALLOWED_ORIGINS)'}`)
    console.log(`Open http://localhost:${info.port}/`)
  })
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
