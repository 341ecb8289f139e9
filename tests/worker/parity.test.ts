import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { testApp } from '../setup/app.js'
import { LEXICAL_INDEX, ROOT } from '../setup/paths.js'
import type { Started } from '../setup/servers.js'
import { startWranglerDev } from '../setup/wrangler.js'

const node = testApp({ config: { allowedOrigins: ['https://intranet.example'] } })
let worker: Started

beforeAll(async () => {
  worker = await startWranglerDev(LEXICAL_INDEX, { ALLOWED_ORIGINS: 'https://intranet.example' })
})
afterAll(async () => worker?.stop())

/** Status and body, without the timings that differ run to run. */
async function comparable(res: Response) {
  const body = (await res.json()) as Record<string, unknown>
  delete body.timings
  return { status: res.status, body }
}

const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval/questions.jsonl'), 'utf8'))

describe('npm run dev', () => {
  it('builds once and starts with no error lines', () => {
    const out = worker.output()
    expect(out.match(/> laming-qa@[\d.]+ build:worker/g)).toHaveLength(1)
    expect(out).not.toMatch(/error|✘|Disallowed operation/i)
  })
})

describe('the worker in workerd matches the Node server', () => {
  it('gives the same answers, citations and sources for every evaluation question', async () => {
    for (const q of [...questions.map((x) => x.question), 'And what about the police?']) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q, history: ['What did Laming say about training?'] }) }
      const [a, b] = await Promise.all([fetch(`${worker.url}/ask`, init).then(comparable), Promise.resolve(node.request('/ask', init)).then(comparable)])
      expect(a, q).toEqual(b)
    }
  })

  it.each([
    ['malformed JSON', '/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"question":' }],
    ['wrong content type', '/ask', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' }],
    ['missing question', '/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }],
    ['question too long', '/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'x'.repeat(600) }) }],
    ['body too large', '/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'a', history: ['b'.repeat(20000)] }) }],
    ['bad history', '/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'a', history: 'b' }) }],
    ['GET without q', '/ask', {}],
    ['unknown route', '/api/nothing', {}],
    ['unknown document', '/documents/none', {}],
    ['foreign origin', '/ask?q=court+fees', { headers: { origin: 'https://elsewhere.example' } }],
  ])('gives the same error for %s', async (_, path, init) => {
    const [a, b] = await Promise.all([fetch(`${worker.url}${path}`, init).then(comparable), Promise.resolve(node.request(path, init)).then(comparable)])
    expect(a.status).toBeGreaterThanOrEqual(400)
    expect(a).toEqual(b)
  })

  it('serves /documents and /documents/:id as Node does', async () => {
    const [a, b] = await Promise.all([fetch(`${worker.url}/documents`).then(comparable), Promise.resolve(node.request('/documents')).then(comparable)])
    expect(a).toEqual(b)
    const id = (a.body as unknown as { id: string }[])[0].id
    const [c, d] = await Promise.all([fetch(`${worker.url}/documents/${id}`).then(comparable), Promise.resolve(node.request(`/documents/${id}`)).then(comparable)])
    expect(c).toEqual(d)
  })

  it('answers an allowed origin with CORS headers', async () => {
    const res = await fetch(`${worker.url}/ask?q=court+fees`, { headers: { origin: 'https://intranet.example' } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://intranet.example')
  })

  it('serves the UI and the widget with security headers, and says which retrieval mode runs', async () => {
    const page = await fetch(`${worker.url}/`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<form id="ask"')
    expect(page.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
    const widget = await fetch(`${worker.url}/widget.js`)
    expect(widget.status).toBe(200)
    expect(widget.headers.get('content-type')).toMatch(/javascript/)
    expect(await widget.text()).toContain('laming-qa-widget')
    const health = (await (await fetch(`${worker.url}/health`)).json()) as { retrieval: string; index: { passages: number } }
    expect(health.retrieval).toBe('lexical')
    expect(health.index.passages).toBeGreaterThan(100)
  })

  it('serves the same /openapi.json, and /docs with its self-hosted Swagger UI under the same CSP', async () => {
    const [a, b] = await Promise.all([fetch(`${worker.url}/openapi.json`).then(comparable), Promise.resolve(node.request('/openapi.json')).then(comparable)])
    expect(a.status).toBe(200)
    expect(a).toEqual(b)
    const docs = await fetch(`${worker.url}/docs`)
    expect(docs.status).toBe(200)
    expect(docs.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/)
    const html = await docs.text()
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])
    expect(assets.sort()).toEqual(['/docs/docs.css', '/docs/docs.js', '/docs/swagger-ui-dist/swagger-ui-bundle.js', '/docs/swagger-ui-dist/swagger-ui.css'])
    for (const path of assets) expect((await fetch(`${worker.url}${path}`)).status, path).toBe(200)
  })
})

// Last: it spends this client's allowance for the minute.
describe('the worker limits each client with the rate-limiting binding', () => {
  it('answers 429 with Retry-After and a JSON error once a client is over the binding limit', async () => {
    const statuses: number[] = []
    let refused: Response | null = null
    // The binding counts in fixed 60 s windows: one that rolls over mid-loop starts the count
    // again, so up to two windows' worth (2 × 120) may pass before a 429.
    for (let i = 0; i < 250 && !refused; i++) {
      const res = await fetch(`${worker.url}/documents`)
      statuses.push(res.status)
      if (res.status === 429) refused = res
      else await res.body?.cancel()
    }
    expect(refused, `statuses: ${statuses.join(',')}`).not.toBeNull()
    expect(statuses.filter((s) => s === 200).length).toBeGreaterThan(60)
    expect(Number(refused!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await refused!.json()) as { error: string }).error).toMatch(/Too many requests/)
  })
})

describe('the worker with a bad setting', () => {
  it('answers every request with a JSON error naming the setting, not a workerd error page', async () => {
    const bad = await startWranglerDev(LEXICAL_INDEX, { RATE_LIMIT_PER_MINUTE: 'lots' })
    try {
      for (const path of ['/ask?q=court%20fees', '/health']) {
        const res = await fetch(`${bad.url}${path}`)
        expect(res.status).toBe(500)
        expect(res.headers.get('content-type')).toMatch(/application\/json/)
        expect(((await res.json()) as { error: string }).error).toMatch(/RATE_LIMIT_PER_MINUTE must be a whole number of 0 or more, not "lots"/)
      }
    } finally {
      await bad.stop()
    }
  })
})
