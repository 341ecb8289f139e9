import { createRoute, OpenAPIHono, type Hook } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { RouteDeps } from '../app.js'
import type { AppEnv } from '../env.js'
import { bodySizeLimit } from '../middleware/body-limit.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { askBodyErrors, compressedBody, errorResponse, meteredSecurity, mergeResponses, NOT_JSON, sharedErrorResponses } from '../openapi.js'
import { askBodySchema, askErrors, askQuerySchema, AskResponseSchema, firstIssue } from '../schemas.js'

const ALLOW = 'GET, HEAD, POST, OPTIONS'
export const NO_HISTORY_IN_LINKS = 'GET /ask takes no "history": send a follow-up with POST /ask and {"question": "...", "history": ["earlier question"]}.'

/** A request that fails its schema gets a 400 with the first problem, worded for a person. */
const invalidRequest: Hook<unknown, AppEnv, string, unknown> = (result) => {
  if (!result.success) throw new HTTPException(400, { message: firstIssue(result.error) })
}

const answer = {
  description: 'An answer: verbatim sentences from the documents, each citing a source, graded by `status`.',
  content: { 'application/json': { schema: AskResponseSchema } },
}

export function askRoutes({ config, cache }: RouteDeps) {
  const errors = askErrors(config)
  const app = new OpenAPIHono<AppEnv>({ defaultHook: invalidRequest })
  /** The answer, from the cache when the same question (and history) was answered before; sent as it was kept when it can be. */
  const respond = async (c: Context<AppEnv>, question: string, history: readonly string[]) => {
    c.set('question', question)
    const { response, json, hit } = await cache.answer(question, history)
    c.set('answerCache', hit ? 'hit' : 'miss')
    return json === null ? c.json(response(), 200) : (c.body(json, 200, { 'content-type': 'application/json' }) as unknown as ReturnType<typeof c.json<typeof response, 200>>)
  }
  const jsonOnly: MiddlewareHandler = async (c, next) => {
    if (!/^application\/json\b/i.test(c.req.header('content-type') ?? '')) return c.json({ error: NOT_JSON }, 415)
    // A compressed body would otherwise be reported as malformed JSON.
    const encoding = c.req.header('content-encoding')
    if (encoding && !/^identity$/i.test(encoding.trim())) return c.json({ error: compressedBody(encoding) }, 415)
    await next()
  }

  const post = createRoute({
    method: 'post',
    path: '/',
    operationId: 'ask',
    tags: ['Answers'],
    summary: 'Ask a question',
    description: 'Answers in the documents\' own words. `history` lets a follow-up such as "and what about the police?" build on earlier questions.',
    middleware: [bodySizeLimit(config), jsonOnly] as const,
    request: { body: { required: true, content: { 'application/json': { schema: askBodySchema(config) } } } },
    responses: mergeResponses({ 200: answer }, askBodyErrors(config), sharedErrorResponses('/ask', ALLOW, { metered: true })),
    ...meteredSecurity(config),
  })
  app.openapi(post, async (c) => {
    const { question, history } = c.req.valid('json')
    return respond(c, question, history ?? [])
  })

  const get = createRoute({
    method: 'get',
    path: '/',
    operationId: 'askByLink',
    tags: ['Answers'],
    summary: 'Ask a question in a link',
    description: 'The same answer as POST /ask, without history: for links and quick tests.',
    request: { query: askQuerySchema(config) },
    responses: mergeResponses(
      {
        200: answer,
        400: errorResponse('`q` is missing, empty, given twice or too long, or `history` is given (POST /ask takes it).', {
          'missing q': errors.missingQ,
          'q twice': errors.qTwice,
          'empty q': errors.emptyQuestion,
          'q too long': errors.questionTooLong,
          'history in a link': NO_HISTORY_IN_LINKS,
        }),
      },
      sharedErrorResponses('/ask', ALLOW, { metered: true }),
    ),
    ...meteredSecurity(config),
  })
  app.openapi(get, async (c) => {
    // Dropped silently, a link's history would answer a follow-up as a question of its own.
    if (c.req.query('history') !== undefined) throw new HTTPException(400, { message: NO_HISTORY_IN_LINKS })
    return respond(c, c.req.valid('query').q, [])
  })

  app.all('/', methodNotAllowed(ALLOW.split(', ')))
  return app
}
