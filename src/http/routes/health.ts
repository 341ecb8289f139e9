import { Hono } from 'hono'
import type { AnswerCache } from '../../answer/answer-cache.js'
import type { AppDeps } from '../app.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'

export function healthRoutes({ index, embedder, config }: AppDeps, cache: AnswerCache) {
  const app = new Hono()
  app.get('/', (c) =>
    c.json({
      status: 'ok',
      index: { loaded: true, createdAt: index.manifest.createdAt, ...index.manifest.counts, embeddingModel: index.manifest.embedding?.model ?? null },
      retrieval: embedder && index.vectors ? 'hybrid' : 'lexical',
      queryEmbedder: embedder?.model ?? null,
      allowedOrigins: config.allowedOrigins.length,
      answerCache: cache.stats(),
      limits: { rateLimitPerMinute: config.rateLimitPerMinute, apiKeysRequired: config.apiKeys.length > 0 },
    }),
  )
  app.all('/', methodNotAllowed(['GET', 'HEAD', 'OPTIONS']))
  return app
}
