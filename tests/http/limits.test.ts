import { describe, expect, it } from 'vitest'
import type { RequestLogEntry } from '../../src/http/env.js'
import { clientNetwork, forwardedFor } from '../../src/http/middleware/client.js'
import { createApp } from '../../src/http/app.js'
import { DEFAULT_CONFIG, configFromEnv, type AppConfig } from '../../src/config.js'
import { loadIndex, postJson } from '../setup/app.js'

const index = loadIndex()
const PAGE = 'http://localhost:8787'

function app(config: Partial<AppConfig>, extra: { address?: string; log?: (e: RequestLogEntry) => void; logQuestions?: boolean } = {}) {
  return createApp({
    index,
    embedder: null,
    config: { ...DEFAULT_CONFIG, publicOrigins: [PAGE], ...config },
    clientAddress: (c) => c.req.header('x-test-address') ?? extra.address ?? '192.0.2.1',
    log: extra.log,
    logQuestions: extra.logQuestions,
  })
}
const ask = (a: ReturnType<typeof app>, headers: Record<string, string> = {}, question = 'What did Laming say about court fees?') =>
  a.request('http://localhost:8787/ask', postJson({ question }, { host: 'localhost:8787', ...headers }))

describe('rate limits', () => {
  it('turns a client away with 429, Retry-After and a plain-words error once over its limit per minute', async () => {
    const a = app({ rateLimitPerMinute: 3 })
    for (let i = 0; i < 3; i++) expect((await ask(a)).status).toBe(200)
    const res = await ask(a)
    expect(res.status).toBe(429)
    const retry = Number(res.headers.get('retry-after'))
    expect(retry).toBeGreaterThanOrEqual(1)
    expect(retry).toBeLessThanOrEqual(60)
    const error = ((await res.json()) as { error: string }).error
    expect(error).toMatch(/3 API requests a minute.*Wait \d+ seconds/)
    // With no API keys configured, none would help: the message does not suggest one.
    expect(error).not.toMatch(/API key/)
    // Another address has its own allowance; so does GET /documents from the first, which is also metered.
    expect((await ask(a, { 'x-test-address': '192.0.2.2' })).status).toBe(200)
    expect((await a.request('/documents', { headers: { host: 'localhost:8787' } })).status).toBe(429)
  })

  it('lets a widget on an allowed origin read how long to wait', async () => {
    const a = app({ rateLimitPerMinute: 1, allowedOrigins: ['https://intranet.example'] })
    const fromWidget = { origin: 'https://intranet.example' }
    expect((await ask(a, fromWidget)).status).toBe(200)
    const res = await ask(a, fromWidget)
    expect(res.status).toBe(429)
    expect(res.headers.get('access-control-allow-origin')).toBe('https://intranet.example')
    expect(res.headers.get('access-control-expose-headers')).toMatch(/Retry-After/)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
  })

  it('counts wrong keys against the caller, so keys cannot be guessed at will', async () => {
    const a = app({ rateLimitPerMinute: 3, apiKeys: ['tool-key-1'] })
    const statuses: number[] = []
    for (let i = 0; i < 5; i++) statuses.push((await ask(a, { authorization: `Bearer guess-${i}` })).status)
    expect(statuses).toEqual([401, 401, 401, 429, 429])
  })

  it('counts a tool with an API key by its key, not its address', async () => {
    const a = app({ rateLimitPerMinute: 2, apiKeys: ['tool-key-1', 'tool-key-2'] })
    const bearer = (k: string) => ({ authorization: `Bearer ${k}` })
    expect((await ask(a, bearer('tool-key-1'))).status).toBe(200)
    expect((await ask(a, bearer('tool-key-1'))).status).toBe(200)
    const over = await ask(a, bearer('tool-key-1'))
    expect(over.status).toBe(429)
    // It has a key already: no hint to get one.
    expect(((await over.json()) as { error: string }).error).not.toMatch(/API key/)
    expect((await ask(a, bearer('tool-key-2'))).status).toBe(200)
    // A caller counted by its address is told that a key gives it a limit of its own.
    for (let i = 0; i < 2; i++) await ask(a)
    const keyless = await ask(a)
    expect(keyless.status).toBe(429)
    expect(((await keyless.json()) as { error: string }).error).toMatch(/an API key \(ask the administrator\) gives yours its own/)
  })

  it('does not count preflights or /health, and 0 turns limiting off', async () => {
    const a = app({ rateLimitPerMinute: 1 })
    for (let i = 0; i < 3; i++) {
      const pre = await a.request('/ask', { method: 'OPTIONS', headers: { host: 'localhost:8787', origin: PAGE, 'access-control-request-method': 'POST' } })
      expect(pre.status).toBeLessThan(300)
      expect((await a.request('/health', { headers: { host: 'localhost:8787' } })).status).toBe(200)
    }
    expect((await ask(a)).status).toBe(200)
    expect((await ask(a)).status).toBe(429)
    const off = app({ rateLimitPerMinute: 0 })
    for (let i = 0; i < 5; i++) expect((await ask(off)).status).toBe(200)
  })

  it('reads X-Forwarded-For only behind a configured number of proxies, and only the entry they wrote', () => {
    expect(forwardedFor('203.0.113.9', 0)).toBeUndefined()
    expect(forwardedFor('1.1.1.1, 203.0.113.9', 1)).toBe('203.0.113.9')
    expect(forwardedFor('forged, 1.1.1.1, 203.0.113.9', 2)).toBe('1.1.1.1')
    expect(forwardedFor('203.0.113.9', 3)).toBe('203.0.113.9')
  })

  it('behind TRUST_PROXY, clients behind one proxy are told apart; without it, a forged header changes nothing', async () => {
    const proxied = app({ rateLimitPerMinute: 1, trustProxy: 1 })
    expect((await ask(proxied, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200)
    expect((await ask(proxied, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200)
    expect((await ask(proxied, { 'x-forwarded-for': 'forged, 198.51.100.1' })).status).toBe(429)
    const direct = app({ rateLimitPerMinute: 1 })
    expect((await ask(direct, { 'x-forwarded-for': '198.51.100.1' })).status).toBe(200)
    expect((await ask(direct, { 'x-forwarded-for': '198.51.100.2' })).status).toBe(429)
  })
  it('counts an IPv6 client by its /64, so rotating addresses within it does not reset the limit', async () => {
    const proxied = app({ rateLimitPerMinute: 1, trustProxy: 1 })
    expect((await ask(proxied, { 'x-forwarded-for': '2001:db8:1:2::1' })).status).toBe(200)
    expect((await ask(proxied, { 'x-forwarded-for': '2001:db8:1:2:ffff:0:0:2' })).status).toBe(429)
    expect((await ask(proxied, { 'x-forwarded-for': '2001:db8:1:3::1' })).status).toBe(200)
    // An IPv4 address written as IPv6 is the same client.
    expect((await ask(proxied, { 'x-forwarded-for': '198.51.100.7' })).status).toBe(200)
    expect((await ask(proxied, { 'x-forwarded-for': '::ffff:198.51.100.7' })).status).toBe(429)
    expect(clientNetwork('2001:db8:1:2:3:4:5:6')).toBe('2001:db8:1:2::/64')
    expect(clientNetwork('unknown')).toBe('unknown')
    // Ports, brackets and zone ids are not part of the client.
    expect(clientNetwork('[2001:db8:1:2::5]:443')).toBe('2001:db8:1:2::/64')
    expect(clientNetwork('198.51.100.7:80')).toBe('198.51.100.7')
    expect(clientNetwork('fe80::1%en0.5')).toBe('fe80::1')
    // On a LAN each IPv6 address is its own machine, as with IPv4.
    expect(clientNetwork('fd00::1')).not.toBe(clientNetwork('fd00::2'))
  })
})

describe('API keys', () => {
  const keyed = () => app({ apiKeys: ['s3cret-key'], rateLimitPerMinute: 0, allowedOrigins: ['https://intranet.example'] })

  it('asks tools for a key with a 401 JSON error that says how to send one', async () => {
    const a = keyed()
    for (const headers of [{}, { authorization: 'Bearer wrong-key' }] as Record<string, string>[]) {
      const res = await ask(a, headers)
      expect(res.status).toBe(401)
      expect(res.headers.get('content-type')).toMatch(/json/)
      expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
      expect(((await res.json()) as { error: string }).error).toMatch(/Authorization: Bearer/)
    }
    expect((await a.request('/documents', { headers: { host: 'localhost:8787' } })).status).toBe(401)
    const bad = await ask(a, { authorization: 'Basic abc' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: string }).error).toMatch(/not "Bearer KEY"/)
  })

  it('answers a tool with the right key, the page itself and an allowed widget origin without one', async () => {
    const a = keyed()
    expect((await ask(a, { authorization: 'Bearer s3cret-key' })).status).toBe(200)
    expect((await ask(a, { origin: PAGE })).status).toBe(200)
    expect((await ask(a, { origin: 'https://intranet.example' })).status).toBe(200)
    expect((await a.request('/documents', { headers: { host: 'localhost:8787', 'sec-fetch-site': 'same-origin' } })).status).toBe(200)
    // A foreign origin is refused by the origin policy before keys are considered.
    expect((await ask(a, { origin: 'https://evil.example' })).status).toBe(403)
    // Monitoring needs no key.
    expect((await a.request('/health', { headers: { host: 'localhost:8787' } })).status).toBe(200)
  })

  it('asks an MCP client for the key too, sent as the README shows (an Authorization header in the mcp.json entry)', async () => {
    const a = keyed()
    const initialize = (headers: Record<string, string>) =>
      a.request(
        'http://localhost:8787/mcp',
        postJson(
          { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'test', version: '1' } } },
          { host: 'localhost:8787', accept: 'application/json, text/event-stream', ...headers },
        ),
      )
    expect((await initialize({})).status).toBe(401)
    const res = await initialize({ authorization: 'Bearer s3cret-key' })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { result: { serverInfo: { name: string } } }).result.serverInfo.name).toBe('laming-qa')
  })

  it('reads API_KEYS, RATE_LIMIT_PER_MINUTE and TRUST_PROXY from the environment, and says what is wrong with a bad value', () => {
    const [a, b] = ['k7Qx9-mT2vLp8RwZ4sYc', 'Hn3bV6tGq1Jd0Fe5Ku8A']
    const { config } = configFromEnv({ API_KEYS: ` ${a} , ${b},`, RATE_LIMIT_PER_MINUTE: '30', TRUST_PROXY: '1' })
    expect(config.apiKeys).toEqual([a, b])
    expect(config.rateLimitPerMinute).toBe(30)
    expect(config.trustProxy).toBe(1)
    expect(configFromEnv({}).config.rateLimitPerMinute).toBe(120)
    expect(() => configFromEnv({ RATE_LIMIT_PER_MINUTE: 'lots' })).toThrow(/RATE_LIMIT_PER_MINUTE must be a whole number of 0 or more, not "lots"/)
    expect(() => configFromEnv({ TRUST_PROXY: '-1' })).toThrow(/TRUST_PROXY/)
    // A key a Bearer header cannot carry, or one short enough to guess, is refused at start-up.
    expect(() => configFromEnv({ API_KEYS: 'has space inside-0123456789' })).toThrow(/characters a Bearer header cannot carry/)
    expect(() => configFromEnv({ API_KEYS: 'short' })).toThrow(/shorter than 16 characters/)
    expect(() => configFromEnv({ API_KEYS: ' , ' })).toThrow(/API_KEYS is set but holds no key/)
    expect(configFromEnv({ API_KEYS: '  ' }).config.apiKeys).toEqual([])
  })
})

