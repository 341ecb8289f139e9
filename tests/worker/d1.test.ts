// The Worker past its bundle: a 100× corpus, too large to bundle, served by `npm run dev` from
// wrangler's local D1, answering as the Node server does.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest } from '../../ingest/pipeline.js'
import { DEFAULT_MODEL } from '../../src/embedder.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { scaledCorpus } from '../bench/scale-corpus.js'
import { loadIndex, testApp } from '../setup/app.js'
import { GENERATED, ROOT, SEEDS } from '../setup/paths.js'
import type { Started } from '../setup/servers.js'
import { startCommand } from '../setup/servers.js'
import { startWranglerDev } from '../setup/wrangler.js'

const INDEX_100X = join(GENERATED, 'index-100x')
const LIMITS_OFF = { RATE_LIMIT_PER_MINUTE: '0' }
let worker: Started
let node: ReturnType<typeof testApp>

beforeAll(async () => {
  if (!existsSync(join(INDEX_100X, 'CURRENT'))) {
    const corpus = scaledCorpus(SEEDS, join(GENERATED, 'corpora'), 100)
    await ingest({ source: corpus, out: INDEX_100X, model: DEFAULT_MODEL, lexicalOnly: true })
  }
  node = testApp({ index: loadIndex(INDEX_100X), config: { rateLimitPerMinute: 0 } })
  worker = await startWranglerDev(INDEX_100X, LIMITS_OFF, 300_000)
}, 600_000)
afterAll(async () => worker?.stop())

async function comparable(res: Response) {
  const body = (await res.json()) as Record<string, unknown>
  delete body.timings
  return { status: res.status, body }
}

const questions = ['questions.jsonl', 'blind-dev.jsonl'].flatMap((f) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')))

describe('npm run dev with an index too large to bundle', () => {
  it('chooses D1, says so, and loads the local database before starting', () => {
    const out = worker.output()
    expect(out).toMatch(/over the 3 MiB bundle limit, so the Worker reads it from Cloudflare D1/)
    expect(out).toMatch(/Loaded the index \([0-9a-f]{16}\) into the local D1 database|The local D1 database already holds this index/)
    expect(out).toMatch(/env\.INDEX_DB \(laming-qa-index\)\s+D1 Database\s+local/)
    expect(out).not.toMatch(/error|✘|Disallowed operation/i)
  })

  it('gives the same answers, citations, sources and scores as Node for every public and blind-dev question', async () => {
    let answered = 0
    for (const q of questions) {
      const init = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: q.question, history: q.history ?? [] }) }
      const [a, b] = await Promise.all([fetch(`${worker.url}/ask`, init).then(comparable), Promise.resolve(node.request('/ask', init)).then(comparable)])
      expect(a, q.question).toEqual(b)
      if ((a.body as { status: string }).status !== 'not_found') answered++
    }
    // Not a trivial match of refusals: most questions are answered, from passages read out of D1.
    expect(answered).toBeGreaterThan(questions.length / 2)
  })

  it('serves /documents, /documents/:id and /health as Node does', async () => {
    const [a, b] = await Promise.all([fetch(`${worker.url}/documents`).then(comparable), Promise.resolve(node.request('/documents')).then(comparable)])
    expect(a).toEqual(b)
    const docs = (a.body as unknown as { id: string; passages: number }[]).sort((x, y) => y.passages - x.passages)
    expect(docs.length).toBe(500)
    // The longest and the shortest (texts over 24,000 characters span rows: d1-format.test.ts).
    for (const { id } of [docs[0], docs[docs.length - 1]]) {
      const [c, d] = await Promise.all([fetch(`${worker.url}/documents/${id}`).then(comparable), Promise.resolve(node.request(`/documents/${id}`)).then(comparable)])
      expect(c.status).toBe(200)
      expect(c, id).toEqual(d)
    }
    const [e, f] = await Promise.all([fetch(`${worker.url}/documents/nope`).then(comparable), Promise.resolve(node.request('/documents/nope')).then(comparable)])
    expect(e).toEqual(f)
    const [g, h] = await Promise.all([fetch(`${worker.url}/health`).then(comparable), Promise.resolve(node.request('/health')).then(comparable)])
    expect(g.body.index).toEqual(h.body.index)
    expect(g.body.retrieval).toBe('lexical')
    expect((g.body.index as { passages: number }).passages).toBeGreaterThan(12_000)
  })
})

describe('a Worker whose D1 database holds another index', () => {
  it('refuses to answer, and fails /health, with a JSON 503 that says how to load the right one, and still serves the page', async () => {
    await worker.stop()
    const wrangler = (args: string[]) => spawnSync('npx', ['wrangler', 'd1', 'execute', 'INDEX_DB', '--local', ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: '1' } })
    const held = JSON.parse(wrangler(['--json', '--command', "SELECT value FROM meta WHERE key = 'index'"]).stdout) as { results: { value: string }[] }[]
    const version = held[0].results[0].value
    expect(wrangler(['--command', "UPDATE meta SET value = 'another build' WHERE key = 'index'"]).status).toBe(0)
    // wrangler dev alone: `npm run dev` would reload the right index first.
    const stale = await startCommand(
      'npx',
      ['wrangler', 'dev', '--port', '0', '--ip', '127.0.0.1', '--inspector-port', '0', '--show-interactive-dev-session=false'],
      { CI: '1', WRANGLER_SEND_METRICS: 'false', CLOUDFLARE_CF_FETCH_ENABLED: 'false' },
      /Ready on (http:\/\/127\.0\.0\.1:\d+)/,
    )
    try {
      const res = await fetch(`${stale.url}/ask?q=court%20fees`)
      expect(res.status).toBe(503)
      const { error } = (await res.json()) as { error: string }
      expect(error).toMatch(/holds another index \(another build\), not the one this Worker was built with/)
      expect(error).toMatch(/"npm run d1:load" \(local; npm run dev does it\) or "npm run d1:load -- --remote" \(deployed\)/)
      // An uptime check on /health sees it too.
      const health = await fetch(`${stale.url}/health`)
      expect(health.status).toBe(503)
      expect(((await health.json()) as { error: string }).error).toMatch(/holds another index \(another build\)/)
      const page = await fetch(`${stale.url}/`)
      expect(page.status).toBe(200)
      expect(await page.text()).toContain('<form id="ask"')
    } finally {
      await stale.stop()
      wrangler(['--command', `UPDATE meta SET value = '${version}' WHERE key = 'index'`])
    }
  })
})
