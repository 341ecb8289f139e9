// npm run bench:scale [-- --sizes 1,10,100,1000] [--baseline-dir DIR]: how ingest and /ask grow
// with the corpus. Each size is the seeds copied N times with words varied (tests/bench/scale-corpus.ts),
// written under the system's temp folder, never in git. For each size: ingest time (lexical, as
// on this machine), index size, and /ask p50 and p95 in-process (with the process's peak RSS) and
// over HTTP against `npm start` (node:http and fetch clients). --baseline-dir measures another checkout (an older commit) on
// the same corpora in the same run, side by side.
import { execFileSync, spawnSync } from 'node:child_process'
import http from 'node:http'
import { mkdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { currentIndexFolder } from '../../src/node/read-index.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { ROOT, SEEDS } from '../setup/paths.js'
import { startCommand } from '../setup/servers.js'
import { scaledCorpus } from './scale-corpus.js'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,10,100,1000' }, 'baseline-dir': { type: 'string' } } })
const sizes = values.sizes.split(',').map(Number)
const WORK = join(tmpdir(), 'laming-scale')
const products: [string, string][] = [['this checkout', ROOT], ...(values['baseline-dir'] ? [['baseline', values['baseline-dir']] as [string, string]] : [])]

const questions = [...new Set(['questions.jsonl', 'blind-dev.jsonl'].flatMap((f) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')).map((q) => q.question)))]

interface Row {
  product: string
  size: number
  passages: number
  ingestS: number
  indexMb: number
  loadS: number
  rssMb: number
  p50: number
  p95: number
  httpP50: number
  httpP95: number
  fetchP50: number
  fetchP95: number
}

const quantile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]
}

async function measure(product: string, dir: string, size: number): Promise<Row | string> {
  const corpus = scaledCorpus(SEEDS, join(WORK, 'corpora'), size)
  const out = join(WORK, product.replace(/\W+/g, '-'), `${size}x`)
  rmSync(out, { recursive: true, force: true })
  mkdirSync(out, { recursive: true })
  console.error(`[${product}] ${size}×: ingesting…`)
  const t0 = performance.now()
  const ingest = spawnSync(process.execPath, ['--import', 'tsx', 'ingest/cli.ts', '--source', corpus, '--out', out, '--lexical'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 })
  const ingestS = (performance.now() - t0) / 1000
  if (ingest.status !== 0) return `ingest failed: ${(ingest.stderr || ingest.stdout).trim().split('\n').slice(-3).join(' / ')}`
  const folder = currentIndexFolder(out)
  const indexMb = Number(execFileSync('du', ['-sb', folder]).toString().split('\t')[0]) / 1e6
  const passages = (JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as { counts: { passages: number } }).counts.passages
  console.error(`[${product}] ${size}×: ${passages} passages in ${ingestS.toFixed(1)} s; asking in-process…`)
  const probe = spawnSync(process.execPath, ['--max-old-space-size=8192', '--import', 'tsx', join(ROOT, 'tests/bench/scale-probe.ts'), '--index', out, '--product-dir', dir, '--questions', JSON.stringify(questions)], {
    cwd: dir,
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  })
  const line = probe.stdout.trim().split('\n').pop() ?? ''
  if (probe.status !== 0 || !line.startsWith('{')) return `in-process probe failed: ${(probe.stderr || probe.stdout).trim().split('\n').slice(-3).join(' / ')}`
  const inProcess = JSON.parse(line) as { loadMs: number; p50: number; p95: number; rssMb: number }
  console.error(`[${product}] ${size}×: asking over HTTP…`)
  const server = await startCommand('npm', ['start'], { PORT: '0', LAMING_INDEX_DIR: out, RATE_LIMIT_PER_MINUTE: '0', NODE_OPTIONS: '--max-old-space-size=8192' }, /Open (http:\/\/localhost:\d+)\//, 600_000, dir)
  // Two clients, alternating questions (so none is answered from the cache): node:http on a
  // keep-alive socket, whose own cost is small, and fetch (undici), which on this machine adds
  // about 2 ms per request of its own. The first measures the server; the second what a fetch-based tool sees.
  const times: { http: number[]; fetch: number[] } = { http: [], fetch: [] }
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  try {
    const viaHttp = (body: string) =>
      new Promise<number>((resolve, reject) => {
        const u = new URL(`${server.url}/ask`)
        const req = http.request({ host: u.hostname, port: u.port, path: u.pathname, method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume()
          res.on('end', () => resolve(res.statusCode ?? 0))
        })
        req.on('error', reject)
        req.end(body)
      })
    const viaFetch = async (body: string) => {
      const res = await fetch(`${server.url}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })
      await res.text()
      return res.status
    }
    // Warm-up questions no measured request repeats, so every measured request misses the answer cache.
    for (let i = 0; i < 20; i++) await (i % 2 ? viaFetch : viaHttp)(JSON.stringify({ question: `warm-up ${i} ${questions[i]}` }))
    for (const [i, q] of questions.entries()) {
      const client = i % 2 ? 'fetch' : 'http'
      const t = performance.now()
      const status = await (client === 'fetch' ? viaFetch : viaHttp)(JSON.stringify({ question: q }))
      if (status !== 200) throw new Error(`/ask answered ${status}`)
      times[client].push(performance.now() - t)
    }
  } finally {
    agent.destroy()
    await server.stop()
  }
  return {
    product,
    size,
    passages,
    ingestS,
    indexMb,
    loadS: inProcess.loadMs / 1000,
    rssMb: inProcess.rssMb,
    p50: inProcess.p50,
    p95: inProcess.p95,
    httpP50: quantile(times.http, 0.5),
    httpP95: quantile(times.http, 0.95),
    fetchP50: quantile(times.fetch, 0.5),
    fetchP95: quantile(times.fetch, 0.95),
  }
}

const rows: (Row | { product: string; size: number; error: string })[] = []
for (const size of sizes) {
  for (const [product, dir] of products) {
    const r = await measure(product, dir, size)
    rows.push(typeof r === 'string' ? { product, size, error: r } : r)
  }
}
const f = (x: number, d = 1) => x.toFixed(d)
console.log(`\n/ask over ${questions.length} distinct questions (public + blind-dev), lexical index, ${new Date().toISOString().slice(0, 10)}`)
console.log('| corpus | product | passages | ingest | index on disk | load | peak RSS (in-process) | /ask p50 / p95 in-process | over HTTP (node:http) | over HTTP (fetch) |')
console.log('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const r of rows) {
  if ('error' in r) console.log(`| ${r.size}× | ${r.product} | ${r.error} |`)
  else console.log(`| ${r.size}× | ${r.product} | ${r.passages.toLocaleString('en')} | ${f(r.ingestS)} s | ${f(r.indexMb)} MB | ${f(r.loadS, 2)} s | ${f(r.rssMb, 0)} MB | ${f(r.p50, 2)} / ${f(r.p95, 2)} ms | ${f(r.httpP50, 2)} / ${f(r.httpP95, 2)} ms | ${f(r.fetchP50, 2)} / ${f(r.fetchP95, 2)} ms |`)
}
console.log('Targets at 1000×: p50 ≤ 10 ms, p95 ≤ 25 ms, RSS ≤ 1.5 GB, ingest ≤ 2 min.')
