// /openapi.json: valid, complete, and true to what the server does.
import SwaggerParser from '@apidevtools/swagger-parser'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { beforeAll, describe, expect, it } from 'vitest'
import type { D1Pack } from '../../src/index/d1-format.js'
import { D1IndexStore, type D1Database } from '../../src/worker/d1-store.js'
import { loadIndex, postJson, testApp } from '../setup/app.js'

const app = testApp({ config: { allowedOrigins: ['https://intranet.example'] } })
const keyed = testApp({ config: { apiKeys: ['k'.repeat(32)] } })

interface Example {
  summary: string
  value: { error: string }
}
interface Operation {
  responses: Record<string, { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: unknown; examples?: Record<string, Example> }> }>
}
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } }

let doc: Doc
beforeAll(async () => {
  const res = await app.request('/openapi.json')
  expect(res.status).toBe(200)
  doc = (await res.json()) as Doc
})

const operations = () => Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.1 with @apidevtools/swagger-parser', async () => {
    const api = (await SwaggerParser.validate(structuredClone(doc) as never)) as unknown as Doc
    expect(api.openapi).toBe('3.1.0')
    expect(Object.keys(api.paths ?? {}).sort()).toEqual(['/ask', '/documents', '/documents/{id}', '/health'])
  })

  it('describes the service without naming a corpus, since a deployment serves its own documents', () => {
    const { description } = (doc as Doc & { info: { description: string } }).info
    expect(description).toMatch(/GET \/documents/)
    expect(description).toMatch(/\/mcp/)
    expect(description).not.toMatch(/Laming/)
  })

  it('is generated from the routes, with the limits the server enforces', () => {
    const body = doc.components.schemas.AskRequest as { properties: Record<string, { maxLength?: number; maxItems?: number }>; required: string[] }
    expect(body.required).toEqual(['question'])
    expect(body.properties.question.maxLength).toBe(300)
    expect(body.properties.history.maxItems).toBe(10)
    expect(doc.components.schemas.AnswerStatus).toMatchObject({ enum: ['answered', 'uncertain', 'not_found'] })
    expect(Object.keys(doc.paths['/ask']).sort()).toEqual(['get', 'post'])
  })

  it('names every operation once and files it under a described tag, for code generators and /docs', () => {
    const ops = operations().map(({ op }) => op as Operation & { operationId?: string; tags?: string[] })
    const ids = ops.map((op) => op.operationId)
    expect(ids.every(Boolean)).toBe(true)
    expect(new Set(ids).size).toBe(ids.length)
    const tags = new Set((doc as Doc & { tags: { name: string; description: string }[] }).tags.map((t) => t.name))
    for (const op of ops) expect(op.tags?.every((t) => tags.has(t)), op.operationId).toBe(true)
  })

  it('lists every error response with its JSON shape and an example', () => {
    const post = doc.paths['/ask'].post.responses
    expect(Object.keys(post).sort()).toEqual(['200', '400', '401', '403', '405', '413', '415', '429', '500'])
    expect(Object.keys(doc.paths['/documents/{id}'].get.responses)).toContain('404')
    for (const { path, method, op } of operations()) {
      for (const [status, res] of Object.entries(op.responses)) {
        if (status === '200' || status === '304') continue
        const json = res.content?.['application/json']
        expect(json?.schema, `${method} ${path} ${status}`).toEqual({ $ref: '#/components/schemas/Error' })
        expect(Object.keys(json?.examples ?? {}).length, `${method} ${path} ${status}`).toBeGreaterThan(0)
      }
      expect(op.responses['405'].headers, `${method} ${path}`).toHaveProperty('Allow')
      // Keys and limits apply to the routes that do work for a client, not to /health.
      const metered = path !== '/health'
      expect(Object.keys(op.responses).filter((s) => s === '401' || s === '429'), `${method} ${path}`).toEqual(metered ? ['401', '429'] : [])
      if (metered) expect(op.responses['429'].headers, `${method} ${path}`).toHaveProperty('Retry-After')
    }
  })
})

