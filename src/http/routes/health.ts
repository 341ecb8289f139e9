import { createRoute, OpenAPIHono } from '@hono/zod-openapi'
import { searchesVectors } from '../../index/search-index.js'
import type { RouteDeps } from '../app.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { sharedErrorResponses } from '../openapi.js'
import { HealthSchema } from '../schemas.js'

const ALLOW = 'GET, HEAD, OPTIONS'

export function healthRoutes({ index, embedder, config, cache, indexOnDisk }: RouteDeps) {
  const app = new OpenAPIHono()
  const route = createRoute({
    method: 'get',
    path: '/',
    operationId: 'health',
    tags: ['Server'],
    summary: 'Check the server',
    description: 'Index counts, and whether retrieval is `hybrid` or `lexical`.',
    responses: { 200: { description: 'The server is up with its index loaded.', content: { 'application/json': { schema: HealthSchema } } }, ...sharedErrorResponses('/health', ALLOW, { metered: false }) },
  })
  app.openapi(route, (c) => {
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
