import { describe, expect, it } from 'vitest'
import type { AskResponse } from '../../src/answer/ask.js'
import { parseOrigins } from '../../src/config.js'
import { postJson, testApp } from '../setup/app.js'

const app = testApp({ config: { allowedOrigins: ['https://intranet.example'] } })
const askPost = async (body: unknown, headers?: Record<string, string>) => app.request('/ask', postJson(body, headers))
/** A body sent in pieces, as a chunked upload arrives: no Content-Length to check. */
const streamOf = (text: string) => new Blob([text]).stream()

describe('POST /ask', () => {
  it('answers in the documents\' words, each sentence citing a passage that contains it', async () => {
    const started = performance.now()
    const res = await askPost({ question: 'What did Laming say about court fees?' })
    const elapsed = performance.now() - started
    expect(res.status).toBe(200)
    const body = (await res.json()) as AskResponse
    expect(body.answered).toBe(true)
    expect(body.answer.sentences.length).toBeGreaterThanOrEqual(1)
    expect(body.answer.sentences.length).toBeLessThanOrEqual(4)
    expect(body.answer.sentences.some((s) => /court fees/.test(s.text))).toBe(true)
    expect(body.sources.map((s) => s.n)).toEqual(body.sources.map((_, i) => i + 1))
    for (const s of body.answer.sentences) {
      const cited = body.sources.find((x) => x.n === s.sources[0])!
      expect(cited.text).toContain(s.text)
      expect(body.answer.markdown).toContain(`[${cited.n}]`)
      expect(cited.highlights.some(([a, b]) => cited.text.slice(a, b) === s.text)).toBe(true)
    }
    expect(body.confidence).toBeGreaterThan(0)
    expect(body.timings.totalMs).toBeGreaterThan(0)
    expect(body.timings.totalMs).toBeLessThanOrEqual(elapsed)
    // Lexical retrieval embeds nothing; question analysis is not counted as embedding.
    expect(body.retrieval).toBe('lexical')
    expect(body.timings.embedMs).toBeLessThan(0.05)
  })

  it('source offsets point into the text GET /documents/:id serves', async () => {
    const body = (await (await askPost({ question: 'How many children were the subject of child protection plans?' })).json()) as AskResponse
    for (const s of body.sources) {
      const doc = (await (await app.request(`/documents/${s.docId}`)).json()) as { text: string }
      expect(doc.text.slice(s.start, s.end)).toBe(s.text)
    }
  })

  it('refuses what the documents do not cover, showing the nearest passages', async () => {
    for (const question of ['What is the capital of France?', 'How do I bake sourdough bread?', "What's the weather in Manchester tomorrow?"]) {
      const body = (await (await askPost({ question })).json()) as AskResponse
      expect(body.answered, question).toBe(false)
      expect(body.answer.sentences).toEqual([])
      expect(body.answer.markdown).toMatch(/could not find/)
      expect(body.sources.length).toBeGreaterThan(0)
      expect(body.sources.every((s) => s.highlights.length === 0)).toBe(true)
    }
  })

  it('says so when a question has nothing to search for', async () => {
    const body = (await (await askPost({ question: 'What is the?' })).json()) as AskResponse
    expect(body.answered).toBe(false)
    expect(body.answer.markdown).toMatch(/no words to search for/)
    // A question in another script: the words are there, but not in the alphabet searched.
    for (const question of ['ما هي رسوم المحكمة؟', '法院费用是多少？']) {
      const other = (await (await askPost({ question })).json()) as AskResponse
      expect(other.status).toBe('not_found')
      expect(other.answer.markdown).toMatch(/no words in the Latin alphabet/)
    }
  })

  it('understands a short follow-up through history', async () => {
    const alone = (await (await askPost({ question: 'And what about the police?' })).json()) as AskResponse
    const followUp = (await (await askPost({ question: 'And what about the police?', history: ['What did Laming say about training?'] })).json()) as AskResponse
    expect(followUp.followUp).toBe(true)
    expect(alone.followUp).toBe(false)
    expect(followUp.answered).toBe(true)
    expect(followUp.answer.sentences.some((s) => /police/i.test(s.text) && /train/i.test(s.text))).toBe(true)
  })

  it('GET /ask?q= answers the same as POST', async () => {
    const q = 'Who was appointed Chief Adviser on the Safety of Children?'
    const viaGet = (await (await app.request(`/ask?q=${encodeURIComponent(q)}`)).json()) as AskResponse
    const viaPost = (await (await askPost({ question: q })).json()) as AskResponse
    expect(viaGet.answer).toEqual(viaPost.answer)
    expect(viaGet.answer.sentences.some((s) => s.text.includes('Roger Singleton'))).toBe(true)
  })
})

