import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { searchesVectors } from '../../index/search-index.js'
import type { RouteDeps } from '../app.js'
import type { AppEnv } from '../env.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { errorResponse, sharedErrorResponses } from '../openapi.js'
import { HealthSchema } from '../schemas.js'

const ALLOW = 'GET, HEAD, OPTIONS'

export function healthRoutes({ index, embedder, config, cache, indexOnDisk }: RouteDeps) {
  const app = new OpenAPIHono<AppEnv>()
  const route = createRoute({
    method: 'get',
    path: '/',
    operationId: 'health',
    tags: ['Server'],
    summary: 'Check the server',
    description: 'Index counts, and whether retrieval is `hybrid` or `lexical`.',
    responses: {
      200: { description: 'The server is up with its index loaded.', content: { 'application/json': { schema: HealthSchema } } },
      ...sharedErrorResponses('/health', ALLOW, { metered: false }),
      503: errorResponse('A Worker that reads its index from D1 finds the database unreadable, or loaded with another build than its own.', {
        'another index in D1': 'The index cannot be read, so the server cannot answer: The D1 database holds another index (0000000000000000), not the one this Worker was built with (5c1f0e2a9b3d4e6f). Load this build\'s index with "npm run d1:load" (local; npm run dev does it) or "npm run d1:load -- --remote" (deployed).',
      }),
    },
  })
  app.openapi(route, async (c) => {
    // An index read from storage (the Worker's D1) is checked, so an uptime check sees a database
    // loaded with another build; a failure is the app's JSON 503.
    await index.store?.check?.()
    // An ingest since start-up: the server still serves the index it started with.
    const onDisk = indexOnDisk?.() ?? null
    const newer = onDisk !== null && onDisk > index.manifest.createdAt ? { newerOnDisk: onDisk } : {}
    return c.json(
      {
        status: 'ok' as const,
        index: { loaded: true, createdAt: index.manifest.createdAt, ...index.manifest.counts, embeddingModel: index.manifest.embedding?.model ?? null, ...newer },
        retrieval: embedder && searchesVectors(index) ? ('hybrid' as const) : ('lexical' as const),
        queryEmbedder: embedder?.model ?? null,
        allowedOrigins: config.allowedOrigins.length,
        answerCache: cache.stats(),
        limits: { rateLimitPerMinute: config.rateLimitPerMinute, apiKeysRequired: config.apiKeys.length > 0 },
      },
      200,
    )
  })
  app.all('/', methodNotAllowed(ALLOW.split(', ')))
  return app
}
