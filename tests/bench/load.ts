// npm run bench:load [-- --duration S] [--soak S] [--product-dir DIR]: /ask throughput against a
// Hono hello world, both started fresh, on the same machine, in the same run. --product-dir runs
// `npm start` in another checkout (an older commit, say) to compare versions.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'
import { readIndexFiles, DEFAULT_INDEX_DIR } from '../../src/node/read-index.js'
import { ROOT } from '../setup/paths.js'
import { startCommand, type Started } from '../setup/servers.js'

const { values } = parseArgs({ options: { duration: { type: 'string', default: '10' }, connections: { type: 'string', default: '10' }, soak: { type: 'string', default: '0' }, 'product-dir': { type: 'string', default: ROOT } } })
const duration = Number(values.duration)
const connections = Number(values.connections)
const soak = Number(values.soak)

const open = /Open (http:\/\/localhost:\d+)\//
// The product as the README starts it, with the rate limit off so the limit is not what is measured.
const product = await startCommand('npm', ['start'], { PORT: '0', RATE_LIMIT_PER_MINUTE: '0' }, open, 120_000, values['product-dir'])
// The floor sends a cached answer exactly as the product sends it: same headers, same body.
const sample = await fetch(`${product.url}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'What did Laming say about court fees?' }) })
const sampleHeaders = Object.fromEntries([...sample.headers].filter(([name]) => !['date', 'connection', 'keep-alive', 'content-length'].includes(name)))
const floorFile = join(mkdtempSync(join(tmpdir(), 'bench-load-')), 'floor.json')
const floorBody = await sample.text()
writeFileSync(floorFile, JSON.stringify({ headers: sampleHeaders, body: floorBody }))
const hello = await startCommand(process.execPath, ['--import', 'tsx', join(ROOT, 'tests/bench/hello-server.ts')], { PORT: '0', FLOOR_RESPONSE: floorFile }, open)

// Unique questions: a fragment of one corpus sentence joined to a fragment of another, so no two repeat.
const sentences = readIndexFiles(join(ROOT, DEFAULT_INDEX_DIR))!
  .corpus.passages.flatMap((p) => p.sentences.map((s) => s.text.split(/\s+/)))
  .filter((w) => w.length >= 6)
let next = 0
const uniqueQuestion = () => {
  const i = next++
  const a = sentences[i % sentences.length]
  const b = sentences[Math.floor(i / sentences.length) % sentences.length]
  return `What about ${a.slice(0, 6).join(' ')} and ${b.slice(2, 6).join(' ')}?`
}
const repeated = ['What did Laming say about court fees?', 'Who should lead the national unit?', 'What should health visitors do?', 'What is an LSCB?', 'Was Every Child Matters the right framework?']
let r = 0
const uniqueBody = () => JSON.stringify({ question: uniqueQuestion() })

interface Row {
  label: string
  rps: number
  p50: number
  p99: number
  errors: number
  requests: number
}

/** POSTs a new JSON body from `body` each request, on `connections` connections; `overallRate` caps the total rate. */
const postLoad = (url: string, body: () => string, seconds: number, overallRate?: number) =>
  autocannon({
    url,
    connections,
    duration: seconds,
    ...(overallRate ? { overallRate } : {}),
    requests: [{ method: 'POST', headers: { 'content-type': 'application/json' }, setupRequest: (req) => ({ ...req, body: body() }) }],
  })

async function load(label: string, url: string, body: () => string): Promise<Row> {
  const result = await postLoad(url, body, duration)
  return { label, rps: result.requests.average, p50: result.latency.p50, p99: result.latency.p99, errors: result.errors + result.timeouts + result.non2xx, requests: result.requests.total }
}

/** The process serving on the server's port (under `npm start`, node, not npm). */
const pidOf = (server: Started) => {
  const port = new URL(server.url).port
  return execFileSync('sh', ['-c', `ss -ltnpH 'sport = :${port}' | grep -o 'pid=[0-9]*' | head -1 | cut -d= -f2`]).toString().trim()
}

const rssOf = (server: Started) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pidOf(server)}/status`, 'utf8'))![1]) / 1024

