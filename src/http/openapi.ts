// What the OpenAPI document says beyond the routes' own schemas: its header, and the error
// responses every API route shares. Examples are the server's own words (tests compare them).
import type { RouteConfig } from '@hono/zod-openapi'
import type { AppConfig } from '../config.js'
import { MALFORMED_AUTHORIZATION, NO_API_KEY, WRONG_API_KEY } from './middleware/api-key.js'
import { tooManyRequests } from './middleware/rate-limit.js'
import { askErrors, ErrorSchema, unknownFields } from './schemas.js'

export const OPENAPI_PATH = '/openapi.json'

export const OPENAPI_INFO = {
  openapi: '3.1.0',
  info: {
    title: 'laming-qa',
    version: '1',
    description: [
      // No corpus named: a deployment serves its own documents.
      'Extractive question answering over the documents this server holds (`GET /documents` lists them). Every answer sentence is quoted verbatim from a source passage and cites it as [n].',
      '',
      'Agents can use the same answers over MCP (Streamable HTTP) at `/mcp`: tools `ask`, `list_documents` and `get_passage`.',
      '',
      'Errors are JSON `{"error": "..."}`, a sentence saying what to change.',
    ].join('\n'),
  },
  tags: [
    { name: 'Answers', description: 'Questions in, answers quoted from the documents out.' },
    { name: 'Documents', description: 'The documents answers come from, with the offsets sources point into.' },
    { name: 'Server', description: 'Whether it is up, and how it retrieves.' },
  ],
}

type ResponseConfig = Exclude<RouteConfig['responses'][number], { $ref: string }>
type Examples = Record<string, string>

/** A JSON error response whose examples are keyed by what causes them. */
export function errorResponse(description: string, examples: Examples, headers?: ResponseConfig['headers']): ResponseConfig {
  return {
    description,
    headers,
    content: {
      'application/json': {
        schema: ErrorSchema,
        examples: Object.fromEntries(Object.entries(examples).map(([summary, error]) => [summary.replace(/\W+/g, '_'), { summary, value: { error } }])),
      },
    },
  }
}

/**
 * Responses an API route can give whatever its parameters: refusals by the middleware its prefix
 * shares (origin policy; on metered routes, API keys and rate limits once configured), a method
 * the path does not have, and a failure inside.
 */
export function sharedErrorResponses(path: string, allow: string, { metered }: { metered: boolean }): Record<number, ResponseConfig> {
  const examplePath = path.replace(/\{\w+\}/g, 'nope')
  return {
    ...(metered ? meteredErrorResponses : {}),
    403: errorResponse(
      "A browser call from an origin that is neither the page's own nor in ALLOWED_ORIGINS, or a request under a host name the server does not answer as.",
      {
        'foreign origin': 'This assistant does not answer pages from https://elsewhere.example. Its administrator can add that origin to ALLOWED_ORIGINS.',
        'unknown host': 'This server answers as localhost:8787, 127.0.0.1:8787, not evil.example:8787. If that is its public name, its administrator can set PUBLIC_ORIGIN.',
      },
    ),
    405: errorResponse(
      `A method ${path} does not have. The \`Allow\` header lists the ones it has.`,
      { 'wrong method': `PUT is not allowed on ${examplePath}; use ${allow}.` },
      { Allow: { description: 'The methods this path has.', schema: { type: 'string', example: allow } } },
    ),
    500: errorResponse('Something failed inside the server; the request may be retried. `requestId` names the request in the server log.', {
      'server error': serverError('8fa780b5-0fb5-490e-97cc-7c1353163c3a'),
    }),
  }
}

/** The scheme API keys are sent by, registered in the document when API_KEYS is set. */
export const API_KEY_SCHEME = 'apiKey'
export const apiKeySecurityScheme = {
  type: 'http' as const,
  scheme: 'bearer',
  description: 'One of the keys in API_KEYS, as `Authorization: Bearer KEY`. Calls from the page itself and from allowed widget origins need none.',
}

/** A metered route's security when keys are configured: a key, or none for the page and allowed widget origins. */
export const meteredSecurity = (config: Pick<AppConfig, 'apiKeys'>): { security?: Record<string, string[]>[] } =>
  config.apiKeys.length ? { security: [{ [API_KEY_SCHEME]: [] }, {}] } : {}