// How to make the server say each documented example. 401 and 429 come with API keys and rate
// limits (not configured here); 500 cannot be caused from outside.
const causes: Record<string, (path: string) => Promise<Response> | Response> = {
  'missing question': () => app.request('/ask', postJson({})),
  'empty question': () => app.request('/ask', postJson({ question: ' ' })),
  'question too long': () => app.request('/ask', postJson({ question: 'x'.repeat(301) })),
  'malformed JSON': () => app.request('/ask', postJson('{"question": ')),
  'history not an array': () => app.request('/ask', postJson({ question: 'court fees', history: 'earlier' })),
  'question not a string': () => app.request('/ask', postJson({ question: 42 })),
  'body not an object': () => app.request('/ask', postJson('["court fees"]')),
  'history of non-strings': () => app.request('/ask', postJson({ question: 'court fees', history: [1] })),
  'history entry too long': () => app.request('/ask', postJson({ question: 'court fees', history: ['x'.repeat(301)] })),
  'history too long': () => app.request('/ask', postJson({ question: 'court fees', history: Array(11).fill('q') })),
  'unknown field': () => app.request('/ask', postJson({ question: 'and the police?', histroy: ['court fees'] })),
  'unknown fields': () => app.request('/ask', postJson({ question: 'and the police?', histroy: ['court fees'], lang: 'en' })),
  'empty q': () => app.request('/ask?q=+'),
  'q too long': () => app.request(`/ask?q=${'x'.repeat(301)}`),
  'body too large': () => app.request('/ask', postJson({ question: 'a', history: ['b'.repeat(20_000)] })),
  'compressed body': () => app.request('/ask', postJson('not really gzip', { 'content-encoding': 'gzip' })),
  'not JSON': () => app.request('/ask', { method: 'POST', body: 'question=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }),
  'missing q': () => app.request('/ask'),
  'q twice': () => app.request('/ask?q=a&q=b'),
  'history in a link': () => app.request('/ask?q=and+the+police&history=training'),
  'unknown document': () => app.request('/documents/nope'),
  // A Worker's D1 store whose database holds another build's index.
  'another index in D1': () => {
    const db = { prepare: (sql: string) => ({ sql, bind: () => db.prepare(sql) }), batch: async () => [{ results: [{ value: '0000000000000000' }] }] }
    const pack = { version: '5c1f0e2a9b3d4e6f', documents: [], manifest: {} } as unknown as D1Pack
    return testApp({ index: { ...loadIndex(), store: new D1IndexStore(db as unknown as D1Database, pack) } }).request('/health')
  },
  'wrong method': (path) => app.request(path.replace('{id}', 'nope'), { method: 'PUT' }),
  // Checked before the body or the query: the same for every metered route.
  'malformed Authorization header': (path) => keyed.request(`${path.replace('{id}', 'nope')}?q=x`, { headers: { authorization: 'Basic dXNlcjpwYXNz' } }),
  'foreign origin': () => app.request('/ask?q=court+fees', { headers: { origin: 'https://elsewhere.example' } }),
  'unknown host': () =>
    testApp({ config: { publicOrigins: ['http://localhost:8787', 'http://127.0.0.1:8787'] } }).request('http://evil.example:8787/ask?q=x', { headers: { host: 'evil.example:8787' } }),
}
const notCausable = new Set(['401', '429', '500'])

describe('API keys in the document', () => {
  it('are a bearer scheme that the metered routes accept, with no key for the page and widgets, once API_KEYS is set', async () => {
    type Secured = Doc & { components: { securitySchemes?: Record<string, { type: string; scheme: string }> } }
    const open = doc as Secured
    expect(open.components.securitySchemes).toBeUndefined()
    const withKeys = (await (await keyed.request('/openapi.json')).json()) as Secured
    expect(withKeys.components.securitySchemes?.apiKey).toMatchObject({ type: 'http', scheme: 'bearer' })
    for (const [path, ops] of Object.entries(withKeys.paths)) {
      for (const [method, op] of Object.entries(ops) as [string, Operation & { security?: unknown }][]) {
        expect(op.security, `${method} ${path}`).toEqual(path === '/health' ? undefined : [{ apiKey: [] }, {}])
      }
    }
  })
})

describe('documented errors are what the server says', () => {
  it('every example of every operation, word for word', async () => {
    let checked = 0
    for (const { path, method, op } of operations()) {
      for (const [status, res] of Object.entries(op.responses)) {
        if (status === '200' || status === '304' || notCausable.has(status)) continue
        for (const example of Object.values(res.content!['application/json'].examples!)) {
          const cause = causes[example.summary]
          expect(cause, `no way to cause "${example.summary}" (${method} ${path} ${status})`).toBeDefined()
          const real = await cause(path)
          expect(real.status, `${example.summary} on ${path}`).toBe(Number(status))
          expect(await real.json(), `${example.summary} on ${path}`).toEqual(example.value)
          checked++
        }
      }
    }
    expect(checked).toBeGreaterThan(15)
  })
  it('the documented 304: a current ETag back as If-None-Match', async () => {
    for (const path of ['/documents', '/documents/{id}'] as const) {
      expect(doc.paths[path].get.responses).toHaveProperty('304')
      const url = path === '/documents' ? path : `/documents/${((await (await app.request('/documents')).json()) as { id: string }[])[0].id}`
      const first = await app.request(url)
      const tag = first.headers.get('etag')
      expect(tag, path).toBeTruthy()
      expect((await app.request(url, { headers: { 'if-none-match': tag! } })).status, path).toBe(304)
    }
  })
})

describe('real responses fit their documented schemas, with no undocumented fields', () => {
  let validate: (path: string, method: string, status: number, body: unknown) => void
  beforeAll(() => {
    // Closed objects for this check: a field the server sends but the document omits fails.
    const closed = structuredClone(doc)
    const close = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(close)
      if (!node || typeof node !== 'object') return
      const o = node as Record<string, unknown>
      if (o.type === 'object' && o.properties && !('additionalProperties' in o)) o.additionalProperties = false
      Object.values(o).forEach(close)
    }
    close(closed)
    const ajv = new Ajv2020({ strict: false, allErrors: true })
    ajv.addSchema({ ...closed, $id: 'openapi.json' })
    const pointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1')
    validate = (path, method, status, body) => {
      const check = ajv.compile({ $ref: `openapi.json#/paths/${pointer(path)}/${method}/responses/${status}/content/application~1json/schema` })
      expect(check(body), `${method} ${path} ${status}: ${ajv.errorsText(check.errors)}`).toBe(true)
    }
  })

  it.each([
    ['an answer', { question: 'What did Laming say about court fees?' }],
    ['an uncertain or refused answer', { question: 'What is the capital of France?' }],
    ['a follow-up', { question: 'And what about the police?', history: ['What did Laming say about training?'] }],
    ['a question with no words to search for', { question: 'What is the?' }],
  ])('POST /ask: %s', async (_, body) => {
    const res = await app.request('/ask', postJson(body))
    validate('/ask', 'post', 200, await res.json())
  })

  it('GET /ask, /documents, /documents/{id} and /health', async () => {
    validate('/ask', 'get', 200, await (await app.request('/ask?q=court+fees')).json())
    const list = (await (await app.request('/documents')).json()) as { id: string }[]
    validate('/documents', 'get', 200, list)
    for (const d of list) validate('/documents/{id}', 'get', 200, await (await app.request(`/documents/${d.id}`)).json())
    validate('/health', 'get', 200, await (await app.request('/health')).json())
  })

  it('errors', async () => {
    validate('/ask', 'post', 400, await (await app.request('/ask', postJson({}))).json())
    validate('/documents/{id}', 'get', 404, await (await app.request('/documents/nope')).json())
  })
})
