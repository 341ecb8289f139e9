// The README's own commands, run as a new user runs them.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseOrigins } from '../../src/config.js'
import { LEXICAL_INDEX, ROOT } from '../setup/paths.js'
import { startAppServer, startCommand, type Started } from '../setup/servers.js'

const run = promisify(execFile)
const npm = (args: string[], env: Record<string, string> = {}) =>
  run('npm', args, { cwd: ROOT, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  )

describe('npm start, with only PORT and a fresh index folder to build from the seeds (LAMING_SOURCE_DIR)', () => {
  let server: Started
  let work: string
  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'laming-start-'))
    server = await startAppServer(join(work, 'index'), [], { LAMING_SOURCE_DIR: 'seeds' })
  }, 180_000)
  afterAll(async () => {
    await server?.stop()
    rmSync(work, { recursive: true, force: true })
  })

  it('serves the page, its script and the widget', async () => {
    const page = await fetch(`${server.url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    expect(await page.text()).toMatch(/<html[\s\S]*<script type="module" src="\/app.js">/)
    for (const path of ['/app.js', '/widget.js']) {
      const res = await fetch(`${server.url}${path}`)
      expect(res.status, path).toBe(200)
      expect(res.headers.get('content-type'), path).toMatch(/javascript/)
    }
    const icon = await fetch(`${server.url}/favicon.ico`)
    expect(icon.status).toBe(200)
    expect(icon.headers.get('content-type')).toMatch(/svg/)
  })

  it('does not serve the sources of the page', async () => {
    for (const path of ['/build.mjs', '/src/widget.ts', '/public/index.html']) expect((await fetch(`${server.url}${path}`)).status, path).toBe(404)
  })

  it('answers /health and POST /ask, from the page itself', async () => {
    const health = (await (await fetch(`${server.url}/health`)).json()) as { status: string; index: { passages: number } }
    expect(health.status).toBe('ok')
    expect(health.index.passages).toBeGreaterThan(100)
    // A browser on the page sends its origin; the server knows it from the port it listens on.
    const port = new URL(server.url).port
    for (const origin of [`http://localhost:${port}`, `http://127.0.0.1:${port}`]) {
      const res = await fetch(`${server.url}/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin },
        body: JSON.stringify({ question: 'What did Laming say about court fees?' }),
      })
      expect(res.status, origin).toBe(200)
      expect(((await res.json()) as { answered: boolean }).answered).toBe(true)
    }
  })

  it('says in one line that embeddings are off offline, and what it serves', () => {
    const out = server.output()
    expect(out.match(/Embeddings off/g)?.length ?? 0).toBeLessThanOrEqual(1)
    expect(out).toMatch(/laming-qa: 5 documents, \d+ passages; lexical retrieval/)
    expect(out).not.toMatch(/^\s+at /m)
  })
})

describe('command-line errors are one line a person can act on', () => {
  it('npm run eval with a missing or malformed file', async () => {
    const missing = await npm(['run', '--silent', 'eval', '--', 'missing.jsonl', '--index', LEXICAL_INDEX])
    expect(missing.code).toBe(1)
    expect(missing.out).toMatch(/No question file at missing\.jsonl/)
    expect(missing.out).not.toMatch(/^\s+at /m)
    const dir = mkdtempSync(join(tmpdir(), 'laming-eval-'))
    writeFileSync(join(dir, 'bad.jsonl'), '{"id": "a", "question": "ok", "evidence": ["x"]}\n{"id": "b", "question": \n')
    const bad = await npm(['run', '--silent', 'eval', '--', join(dir, 'bad.jsonl'), '--index', LEXICAL_INDEX])
    expect(bad.code).toBe(1)
    expect(bad.out).toMatch(/bad\.jsonl: line 2 is not JSON/)
    expect(bad.out).not.toMatch(/^\s+at /m)
  })

  it('ingest with --model-dir that does not exist fails, and leaves the index', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laming-md-'))
    const res = await npm(['run', '--silent', 'ingest', '--', '--out', join(dir, 'index'), '--model-dir', '/nonexistent/model'])
    expect(res.code).toBe(1)
    expect(res.out).toMatch(/\/nonexistent\/model does not exist/)
    expect(res.out).not.toMatch(/^\s+at /m)
  })

  it('a second ingest with nothing to do does not retry the model download', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'laming-noop-'))
    const first = await npm(['run', '--silent', 'ingest', '--', '--out', join(dir, 'index')])
    expect(first.code).toBe(0)
    const second = await npm(['run', '--silent', 'ingest', '--', '--out', join(dir, 'index')])
    expect(second.code).toBe(0)
    expect(second.out).not.toMatch(/Embeddings off/)
    expect(second.out).toMatch(/up to date.*could not be loaded/)
  })

  it('ALLOWED_ORIGINS entries without a scheme are reported, not dropped silently', () => {
    const parsed = parseOrigins('intranet.example.org, https://ok.example/, ftp://x.example')
    expect(parsed.origins).toEqual(['https://ok.example'])
    expect(parsed.rejected[0]).toMatch(/"intranet.example.org" has no scheme; write it as https:\/\/intranet.example.org/)
    expect(parsed.rejected[1]).toMatch(/"ftp:\/\/x.example" is not an origin/)
    const odd = parseOrigins('*, https://*.example.org, null')
    expect(odd.origins).toEqual([])
    expect(odd.rejected).toEqual([
      expect.stringMatching(/"\*" is a wildcard, which is not supported; list each origin/),
      expect.stringMatching(/"https:\/\/\*.example.org" is a wildcard/),
      expect.stringMatching(/"null" cannot be allowed: it is the origin of pages opened from a file/),
    ])
  })

  it('says to open the page under PUBLIC_ORIGIN when it is set, the only name it answers to', async () => {
    const server = await startCommand('npm', ['start'], { PORT: '0', LAMING_INDEX_DIR: LEXICAL_INDEX, PUBLIC_ORIGIN: 'http://qa.intranet.test' }, /Open (http:\/\/qa\.intranet\.test)\//, 60_000)
    await server.stop()
  })
})
