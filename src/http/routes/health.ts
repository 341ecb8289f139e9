import { Hono } from 'hono'
import type { AppDeps } from '../app.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'

export function healthRoutes({ index, embedder, config }: AppDeps) {
  const app = new Hono()
  app.get('/', (c) =>
    c.json({
      status: 'ok',
      index: { loaded: true, createdAt: index.manifest.createdAt, ...index.manifest.counts, embeddingModel: index.manifest.embedding?.model ?? null },
      retrieval: embedder && index.vectors ? 'hybrid' : 'lexical',
      queryEmbedder: embedder?.model ?? null,
      allowedOrigins: config.allowedOrigins.length,
    }),
  )
  app.all('/', methodNotAllowed(['GET', 'HEAD', 'OPTIONS']))
  return app
}