describe('bad input gets a 4xx JSON error a person can act on', () => {
  it.each([
    ['a missing question', () => askPost({}), 400, /Missing "question"/],
    ['an empty question', () => askPost({ question: '   ' }), 400, /empty/],
    ['a non-string question', () => askPost({ question: 42 }), 400, /must be a string/],
    ['a question over the length limit', () => askPost({ question: 'x'.repeat(301) }), 400, /longer than 300 characters/],
    ['malformed JSON', () => askPost('{"question": '), 400, /not valid JSON/],
    ['a JSON array body', () => askPost([1]), 400, /JSON object/],
    ['a wrong content type', () => app.request('/ask', { method: 'POST', body: 'question=hi', headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 415, /Content-Type: application\/json/],
    ['a body over the size limit', () => askPost({ question: 'a', history: ['b'.repeat(20_000)] }), 413, /over 16384 bytes/],
    ['a streamed body (no Content-Length) over the size limit', () => app.request('/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: streamOf(JSON.stringify({ question: 'a', history: ['b'.repeat(20_000)] })), duplex: 'half' } as RequestInit), 413, /over 16384 bytes/],
    ['a malformed history', () => askPost({ question: 'court fees', history: 'earlier' }), 400, /"history" must be an array/],
    ['a history of non-strings', () => askPost({ question: 'court fees', history: [1, 2] }), 400, /earlier questions as strings/],
    ['a history too long', () => askPost({ question: 'court fees', history: Array(11).fill('q') }), 400, /at most 10/],
    ['a misspelt field', () => askPost({ question: 'and the police?', histroy: ['court fees'] }), 400, /Unknown field "histroy": the body takes "question" and, for a follow-up, "history"/],
    ['GET without q', () => app.request('/ask'), 400, /Missing "q"/],
    ['a question of invisible characters only', () => askPost({ question: '\u200b\u200b' }), 400, /The question is empty/],
    ['GET with a history', () => app.request('/ask?q=and+the+police&history=training'), 400, /GET \/ask takes no "history": send a follow-up with POST \/ask/],
    ['an unknown route', () => app.request('/nope'), 404, /No route for GET \/nope/],
    ['an unknown document', () => app.request('/documents/nope'), 404, /No document "nope"/],
  ])('%s', async (_, call, status, message) => {
    const res = await call()
    expect(res.status).toBe(status)
    expect(res.headers.get('content-type')).toMatch(/application\/json/)
    const body = (await res.json()) as { error: string }
    expect(body.error).toMatch(message)
    expect(JSON.stringify(body)).not.toMatch(/at .*\.(ts|js):\d+/)
  })
})

describe('documents and health', () => {
  it('lists documents and serves one with passage offsets', async () => {
    const list = (await (await app.request('/documents')).json()) as { id: string; kind: string }[]
    expect(list.map((d) => d.kind).sort()).toEqual(['article', 'press release', 'recommendations', 'report', 'slides'])
    const doc = (await (await app.request(`/documents/${list[0].id}`)).json()) as { text: string; passages: { start: number; end: number; sentences: { start: number; end: number }[] }[] }
    expect(doc.passages.length).toBeGreaterThan(0)
    for (const p of doc.passages) expect(p.sentences.every((s) => s.start >= p.start && s.end <= p.end)).toBe(true)
  })
  it('serves ETags and honours If-None-Match', async () => {
    const first = await app.request('/documents')
    const tag = first.headers.get('etag')!
    expect(tag).toBeTruthy()
    expect((await app.request('/documents', { headers: { 'if-none-match': tag } })).status).toBe(304)
  })
  it('reports the index and the retrieval mode', async () => {
    const health = (await (await app.request('/health')).json()) as { index: { passages: number; loaded: boolean }; retrieval: string }
    expect(health.index.loaded).toBe(true)
    expect(health.index.passages).toBeGreaterThan(100)
    expect(health.retrieval).toBe('lexical')
  })
})

describe('origins', () => {
  it('answers an allowed origin with CORS headers', async () => {
    const res = await askPost({ question: 'court fees' }, { origin: 'https://intranet.example' })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://intranet.example')
  })
  it('refuses any other origin, readably, without answering', async () => {
    const res = await askPost({ question: 'court fees' }, { origin: 'https://elsewhere.example' })
    expect(res.status).toBe(403)
    const body = (await res.json()) as { error: string; answer?: unknown }
    expect(body.error).toMatch(/does not answer pages from https:\/\/elsewhere\.example.*ALLOWED_ORIGINS/)
    expect(body.answer).toBeUndefined()
    // A page opened from a file: no origin list can allow "null", so the fix is a web server.
    const fromFile = (await (await askPost({ question: 'court fees' }, { origin: 'null' })).json()) as { error: string }
    expect(fromFile.error).toMatch(/pages opened from a file.*Serve the page from a web server/)
  })
  it('matches an origin listed with its default port as the browser sends it, without the port', async () => {
    const { origins, rejected } = parseOrigins('https://Intranet.Example.org:443, http://x.example:80/, http://y.example:8080, https://intranet.example\\evil, https://user:pw@intranet.example')
    expect(origins).toEqual(['https://intranet.example.org', 'http://x.example', 'http://y.example:8080'])
    // What URL would quietly drop (a path after a backslash, a user and password) is reported instead.
    expect(rejected).toEqual([expect.stringMatching(/"https:\/\/intranet.example\\evil" is not an origin/), expect.stringMatching(/"https:\/\/user:pw@intranet.example" is not an origin/)])
    const listed = testApp({ config: { allowedOrigins: origins } })
    const res = await listed.request('/ask', postJson({ question: 'court fees' }, { origin: 'https://intranet.example.org' }))
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://intranet.example.org')
  })
  it('denies every cross-origin call by default', async () => {
    const res = await testApp().request('/ask?q=court+fees', { headers: { origin: 'https://intranet.example' } })
    expect(res.status).toBe(403)
  })
  it('treats calls from the configured page origin as the page itself', async () => {
    const self = testApp({ config: { publicOrigins: ['http://localhost:8787'] } })
    const res = await self.request('http://localhost:8787/ask?q=court+fees', { headers: { origin: 'http://localhost:8787' } })
    expect(res.status).toBe(200)
  })
  it('decides "same origin" from configuration, not from the Host header (DNS rebinding)', async () => {
    const self = testApp({ config: { allowedOrigins: ['https://intranet.example.org'], publicOrigins: ['http://localhost:8787'] } })
    for (const host of ['evil.example:8787', 'localhost:8787']) {
      const res = await self.request(`http://${host}/ask`, postJson({ question: 'court fees' }, { origin: 'http://evil.example:8787', host: 'evil.example:8787' }))
      expect(res.status, host).toBe(403)
      expect(((await res.json()) as { answer?: unknown }).answer).toBeUndefined()
    }
  })
  it('answers only under its own names, so a rebound page cannot read it with plain GETs', async () => {
    const self = testApp({ config: { publicOrigins: ['http://localhost:8787', 'http://127.0.0.1:8787'] } })
    for (const path of ['/ask?q=court+fees', '/documents', '/']) {
      const res = await self.request(`http://evil.example:8787${path}`, { headers: { host: 'evil.example:8787' } })
      expect(res.status, path).toBe(403)
      expect(((await res.json()) as { error: string }).error).toMatch(/answers as localhost:8787, 127.0.0.1:8787, not evil.example:8787.*PUBLIC_ORIGIN/)
    }
    expect((await self.request('http://127.0.0.1:8787/ask?q=court+fees', { headers: { host: '127.0.0.1:8787' } })).status).toBe(200)
    expect((await self.request('http://localhost:8787/health')).status).toBe(200)
  })
  it('trusts the request URL only where the runtime says it may (Workers)', async () => {
    const worker = testApp({ config: { publicOrigins: 'request-url' } })
    expect((await worker.request('https://qa.example.workers.dev/ask?q=court+fees', { headers: { origin: 'https://qa.example.workers.dev' } })).status).toBe(200)
    expect((await worker.request('https://qa.example.workers.dev/ask?q=court+fees', { headers: { origin: 'https://evil.example' } })).status).toBe(403)
  })
  it('runs CORS once per request: Vary names Origin once, with an Origin or without', async () => {
    for (const path of ['/ask?q=court+fees', '/documents', '/health']) {
      for (const headers of [{ origin: 'https://intranet.example' }, {}] as Record<string, string>[]) {
        const res = await app.request(path, { headers })
        expect(res.headers.get('vary'), path).toBe('Origin')
      }
    }
  })
  it('sends Vary: Origin on responses a middleware or transport makes itself', async () => {
    const keyed = testApp({ config: { apiKeys: ['k'.repeat(32)] } })
    const refusedKey = await keyed.request('/ask?q=court+fees')
    const notAcceptable = await app.request('/mcp', postJson({ jsonrpc: '2.0', id: 1, method: 'tools/list' }, { accept: 'text/html' }))
    expect([refusedKey.status, notAcceptable.status]).toEqual([401, 406])
    for (const res of [refusedKey, notAcceptable]) expect(res.headers.get('vary')).toBe('Origin')
  })
  it('answers a streamed body under the size limit', async () => {
    const res = await app.request('/ask', { method: 'POST', headers: { 'content-type': 'application/json' }, body: streamOf('{"question":"court fees"}'), duplex: 'half' } as RequestInit)
    expect(res.status).toBe(200)
    expect(((await res.json()) as AskResponse).answered).toBe(true)
  })
  it('sends the security headers on every response, including ones a middleware makes itself', async () => {
    const keyed = testApp({ config: { apiKeys: ['k'.repeat(32)], rateLimitPerMinute: 1 } })
    const responses: [string, Response][] = [
      ['200', await app.request('/health')],
      ['404', await app.request('/nope')],
      ['413', await askPost({ question: 'a', history: ['b'.repeat(20_000)] })],
      ['403 origin', await askPost({ question: 'a' }, { origin: 'https://elsewhere.example' })],
      ["bearerAuth's 401", await keyed.request('/ask?q=court+fees', { headers: { authorization: 'Bearer wrong' } })],
      ['429', await keyed.request('/ask?q=court+fees')],
    ]
    for (const [what, res] of responses) {
      expect(res.headers.get('content-security-policy'), what).toMatch(/^default-src 'self'/)
      expect(res.headers.get('x-frame-options'), what).toBe('DENY')
      expect(res.headers.get('x-content-type-options'), what).toBe('nosniff')
    }
    expect(responses.map(([, res]) => res.status)).toEqual([200, 404, 413, 403, 401, 429])
  })
  it('caps the Origin it echoes in a refusal', async () => {
    const origin = Array.from({ length: 100 }, (_, i) => `https://site${i}.example`).join(', ')
    const res = await app.request('/ask?q=court+fees', { headers: { origin } })
    expect(res.status).toBe(403)
    const body = await res.text()
    expect(body.length).toBeLessThan(300)
    expect(body).toContain('https://site0.example')
  })
  it('sends a strict Content-Security-Policy', async () => {
    const res = await app.request('/health')
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'; script-src 'self'/)
  })
  it('keeps framing, device features and cross-origin reads closed, except widget.js', async () => {
    const res = await app.request('/health')
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(res.headers.get('permissions-policy')).toMatch(/camera=\(\).*microphone=\(\).*geolocation=\(\)/)
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin')
    expect((await app.request('/widget.js')).headers.get('cross-origin-resource-policy')).toBe('cross-origin')
  })
})

describe('methods', () => {
  it.each([
    ['PUT', '/ask', 'GET, HEAD, POST, OPTIONS'],
    ['DELETE', '/ask', 'GET, HEAD, POST, OPTIONS'],
    ['POST', '/documents', 'GET, HEAD, OPTIONS'],
    ['DELETE', '/documents/anything', 'GET, HEAD, OPTIONS'],
    ['PATCH', '/health', 'GET, HEAD, OPTIONS'],
  ])('%s %s gets 405 with Allow', async (method, path, allow) => {
    const res = await app.request(path, { method })
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe(allow)
    expect(((await res.json()) as { error: string }).error).toContain(`${method} is not allowed`)
  })
  it('still gives 404 for a route that does not exist', async () => {
    expect((await app.request('/nope', { method: 'PUT' })).status).toBe(404)
  })
  it('points /favicon.ico at the icon', async () => {
    const res = await app.request('/favicon.ico')
    expect(res.status).toBe(301)
    expect(res.headers.get('location')).toBe('/favicon.svg')
  })
})

describe('format characters', () => {
  it.each([
    ['soft hyphen', 'What did Laming say about court fe\u00ADes?'],
    ['zero-width space', 'What did Laming say about co\u200Burt fees?'],
    ['word joiner and BOM', '\uFEFFWhat did Laming say about court\u2060 fees?'],
  ])('a %s inside a word still gets the answer', async (_, question) => {
    const plain = (await (await askPost({ question: 'What did Laming say about court fees?' })).json()) as AskResponse
    const body = (await (await askPost({ question })).json()) as AskResponse
    expect(body.answered).toBe(true)
    expect(body.answer.sentences).toEqual(plain.answer.sentences)
  })
})