describe('answer cache', () => {
  it('answers a repeated question from the cache, with the same answer, and /health counts hits and misses', async () => {
    const a = app({ rateLimitPerMinute: 0 })
    const first = (await (await ask(a)).json()) as Record<string, unknown>
    const again = await ask(a)
    expect(await again.json()).toEqual(first)
    // Spacing and invisible characters do not make a new question; the echo is the asker's own text.
    const spaced = (await (await ask(a, {}, '  What did  Laming say about\u200b court fees? ')).json()) as Record<string, unknown>
    expect({ ...spaced, question: first.question }).toEqual(first)
    const health = (await (await a.request('/health', { headers: { host: 'localhost:8787' } })).json()) as { answerCache: { hits: number; misses: number; entries: number } }
    expect(health.answerCache).toMatchObject({ hits: 2, misses: 1, entries: 1 })
  })

  it('keeps answers apart by history, and holds no more than its bound', async () => {
    const a = app({ rateLimitPerMinute: 0, answerCacheEntries: 2 })
    const post = (question: string, history: string[]) => a.request('/ask', postJson({ question, history }, { host: 'localhost:8787' }))
    const alone = (await (await post('And what about the police?', [])).json()) as { followUp: boolean }
    const after = (await (await post('And what about the police?', ['What did Laming say about court fees?'])).json()) as { followUp: boolean }
    expect(alone.followUp).toBe(false)
    expect(after.followUp).toBe(true)
    for (const q of ['What is an LSCB?', 'Who is Lord Laming?', 'What are court fees?']) await post(q, [])
    const health = (await (await a.request('/health', { headers: { host: 'localhost:8787' } })).json()) as { answerCache: { entries: number; maxEntries: number } }
    expect(health.answerCache).toMatchObject({ entries: 2, maxEntries: 2 })
  })
})