/**
 * Response sets joined: a status in more than one keeps every example and both descriptions
 * (a route's own 400s and the malformed Authorization header's).
 */
export function mergeResponses(...sets: Record<number, ResponseConfig>[]): Record<number, ResponseConfig> {
  const out: Record<number, ResponseConfig> = {}
  for (const set of sets) {
    for (const [status, res] of Object.entries(set).map(([k, v]) => [Number(k), v] as const)) {
      const before = out[status]
      const [a, b] = [before?.content?.['application/json'], res.content?.['application/json']]
      out[status] =
        before && a && b && !('$ref' in a) && !('$ref' in b)
          ? {
              ...before,
              description: `${before.description} ${res.description}`,
              // No status here has headers in two sets; of one, they are kept.
              headers: before.headers ?? res.headers,
              content: { 'application/json': { ...a, examples: { ...a.examples, ...b.examples } } },
            }
          : res
    }
  }
  return out
}

/** Keys and limits (#10), on the routes that do work for a client. */
const meteredErrorResponses: Record<number, ResponseConfig> = {
  400: errorResponse('With API_KEYS set, an Authorization header that is not "Bearer KEY".', { 'malformed Authorization header': MALFORMED_AUTHORIZATION }),
  401: errorResponse('The server requires an API key (API_KEYS) and the request sent none, or one it does not know. Calls from the page itself and allowed widget origins need none.', {
    'no API key': NO_API_KEY,
    'wrong API key': WRONG_API_KEY,
  }),
  429: errorResponse(
    'Too many requests from this client (its API key, else its address) this minute; wait as long as `Retry-After` says. RATE_LIMIT_PER_MINUTE sets the limit (default 120; 0 turns it off).',
    { 'rate limited': tooManyRequests(120, 37, false), 'rate limited, API keys configured': tooManyRequests(120, 37, true) },
    { 'Retry-After': { description: 'Seconds to wait before trying again.', schema: { type: 'integer', example: 30 } } },
  ),
}

/** The 400s, 413 and 415 of POST /ask, as the validators and middleware word them. */
export function askBodyErrors(cfg: AppConfig): Record<number, ResponseConfig> {
  const errors = askErrors(cfg)
  return {
    400: errorResponse('The body is not valid JSON, `question` or `history` is not as described, or it has another field.', {
      'missing question': errors.missingQuestion,
      'question not a string': errors.questionNotString,
      'empty question': errors.emptyQuestion,
      'question too long': errors.questionTooLong,
      'malformed JSON': MALFORMED_JSON,
      'body not an object': errors.bodyNotObject,
      'history not an array': errors.historyNotArray,
      'history of non-strings': errors.historyNotStrings,
      'history entry too long': errors.historyEntryTooLong,
      'history too long': errors.historyTooLong,
      'unknown field': unknownFields(['histroy']),
      'unknown fields': unknownFields(['histroy', 'lang']),
    }),
    413: errorResponse(`The body is over ${cfg.maxBodyBytes} bytes.`, { 'body too large': bodyTooLarge(cfg) }),
    415: errorResponse('The body is not sent as `Content-Type: application/json`, or it is compressed.', { 'not JSON': NOT_JSON, 'compressed body': compressedBody('gzip') }),
  }
}

/** The 500's message: no detail of the fault, and the id that finds it in the log. */
export const serverError = (requestId: string) => `Something went wrong while answering; please try again. If it keeps happening, report request id ${requestId}.`

export const MALFORMED_JSON = 'The request body is not valid JSON; send {"question": "..."}.'
export const compressedBody = (encoding: string) => `The body is compressed (Content-Encoding: ${encoding.slice(0, 40)}); send it uncompressed: questions are small.`
export const NOT_JSON = 'Send JSON with "Content-Type: application/json", e.g. {"question": "..."}, or use GET /ask?q=...'
export const bodyTooLarge = (cfg: Pick<AppConfig, 'maxBodyBytes'>) => `The request body is over ${cfg.maxBodyBytes} bytes; send just the question and a short history.`
