import { zValidator } from '@hono/zod-validator'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { ask } from '../../answer/ask.js'
import type { Context } from 'hono'
import type { AnswerCache } from '../../answer/answer-cache.js'
import type { AppDeps } from '../app.js'
import type { AppEnv } from '../env.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { askBodySchema, askQuerySchema, firstIssue } from '../schemas.js'

export function askRoutes({ index, embedder, config }: AppDeps, cache: AnswerCache) {
  const app = new Hono<AppEnv>()
  /** The answer, from the cache when the same question (and history) was answered before. */
  const answer = async (c: Context<AppEnv>, question: string, history: readonly string[]) => {
    c.set('question', question)
    const cached = cache.get(question, history)
    c.set('answerCache', cached ? 'hit' : 'miss')
    if (cached && cached.response.question === question) return c.body(cached.json, 200, { 'content-type': 'application/json' })
    if (cached) return c.json({ ...cached.response, question })
    return c.body(cache.set(question, history, await ask(index, embedder, question, history, config.ask)), 200, { 'content-type': 'application/json' })
  }
  const invalid = (result: { success: boolean; error?: unknown }) => {
    if (!result.success) throw new HTTPException(400, { message: firstIssue(result.error as Parameters<typeof firstIssue>[0]) })
  }

  app.post(
    '/',
    bodyLimit({
      maxSize: config.maxBodyBytes,
      onError: (c) => c.json({ error: `The request body is over ${config.maxBodyBytes} bytes; send just the question and a short history.` }, 413),
    }),
    async (c, next) => {
      if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) {
        return c.json({ error: 'Send JSON with "Content-Type: application/json", e.g. {"question": "..."}, or use GET /ask?q=...' }, 415)
      }
      await next()
    },
    zValidator('json', askBodySchema(config), invalid),
    async (c) => {
      const { question, history } = c.req.valid('json')
      return answer(c, question, history ?? [])
    },
  )

  app.get('/', zValidator('query', askQuerySchema(config), invalid), async (c) => {
    return answer(c, c.req.valid('query').q, [])
  })
  app.all('/', methodNotAllowed(['GET', 'HEAD', 'POST', 'OPTIONS']))
  return app
}