describe('request log and errors', () => {
  it('writes one entry per request: method, route pattern, status, time, cache and a client hash, and no question by default', async () => {
    const entries: RequestLogEntry[] = []
    const a = app({ rateLimitPerMinute: 0 }, { log: (e) => entries.push(e) })
    await ask(a)
    await ask(a)
    await a.request('/documents/laming-report', { headers: { host: 'localhost:8787' } })
    expect(entries).toHaveLength(3)
    expect(entries[0]).toMatchObject({ method: 'POST', route: '/ask', status: 200, cache: 'miss' })
    expect(entries[1].cache).toBe('hit')
    expect(entries[2]).toMatchObject({ method: 'GET', route: '/documents/:id' })
    for (const e of entries) {
      expect(e.client).toMatch(/^[0-9a-f]{12}$/)
      expect(JSON.stringify(e)).not.toContain('192.0.2.1')
      expect(JSON.stringify(e)).not.toMatch(/court fees/)
      expect(e.requestId).toBeTruthy()
      expect(e.ms).toBeGreaterThanOrEqual(0)
    }
    const withQuestions: RequestLogEntry[] = []
    await ask(app({ rateLimitPerMinute: 0 }, { log: (e) => withQuestions.push(e), logQuestions: true }))
    expect(withQuestions[0].question).toBe('What did Laming say about court fees?')
  })

  it('gives a 500 a request id, in the body and the X-Request-Id header, that matches the log', async () => {
    const entries: RequestLogEntry[] = []
    const a = app({}, { log: (e) => entries.push(e) })
    a.get('/fails', () => {
      throw new Error('boom')
    })
    const errors: unknown[] = []
    const original = console.error
    console.error = (...args: unknown[]) => void errors.push(args)
    try {
      // An id the client sends is not taken: it could be forged or repeated.
      const res = await a.request('/fails', { headers: { host: 'localhost:8787', 'x-request-id': 'forged-id' } })
      expect(res.status).toBe(500)
      const body = (await res.json()) as { error: string; requestId: string }
      expect(body.requestId).toBe(res.headers.get('x-request-id'))
      expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(body.error).toContain(body.requestId)
      expect(body.error).not.toMatch(/boom|at /)
      expect(entries.at(-1)).toMatchObject({ requestId: body.requestId, status: 500 })
      expect(JSON.stringify(errors)).toContain(body.requestId)
    } finally {
      console.error = original
    }
  })
})
