// npm run bench: prints figures for ingest, answer quality, latency and the Worker budgets.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { ingest } from '../../ingest/pipeline.js'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { DEFAULT_MODEL } from '../../src/embedder.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { evaluate, formatReport, parseQuestions } from '../../src/eval/evaluate.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { buildSearchIndex } from '../../src/index/search-index.js'
import { ROOT, SEEDS } from '../setup/paths.js'
import { startAppServer } from '../setup/servers.js'
import { generateTinyModel } from '../setup/tiny-model.js'
import { benchFormats } from './ingest-formats.js'

// Cloudflare's published limits.
const FREE_BUNDLE_GZ = 3 * 1024 * 1024
const PAID_BUNDLE_GZ = 10 * 1024 * 1024
const FREE_CPU_MS = 10
const STARTUP_MS = 1000

const work = mkdtempSync(join(tmpdir(), 'laming-bench-'))
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil((p / 100) * xs.length) - 1)]
const ms = (x: number) => `${x.toFixed(2)} ms`
const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval/questions.jsonl'), 'utf8'))

console.log('## Ingest (5 seed documents)')
const lexicalDir = join(work, 'lexical')
const lexical = await ingest({ source: SEEDS, out: lexicalDir, model: DEFAULT_MODEL, lexicalOnly: true })
console.log(`lexical-only: ${ms(lexical.ms)}; ${lexical.manifest.counts.passages} passages, ${lexical.manifest.counts.sentences} sentences`)
const unchanged = await ingest({ source: SEEDS, out: lexicalDir, model: DEFAULT_MODEL, lexicalOnly: true })
console.log(`re-run on unchanged input: ${ms(unchanged.ms)} (${unchanged.status})`)
const modelDir = join(work, 'models/tiny-bert')
generateTinyModel(modelDir, readdirSync(SEEDS).map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n'))
const tinyDir = join(work, 'tiny')
const tiny = await ingest({ source: SEEDS, out: tinyDir, model: DEFAULT_MODEL, modelDir })
console.log(`with the generated model: ${ms(tiny.ms)}`)

console.log('\n## Ingest per format (lexical-only, about 1 MB each of the report\'s paragraphs; .txt is the baseline)')
await benchFormats(work)
const words = readIndexFiles(lexicalDir)!.corpus.passages.map((p) => ({ id: p.id, n: p.text.split(/\s+/).length, text: p.text }))
words.sort((a, b) => a.n - b.n)
const show = (w: (typeof words)[number]) => `  ${w.n} words  ${w.id}  ${JSON.stringify(w.text.slice(0, 70))}`
console.log('shortest passages:\n' + words.slice(0, 5).map(show).join('\n'))
console.log('longest passages:\n' + words.slice(-5).map(show).join('\n'))

console.log('\n## Answer quality: each lexical resource alone, then together (lexical index)')
const lexIndex = buildSearchIndex(readIndexFiles(lexicalDir)!)
const tinyIndex = buildSearchIndex(readIndexFiles(tinyDir)!)
const tinyEmbedder = await loadTransformersEmbedder({ model: 'x', modelDir })
const base = DEFAULT_CONFIG.ask
const only = (language: Partial<typeof base.language>) => ({ ...base, language: { ...base.language, morphology: false, wordnet: false, spelling: false, ...language } })
const sets = ['questions.jsonl', 'dev.jsonl', 'blind-dev.jsonl', 'blind-test.jsonl'].map((f) => [f, parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8'))] as const)
const runs: [string, Parameters<typeof ask>[1], typeof lexIndex, typeof base][] = [
  ['exact words only', null, lexIndex, only({})],
  ['+ morphology', null, lexIndex, only({ morphology: true })],
  ['+ spelling', null, lexIndex, only({ spelling: true })],
  ['+ WordNet', null, lexIndex, only({ wordnet: true })],
  ['all (default)', null, lexIndex, base],
  ['hybrid, generated model (plumbing only)', tinyEmbedder, tinyIndex, base],
]
for (const [label, embedder, index, cfg] of runs) {
  for (const [file, qs] of sets) {
    console.log(formatReport(`${file}: ${label}`, await evaluate(qs, (q) => ask(index, embedder, q.question, q.history ?? [], cfg)), { misses: false }))
  }
}

console.log('\n## /ask in-process (lexical index, blind dev and test questions, 5 rounds): default against exact words only, same run')
const allQuestions = sets.flatMap(([, qs]) => qs)
for (const [label, cfg] of [['exact words only (baseline)', only({})], ['all (default)', base]] as const) {
  const times: number[] = []
  for (let round = 0; round < 5; round++) {
    for (const q of allQuestions) {
      const t = performance.now()
      await ask(lexIndex, null, q.question, q.history ?? [], cfg)
      times.push(performance.now() - t)
    }
  }
  console.log(`${label}: ${times.length} questions, p50 ${ms(pct(times, 50))}, p95 ${ms(pct(times, 95))} (target p50 <= 2 ms)`)
}

// The longest question the API takes is the costliest it can be asked.
const LONGEST = DEFAULT_CONFIG.maxQuestionChars
console.log(`\n## Cost of the costliest questions (in-process, lexical index): ${LONGEST}-character questions (the API's limit) against typical ones, same run`)
{
  const median = async (q: string) => {
    for (let i = 0; i < 3; i++) await ask(lexIndex, null, q, [], base)
    const t: number[] = []
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now()
      await ask(lexIndex, null, q, [], base)
      t.push(performance.now() - t0)
    }
    return pct(t, 50)
  }
  const typical = questions.map((q) => q.question)
  // One at a time: run together, their timings would include each other's work.
  const typicalTimes: number[] = []
  for (const q of typical) typicalTimes.push(await median(q))
  const typicalMs = pct(typicalTimes, 50)
  const fill = (text: string) => text.repeat(Math.ceil(LONGEST / text.length)).slice(0, LONGEST)
  const costly: [string, string][] = [
    ['common English words', fill('the people said that they would go to the place where things are done and make good time for all of them because it was what everyone wanted ')],
    ['words neither WordNet nor the corpus knows', fill('zqabcde xvbnmqw plorkish brandleworth quimbly snargle fenwickian throbbulate ')],
    ['misspelt corpus words', fill('safegaurding childern socail wokers helth visiters cort fess procection recomendations goverment departmnt trainning managment ')],
    ['long unknown word forms', fill('responsibilitation safeguardingness protectionalism inspectorialise assessmentary ')],
  ]
  console.log(`typical (median of ${typical.length} public questions): ${ms(typicalMs)}`)
  for (const [label, q] of costly) {
    const m = await median(q)
    console.log(`${label}: ${ms(m)}, ${(m / typicalMs).toFixed(2)}x typical (target <= 2x)`)
  }
}

console.log('\n## /ask over HTTP (Node server, lexical index, no rate limit): the question set once, then 9 rounds answered from the answer cache')
const server = await startAppServer(lexicalDir, [], { RATE_LIMIT_PER_MINUTE: '0' })
const fresh: number[] = []
const cached: number[] = []
for (let round = 0; round < 10; round++) {
  for (const q of questions) {
    const t = performance.now()
    await (await fetch(`${server.url}/ask?q=${encodeURIComponent(q.question)}`)).text()
    ;(round === 0 ? fresh : cached).push(performance.now() - t)
  }
}
await server.stop()
console.log(`first round, ${fresh.length} requests: p50 ${ms(pct(fresh, 50))}, p95 ${ms(pct(fresh, 95))}, max ${ms(Math.max(...fresh))}`)
console.log(`cached rounds, ${cached.length} requests: p50 ${ms(pct(cached, 50))}, p95 ${ms(pct(cached, 95))}, max ${ms(Math.max(...cached))}`)

console.log('\n## Worker budgets (lexical index)')
const outdir = join(work, 'worker')
// The bundle takes the index module `npm run build:worker` writes: written here from this run's index, so it is not an older one.
execFileSync(process.execPath, ['--import', 'tsx', 'src/node/worker-build/write-worker-index.ts'], { cwd: ROOT, env: { ...process.env, LAMING_INDEX_DIR: lexicalDir }, stdio: 'ignore' })
execFileSync('npx', ['wrangler', 'deploy', '--dry-run', '--outdir', outdir], { cwd: ROOT, env: { ...process.env, LAMING_INDEX_DIR: lexicalDir }, stdio: 'ignore' })
const bundle = join(outdir, readdirSync(outdir).find((f) => f.endsWith('.js'))!)
const raw = statSync(bundle).size
const gz = gzipSync(readFileSync(bundle)).length
console.log(`bundle ${(raw / 1024).toFixed(0)} KiB, gzipped ${(gz / 1024).toFixed(0)} KiB: ${((100 * gz) / FREE_BUNDLE_GZ).toFixed(1)}% of the free plan's 3 MiB, ${((100 * gz) / PAID_BUNDLE_GZ).toFixed(1)}% of the paid plan's 10 MiB`)
const cold: { nodeInternalsMs: number; importMs: number; firstRequestMs: number; warmRequestMs: number }[] = []
for (let i = 0; i < 5; i++) {
  // Its figures are the last line; the worker's request log comes before.
  cold.push(JSON.parse(execFileSync(process.execPath, [join(ROOT, 'tests/bench/worker-cold.mjs'), bundle], { cwd: ROOT }).toString().trim().split('\n').at(-1)!))
}
const med = (k: keyof (typeof cold)[number]) => pct(cold.map((c) => c[k]), 50)
console.log(
  `cold start (CPU, median of 5 fresh processes): module evaluation with index build and warm-up ${ms(med('importMs'))} (startup limit ${STARTUP_MS} ms), ` +
    `first /ask ${ms(med('firstRequestMs'))}, second ${ms(med('warmRequestMs'))}; Node's own lazy internals, paid beforehand by a throwaway instance: ${ms(med('nodeInternalsMs'))}`,
)
const worker = (await import(bundle)).default as { fetch(r: Request, env: unknown, ctx: unknown): Promise<Response> }
// No rate limit: hundreds of requests in a minute would otherwise be measured as 429s.
const env = { ASSETS: { fetch: async () => new Response('', { status: 404 }) }, RATE_LIMIT_PER_MINUTE: '0' }
const ctx = { waitUntil() {}, passThroughOnException() {} }
await worker.fetch(new Request('http://w/health'), env, ctx)
const cpuOf = async (question: string) => {
  const before = process.cpuUsage()
  const res = await worker.fetch(new Request(`http://w/ask?q=${encodeURIComponent(question)}`), env, ctx)
  await res.text()
  const d = process.cpuUsage(before)
  if (res.status !== 200) throw new Error(`The worker answered ${res.status} to "${question}"; the bench measures answers only.`)
  return (d.user + d.system) / 1000
}
// Every distinct question once, each answer computed (the first 19 after start-up apart: the
// engine is still compiling), then the public set again from the answer cache.
const distinct = [...new Set(allQuestions.map((q) => q.question))]
const computedCpu: number[] = []
for (const q of distinct) computedCpu.push(await cpuOf(q))
const cachedCpu: number[] = []
for (let round = 0; round < 9; round++) for (const q of questions) cachedCpu.push(await cpuOf(q.question))
const first = computedCpu.slice(0, questions.length)
const warm = computedCpu.slice(questions.length)
console.log(
  `CPU per /ask through the worker bundle (free plan limit ${FREE_CPU_MS} ms): the first ${first.length} after start-up p50 ${ms(pct(first, 50))}, max ${ms(Math.max(...first))}; ` +
    `then ${warm.length} computed answers p50 ${ms(pct(warm, 50))}, p95 ${ms(pct(warm, 95))}, max ${ms(Math.max(...warm))} (${warm.filter((x) => x > FREE_CPU_MS).length} over the limit); ` +
    `${cachedCpu.length} from the answer cache p50 ${ms(pct(cachedCpu, 50))}, p95 ${ms(pct(cachedCpu, 95))}`,
)
rmSync(work, { recursive: true, force: true })
