import { fileURLToPath } from 'node:url'
import type { Server } from 'node:http'
import type { Socket } from 'node:net'
import { serve } from '@hono/node-server'
import { getConnInfo } from '@hono/node-server/conninfo'
import { serveStatic } from '@hono/node-server/serve-static'
import pino from 'pino'
import { createApp } from '../http/app.js'
import { countNoun } from '../language/count-noun.js'
import { clientNetwork } from '../http/middleware/client.js'
import { describeLimits, listeningOrigins, parseOrigins } from '../config.js'
import { loadNodeDeps } from './load-deps.js'
import { whenParentsExit } from './parent-watch.js'
import { DEFAULT_INDEX_DIR, readManifest } from './read-index.js'

/** The built page and widget, found from this file, so the server works from any directory. */
const WEB_ROOT = fileURLToPath(new URL('../../web/public', import.meta.url))

/** A request, body included, must arrive within this; a slow trickle is cut off. */
const REQUEST_TIMEOUT_MS = 30_000
const HEADERS_TIMEOUT_MS = 10_000
const KEEP_ALIVE_TIMEOUT_MS = 5_000
/** Open connections in all, and from one address (an IPv6 one by its /64). */
const MAX_CONNECTIONS = 1024
const MAX_CONNECTIONS_PER_CLIENT = 64
/** On SIGTERM, in-flight requests get this long to finish. */
const DRAIN_MS = 10_000

const indexDir = process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR
const port = Number(process.env.PORT || 8787)

/** Node's own timeouts, checked every second rather than Node's default 30 s, so a slow body is cut off within the limit. */
const SERVER_OPTIONS = {
  requestTimeout: REQUEST_TIMEOUT_MS,
  headersTimeout: HEADERS_TIMEOUT_MS,
  keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  connectionsCheckingInterval: 1_000,
}

/** A connection cap, and a per-address cap that closes the rest (not behind a proxy, where every client has the proxy's address). */
function guard(server: Server, behindProxy: boolean) {
  server.maxConnections = MAX_CONNECTIONS
  if (behindProxy) return
  const perClient = new Map<string, number>()
  server.on('connection', (socket: Socket) => {
    // An IPv6 client by its /64, as the rate limit counts it.
    const who = clientNetwork(socket.remoteAddress ?? '?')
    const n = (perClient.get(who) ?? 0) + 1
    perClient.set(who, n)
    socket.once('close', () => {
      const left = (perClient.get(who) ?? 1) - 1
      if (left) perClient.set(who, left)
      else perClient.delete(who)
    })
    if (n > MAX_CONNECTIONS_PER_CLIENT) socket.destroy()
  })
}

/**
 * Stop taking connections, let in-flight requests finish, then exit. A repeated signal changes
 * nothing; requests still open after DRAIN_MS are cut off. Returns the stop, for other reasons.
 */
function drainOn(server: Server, signals: NodeJS.Signals[]): (reason: string) => void {
  let stopping = false
  const stop = (reason: string) => {
    if (stopping) return
    stopping = true
    console.log(`${reason}: finishing requests in flight, then stopping.`)
    server.close(() => process.exit(0))
    // Keep-alive connections go as soon as their last request is answered.
    setInterval(() => server.closeIdleConnections(), 200).unref()
    setTimeout(() => {
      console.error(`Requests still open after ${DRAIN_MS / 1000} s; stopping anyway.`)
      process.exit(1)
    }, DRAIN_MS).unref()
  }
  for (const signal of signals) process.on(signal, stop)
  return stop
}

/** When the index now in `indexDir` was made, read at most once a second however often /health is asked. */
function indexOnDisk(indexDir: string): () => string | null {
  let at = 0
  let seen: string | null = null
  return () => {
    if (Date.now() - at < 1000) return seen
    at = Date.now()
    try {
      seen = readManifest(indexDir)?.createdAt ?? null
    } catch {
      // Half-written by an ingest in progress: nothing newer to report yet.
    }
    return seen
  }
}

// Under `npm start`, a process manager that ends npm's PID alone would leave this server
// serving, its port taken: it stops when npm does. Watched from the start; until the server
// listens, there is nothing to drain.
let stopServer: ((reason: string) => void) | null = null
whenParentsExit(() => (stopServer ? stopServer('npm start was stopped') : process.exit(0)))

try {
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number from 0 to 65535, not "${process.env.PORT}".`)
  const deps = await loadNodeDeps(indexDir)
  const publicOrigin = parseOrigins(process.env.PUBLIC_ORIGIN, 'PUBLIC_ORIGIN')
  for (const line of publicOrigin.rejected) console.warn(line)
  // Filled once the port is known (PORT=0 picks a free one); no request arrives before that.
  const publicOrigins: string[] = [...publicOrigin.origins]
  // Asynchronous writes: a synchronous write per request cost more than answering from the cache. pino flushes on exit.
  const logger = pino({ base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, pino.destination({ sync: false }))
  const app = createApp({
    ...deps,
    config: { ...deps.config, publicOrigins },
    assets: serveStatic({ root: WEB_ROOT }),
    clientAddress: (c) => getConnInfo(c).remote.address,
    log: (entry) => logger.info(entry),
    logQuestions: process.env.LOG_QUESTIONS === '1',
    indexOnDisk: indexOnDisk(indexDir),
  })
  const server = serve({ fetch: app.fetch, port, serverOptions: SERVER_OPTIONS }, (info) => {
    if (publicOrigins.length === 0) publicOrigins.push(...listeningOrigins(info.port))
    const { documents, passages } = deps.index.manifest.counts
    console.log(`laming-qa: ${countNoun(documents, 'document')}, ${countNoun(passages, 'passage')}; ${deps.mode}.`)
    console.log(`Page origin: ${publicOrigins.join(', ')}${publicOrigin.origins.length ? '' : ' (set PUBLIC_ORIGIN when it is served under another name)'}`)
    console.log(`Allowed widget origins: ${deps.config.allowedOrigins.join(', ') || (process.env.ALLOWED_ORIGINS ? 'none: every ALLOWED_ORIGINS entry was ignored (see above)' : 'none (set ALLOWED_ORIGINS)')}`)
    console.log(describeLimits(deps.config))
    // Under the name people use: a server with PUBLIC_ORIGIN answers no other (403).
    console.log(`Open ${publicOrigin.origins.length ? publicOrigins[0] : `http://localhost:${info.port}`}/`)
  }) as Server
  guard(server, deps.config.trustProxy > 0)
  stopServer = drainOn(server, ['SIGTERM', 'SIGINT'])
  server.on('error', (e: NodeJS.ErrnoException) => {
    console.error(e.code === 'EADDRINUSE' ? `Port ${port} is in use; stop what uses it or set PORT, e.g. PORT=8788 npm start.` : e.message)
    process.exit(1)
  })
} catch (e) {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
}