/** User and system CPU time of a process so far, in microseconds (/proc/PID/stat counts clock ticks of 10 ms). */
const cpuMicros = (pid: string) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ')
  return (Number(fields[11]) + Number(fields[12])) * 10_000
}

/**
 * The server's CPU per request at a steady rate well below saturation: steadier than req/s at
 * saturation, which moves with whatever else the 2 cores run.
 */
async function cpuPerRequest(server: Started, url: string, body: () => string): Promise<number> {
  const pid = pidOf(server)
  const before = cpuMicros(pid)
  const result = await postLoad(url, body, Math.max(3, Math.round(duration / 2)), STEADY_RATE)
  return (cpuMicros(pid) - before) / result.requests.total
}
const STEADY_RATE = 500

try {
  // Warm both up, then measure.
  const repeatedQuestion = () => JSON.stringify({ question: repeated[r++ % repeated.length] })
  await load('warm-up', `${hello.url}/ask`, () => '{"question":"hi"}')
  await load('warm-up', `${hello.url}/floor/ask`, repeatedQuestion)
  await load('warm-up', `${product.url}/ask`, repeatedQuestion)
  const rows = [
    await load('Hono hello world (baseline)', `${hello.url}/ask`, () => '{"question":"hi"}'),
    await load(`floor: read the JSON body, send a cached answer's headers and its ${floorBody.length} characters`, `${hello.url}/floor/ask`, repeatedQuestion),
    await load('/ask, unique questions', `${product.url}/ask`, uniqueBody),
    await load('/ask, repeated questions (answer cache)', `${product.url}/ask`, repeatedQuestion),
  ]
  const [base, floor] = [rows[0].rps, rows[1].rps]
  console.log(`\n## bench:load — ${values['product-dir']}, ${connections} connections, ${duration} s each, ${new Date().toISOString()}`)
  console.log('| run | req/s | p50 ms | p99 ms | errors | of hello world | of the floor |')
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |')
  const pct = (n: number, of: number) => `${((100 * n) / of).toFixed(0)}%`
  for (const row of rows) console.log(`| ${row.label} | ${row.rps.toFixed(0)} | ${row.p50} | ${row.p99} | ${row.errors} | ${pct(row.rps, base)} | ${pct(row.rps, floor)} |`)
  console.log('targets: unique >= 25% of hello world, repeated >= 70%, 0 errors')
  const steady = [
    ['floor', await cpuPerRequest(hello, `${hello.url}/floor/ask`, repeatedQuestion)],
    ['/ask, repeated questions', await cpuPerRequest(product, `${product.url}/ask`, repeatedQuestion)],
    ['/ask, unique questions', await cpuPerRequest(product, `${product.url}/ask`, uniqueBody)],
  ] as const
  console.log(`\nserver CPU per request at a steady ${STEADY_RATE} req/s: ${steady.map(([label, us]) => `${label} ${us.toFixed(0)} µs`).join(', ')}`)
  const health = (await (await fetch(`${product.url}/health`)).json()) as { answerCache: unknown }
  console.log(`answer cache: ${JSON.stringify(health.answerCache)}`)
  if (soak > 0) {
    console.log(`\n## soak: unique questions for ${soak} s, RSS of the server every 10 s`)
    const samples: string[] = [`0 s: ${rssOf(product).toFixed(0)} MB`]
    const started = Date.now()
    const timer = setInterval(() => samples.push(`${Math.round((Date.now() - started) / 1000)} s: ${rssOf(product).toFixed(0)} MB`), 10_000)
    const soakRun = await postLoad(`${product.url}/ask`, uniqueBody, soak)
    clearInterval(timer)
    samples.push(`end: ${rssOf(product).toFixed(0)} MB`)
    console.log(samples.join('\n'))
    console.log(`${soakRun.requests.total} requests, ${soakRun.errors + soakRun.timeouts + soakRun.non2xx} errors`)
  }
} finally {
  await product.stop()
  await hello.stop()
}
