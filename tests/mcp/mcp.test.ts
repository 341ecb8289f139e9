// /mcp with the MCP SDK's own client, against the server as `npm start` (Node) and `npm run dev`
// (workerd) run it.
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AskResponse } from '../../src/answer/ask.js'
import { LEXICAL_INDEX } from '../setup/paths.js'
import { startAppServer, type Started } from '../setup/servers.js'
import { startWranglerDev } from '../setup/wrangler.js'

const ALLOWED = 'https://intranet.example'
const servers: Record<string, Started> = {}

beforeAll(async () => {
  const [node, worker] = await Promise.all([startAppServer(LEXICAL_INDEX, [ALLOWED]), startWranglerDev(LEXICAL_INDEX, { ALLOWED_ORIGINS: ALLOWED })])
  Object.assign(servers, { node, worker })
})
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.stop()))
})

async function connect(url: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'laming-qa-test', version: '1.0.0' })
  await client.connect(new StreamableHTTPClientTransport(new URL(`${url}/mcp`), { requestInit: { headers } }))
  return client
}

const text = (r: CallToolResult) => r.content.map((c) => (c.type === 'text' ? c.text : '')).join('\n')
const call = async (client: Client, name: string, args: Record<string, unknown>) => (await client.callTool({ name, arguments: args })) as CallToolResult

