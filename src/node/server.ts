import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { serveStatic } from '@hono/node-server/serve-static'
import { createApp } from '../http/app.js'
import { listeningOrigins, parseOrigins } from '../config.js'
import { loadNodeDeps } from './load-deps.js'
import { DEFAULT_INDEX_DIR } from './read-index.js'

/** The built page and widget, found from this file, so the server works from any directory. */
const WEB_ROOT = fileURLToPath(new URL('../../web/public', import.meta.url))

const indexDir = process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR
const port = Number(process.env.PORT || 8787)

try {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535, not "${process.env.PORT}".`)
  const deps = await loadNodeDeps(indexDir)
  const publicOrigin = parseOrigins(process.env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN')
  for (const line of publicOrigin.rejected) console.warn(line)
  // Filled once the port is known (PORT=0 picks a free one); no request arrives before that.
  const publicOrigins: string[] = [...publicOrigin.origins]
  const app = createApp({ ...deps, config: { ...deps.config, publicOrigins }, assets: serveStatic({ root: WEB_ROOT }) })
  const server = serve({ fetch: app.fetch, port }, (info) => {
    if (publicOrigins.length === 0) publicOrigins.push(...listeningOrigins(info.port))
    const { documents, passages } = deps.index.manifest.counts
    console.log(`laming-qa: ${documents} documents, ${passages} passages; ${deps.mode}.`)
    console.log(`Page origin: ${publicOrigins.join(', ')}${publicOrigin.origins.length ? '' : ' (set PUBLIC_ORIGIN when it is served under another name)'}`)
    console.log(`Allowed widget origins: ${deps.config.allowedOrigins.join(', ') || (process.env.ALLOWED_ORIGINS ? 'none: every ALLOWED_ORIGINS entry was ignored (see above)' : 'none (set ALLOWED_ORIGINS)')}`)
    console.log(`Open http://localhost:${info.port}/`)
  })
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `Port ${port} is in use; stop what uses it or set PORT, e.g. PORT=8788 npm start.` : e.message)
    process.exit(1)
  })
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
