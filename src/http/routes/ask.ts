import { createRoute, OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type { Env, MiddlewareHandler } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { ask } from '../../answer/ask.js'
import type { AppDeps } from '../app.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { askBodyErrors, bodyTooLarge, errorResponse, NOT_JSON, sharedErrorResponses } from '../openapi.js'
import { askBodySchema, askQuerySchema, AskResponseSchema, firstIssue } from '../schemas.js'

const ALLOW = 'GET, HEAD, POST, OPTIONS'

/** A request that fails its schema gets a 400 with the first problem, worded for a person. */
export const invalidRequest: Hook<unknown, Env, string, unknown> = (result) => {
  if (!result.success) throw new HTTPException(400, { message: firstIssue(result.error) })
}

const answer = {
  description: 'An answer: verbatim sentences from the documents, each citing a source, graded by `status`.',
  content: { 'application/json': { schema: AskResponseSchema } },
}

export function askRoutes({ index, embedder, config }: AppDeps) {
  const app = new OpenAPIHono({ defaultHook: invalidRequest })
  const jsonOnly: MiddlewareHandler = async (c, next) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return c.json({ error: NOT_JSON }, 415)
    await next()
  }

  const post = createRoute({
    method: 'post',
    path: '/',
    operationId: 'ask',
    tags: ['Answers'],
    summary: 'Ask a question',
    description: 'Answers in the documents\' own words. `history` lets a follow-up such as "and what about the police?" build on earlier questions.',
    middleware: [bodyLimit({ maxSize: config.maxBodyBytes, onError: (c) => c.json({ error: bodyTooLarge(config) }, 413) }), jsonOnly] as const,
    request: { body: { required: true, content: { 'application/json': { schema: askBodySchema(config) } } } },
    responses: { 200: answer, ...askBodyErrors(config), ...sharedErrorResponses('/ask', ALLOW, { metered: true }) },
  })
  app.openapi(post, async (c) => {
    const { question, history } = c.req.valid('json')
    return c.json(await ask(index, embedder, question, history ?? [], config.ask), 200)
  })

  const get = createRoute({
    method: 'get',
    path: '/',
    operationId: 'askByLink',
    tags: ['Answers'],
    summary: 'Ask a question in a link',
    description: 'The same answer as POST /ask, without history: for links and quick tests.',
    request: { query: askQuerySchema(config) },
    responses: {
      200: answer,
      400: errorResponse('`q` is missing, empty, given twice or too long.', {
        'missing q': 'Missing "q": use GET /ask?q=your+question.',
        'q twice': 'Give "q" once: GET /ask?q=your+question.',
      }),
      ...sharedErrorResponses('/ask', ALLOW, { metered: true }),
    },
  })
  app.openapi(get, async (c) => c.json(await ask(index, embedder, c.req.valid('query').q, [], config.ask), 200))

  app.all('/', methodNotAllowed(ALLOW.split(', ')))
  return app
}