describe.each(['node', 'worker'])('MCP on %s', (runtime) => {
  let client: Client
  const url = () => servers[runtime].url
  beforeAll(async () => {
    client = await connect(url())
  })
  afterAll(async () => client?.close())

  it('introduces itself and lists three tools with input and output schemas', async () => {
    expect(client.getServerVersion()?.name).toBe('laming-qa')
    const { tools } = await client.listTools()
    expect(tools.map((t) => t.name)).toEqual(['ask', 'list_documents', 'get_passage'])
    const ask = tools.find((t) => t.name === 'ask')!
    expect(ask.inputSchema.required).toEqual(['question'])
    expect(Object.keys(ask.inputSchema.properties ?? {})).toEqual(['question', 'history'])
    expect(ask.outputSchema?.required).toEqual(expect.arrayContaining(['status', 'sources', 'answer']))
    expect(tools.find((t) => t.name === 'get_passage')!.inputSchema.required).toEqual(['docId', 'start', 'end'])
    for (const t of tools) expect(t.annotations?.readOnlyHint, t.name).toBe(true)
    // It names the documents served, so an agent can tell when to call it.
    expect(ask.description).toMatch(/^Answers a question about these documents: .*"The Protection of Children in England: A Progress Report" \(report\)/)
  })

  it('accepts a notification with 202 and no body, as the specification says', async () => {
    const res = await fetch(`${url()}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
    })
    expect(res.status).toBe(202)
    expect(await res.text()).toBe('')
    // The server's own headers stay on it.
    expect(res.headers.get('x-request-id')).toBeTruthy()
  })

  it('ask answers as POST /ask does: [n] citations in the text, sources with offsets and the status in structured content', async () => {
    const question = 'What did Laming say about court fees?'
    const result = await call(client, 'ask', { question })
    expect(result.isError).toBeFalsy()
    const rest = (await (await fetch(`${url()}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) })).json()) as AskResponse
    const s = result.structuredContent as Pick<AskResponse, 'status' | 'answer' | 'sources' | 'question'>
    expect(s.status).toBe('answered')
    expect(s.answer).toEqual(rest.answer)
    expect(s.sources).toEqual(rest.sources)
    expect(text(result)).toContain(rest.answer.markdown)
    // The markdown, the status, then one line per cited source.
    expect(text(result)).toMatch(/\n\nStatus: answered \(confidence [\d.]+\)\.\n\nSources:\n\[1\] .+ \(docId \w+, characters \d+–\d+\)\n\[2\] /)
    for (const n of new Set(s.answer.sentences.flatMap((x) => x.sources))) {
      const source = s.sources.find((x) => x.n === n)!
      expect(text(result)).toContain(`[${n}] ${source.title}`)
      expect(text(result)).toContain(`docId ${source.docId}, characters ${source.start}–${source.end}`)
    }
  })

  it('ask follows up through history, and says when the documents do not cover a question', async () => {
    const followUp = (await call(client, 'ask', { question: 'And what about the police?', history: ['What did Laming say about training?'] })).structuredContent as { followUp: boolean; status: string }
    expect(followUp.followUp).toBe(true)
    const refused = await call(client, 'ask', { question: 'What is the capital of France?' })
    expect((refused.structuredContent as { status: string }).status).toBe('not_found')
    expect(text(refused)).toMatch(/could not find/)
  })

  it('list_documents lists what GET /documents does', async () => {
    const result = await call(client, 'list_documents', {})
    const rest = await (await fetch(`${url()}/documents`)).json()
    expect((result.structuredContent as { documents: unknown[] }).documents).toEqual(rest)
    expect(text(result).split('\n')).toHaveLength((rest as unknown[]).length)
  })

  it("get_passage returns an ask source's text from its offsets", async () => {
    const sources = ((await call(client, 'ask', { question: 'How many children were the subject of child protection plans?' })).structuredContent as unknown as AskResponse).sources
    expect(sources.length).toBeGreaterThan(0)
    for (const s of sources.slice(0, 3)) {
      const passage = await call(client, 'get_passage', { docId: s.docId, start: s.start, end: s.end })
      expect(passage.isError).toBeFalsy()
      expect((passage.structuredContent as { text: string }).text).toBe(s.text)
      expect(text(passage)).toBe(s.text)
      if (s.section) expect((passage.structuredContent as { sections: string[] }).sections).toContain(s.section)
    }
  })

  it.each([
    ['ask', {}, /Input validation error.*Missing "question"/],
    ['ask', { question: 42 }, /"question" must be a string/],
    ['ask', { question: '   ' }, /question is empty/],
    ['ask', { question: 'x'.repeat(301) }, /longer than 300 characters/],
    ['ask', { question: 'court fees', history: 'training' }, /"history" must be an array/],
    // As POST /ask: a misspelt "history" would answer a follow-up alone.
    ['ask', { question: 'who chairs it?', histroy: ['What are LSCBs?'] }, /Unknown field "histroy": the ask tool takes "question" and, for a follow-up, "history"/],
    ['get_passage', { docId: 'DOC', end: 5 }, /Give "start": a character offset/],
    ['get_passage', { docId: 'DOC', start: 0, end: 5, length: 3 }, /Unknown argument "length": get_passage takes "docId", "start" and "end"/],
    ['get_passage', { docId: 'nope', start: 0, end: 10 }, /No document "nope"; list_documents lists them/],
    ['get_passage', { docId: 'DOC', start: 10, end: 5 }, /"end" \(5\) must be greater than "start" \(10\)/],
    ['get_passage', { docId: 'DOC', start: 0, end: 10_000_000 }, /past the end of .* which has \d+ characters/],
    ['get_passage', { docId: 'DOC', start: 0, end: 15_000 }, /at most 10000 characters/],
    ['get_passage', { docId: 'DOC', start: -1, end: 5 }, /"start" cannot be negative/],
    ['get_passage', { docId: 'DOC', start: 'a', end: 5 }, /"start" must be a number/],
    ['no_such_tool', {}, /Tool no_such_tool not found/],
  ])('%s with bad input %j gets a tool error saying what to change', async (name, args, message) => {
    const docs = (await (await fetch(`${url()}/documents`)).json()) as { id: string; passages: number }[]
    // The longest document, so a span can be over the cap and still inside it.
    const report = docs.reduce((a, b) => (b.passages > a.passages ? b : a)).id
    const resolved = Object.fromEntries(Object.entries(args).map(([k, v]) => [k, v === 'DOC' ? report : v]))
    const result = await call(client, name, resolved)
    expect(result.isError).toBe(true)
    expect(text(result)).toMatch(message)
    expect(text(result)).not.toMatch(/at .*\.(ts|js):\d+/)
    // and the server goes on answering
    expect((await call(client, 'list_documents', {})).isError).toBeFalsy()
  })

  it('obeys the same origin policy as /ask', async () => {
    await expect(connect(url(), { origin: 'https://elsewhere.example' })).rejects.toThrow(/does not answer pages from https:\/\/elsewhere\.example/)
    const refused = await fetch(`${url()}/mcp`, { method: 'POST', headers: { origin: 'https://elsewhere.example', 'content-type': 'application/json' }, body: '{}' })
    const ask = await fetch(`${url()}/ask?q=court+fees`, { headers: { origin: 'https://elsewhere.example' } })
    expect([refused.status, ask.status]).toEqual([403, 403])
    expect(((await refused.json()) as { error: string }).error).toBe(((await ask.json()) as { error: string }).error)
    const allowed = await connect(url(), { origin: ALLOWED })
    expect((await call(allowed, 'list_documents', {})).isError).toBeFalsy()
    await allowed.close()
  })

  it('answers a browser preflight from an allowed origin with the headers an MCP client sends', async () => {
    const res = await fetch(`${url()}/mcp`, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, mcp-protocol-version' },
    })
    expect(res.status).toBe(204)
    expect(res.headers.get('access-control-allow-origin')).toBe(ALLOWED)
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('mcp-protocol-version')
  })

  it('has no server-to-client stream or session: GET and DELETE get 405 with Allow', async () => {
    for (const method of ['GET', 'DELETE']) {
      const res = await fetch(`${url()}/mcp`, { method, headers: { accept: 'text/event-stream' } })
      expect(res.status, method).toBe(405)
      expect(res.headers.get('allow')).toBe('POST, OPTIONS')
    }
  })

  it('refuses a body over the size limit, and malformed JSON-RPC, without crashing', async () => {
    const big = await fetch(`${url()}/mcp`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'ask', arguments: { question: 'a'.repeat(20_000) } } }),
    })
    expect(big.status).toBe(413)
    const bad = await fetch(`${url()}/mcp`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' }, body: '{"jsonrpc":' })
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { message: string } }).error.message).toMatch(/Parse error/)
    expect((await call(client, 'list_documents', {})).isError).toBeFalsy()
  })
})

describe('MCP host check (Node)', () => {
  it('answers only under its own names, as /ask does', async () => {
    const { port } = new URL(servers.node.url)
    // fetch cannot forge Host; node:http can.
    const { request } = await import('node:http')
    const status = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, path, method: 'POST', headers: { host: `evil.example:${port}`, 'content-type': 'application/json' } }, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
        req.on('error', reject)
        req.end('{}')
      })
    expect(await status('/mcp')).toBe(403)
    expect(await status('/ask')).toBe(403)
  })
})
