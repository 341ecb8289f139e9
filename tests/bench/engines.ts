// npm run bench:engines [-- --sizes 1,100]: our inverted index (src/index/bm25.ts) against
// MiniSearch, a maintained engine, on the same passages, the same terms (our stems, so both see
// one vocabulary) and the same questions' terms and weights, in the same run. Needs the corpora
// and indexes `npm run bench:scale` wrote (it runs a size first if they are missing).
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { gzipSync } from 'node:zlib'
import { build } from 'esbuild'
import MiniSearch from 'minisearch'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { buildSearchIndex } from '../../src/index/search-index.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { Bm25 } from '../../src/index/bm25.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { topK } from '../../src/retrieval/retrieve.js'
import { terms } from '../../src/language/terms.js'
import { ROOT } from '../setup/paths.js'

const { values } = parseArgs({ options: { sizes: { type: 'string', default: '1,100' } } })
const questions = [...new Set(['questions.jsonl', 'blind-dev.jsonl'].flatMap((f) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')).map((q) => q.question)))]
const K = 30

const quantile = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.ceil(p * xs.length) - 1)]
const heapMb = () => {
  if (!globalThis.gc) throw new Error("run with node --expose-gc (npm run bench:engines does)")
  globalThis.gc()
  // Typed arrays live outside the JS heap: count both.
  const m = process.memoryUsage()
  return (m.heapUsed + m.external) / 1e6
}

async function gzippedBundle(entry: string): Promise<number> {
  const out = await build({ stdin: { contents: entry, resolveDir: ROOT, loader: 'ts' }, bundle: true, minify: true, write: false, format: 'esm', platform: 'neutral', mainFields: ['module', 'main'] })
  return gzipSync(out.outputFiles[0].contents).length / 1024
}

console.log('| corpus | engine | build | memory | query p50 / p95 | top-5 shared with ours |')
console.log('|---|---|---:|---:|---:|---:|')
for (const size of values.sizes.split(',').map(Number)) {
  const dir = join(tmpdir(), 'laming-scale', 'this-checkout', `${size}x`)
  if (!existsSync(dir)) execFileSync('npm', ['run', '-s', 'bench:scale', '--', '--sizes', String(size)], { cwd: ROOT, stdio: 'inherit' })
  const index = buildSearchIndex(readIndexFiles(dir)!)
  const passages = index.passages
  const queries = questions.map((q) => buildQuery(q, [], index).concepts)

  let h0 = heapMb()
  let t = performance.now()
  const ours = Bm25.build(passages.map((p) => ({ text: terms(p.text), section: terms(p.section ?? '') })))
  const oursBuild = performance.now() - t
  const oursHeap = heapMb() - h0

  h0 = heapMb()
  t = performance.now()
  // Same stems as ours; the section counts 0.6 of the text, as in ours.
  const mini = new MiniSearch<{ id: number; text: string; section: string }>({ fields: ['text', 'section'], tokenize: (s) => terms(s), processTerm: (x) => x, searchOptions: { boost: { section: 0.6 } } })
  mini.addAll(passages.map((p, id) => ({ id, text: p.text, section: p.section ?? '' })))
  const miniBuild = performance.now() - t
  const miniHeap = heapMb() - h0

  const oursTimes: number[] = []
  const miniTimes: number[] = []
  let shared = 0
  for (const concepts of queries) {
    t = performance.now()
    const m = ours.matches(concepts)
    const oursTop = topK(m.docs, m.scores, K)
    oursTimes.push(performance.now() - t)
    // MiniSearch has no "best form per concept": every form is its own OR'd term, boosted by its weight.
    const weight = new Map<string, number>()
    for (const c of concepts) c.forms.forEach((f, j) => weight.set(f, Math.max(weight.get(f) ?? 0, c.weight * c.formWeights[j])))
    t = performance.now()
    const miniTop = [...weight.keys()].length ? mini.search([...weight.keys()].join(' '), { combineWith: 'OR', boostTerm: (term) => weight.get(term) ?? 1 }).slice(0, K) : []
    miniTimes.push(performance.now() - t)
    const top5 = new Set(oursTop.slice(0, 5).map((r) => r.passage))
    shared += miniTop.slice(0, 5).filter((r) => top5.has(r.id as number)).length / Math.max(1, Math.min(5, top5.size))
  }
  const row = (name: string, b: number, h: number, times: number[], agree: string) =>
    console.log(`| ${size}× (${passages.length.toLocaleString('en')} passages) | ${name} | ${(b / 1000).toFixed(2)} s | ${h.toFixed(0)} MB | ${quantile(times, 0.5).toFixed(2)} / ${quantile(times, 0.95).toFixed(2)} ms | ${agree} |`)
  row('ours (bm25.ts)', oursBuild, oursHeap, oursTimes, '—')
  row('MiniSearch 7.2', miniBuild, miniHeap, miniTimes, `${((100 * shared) / queries.length).toFixed(0)}%`)
}
const oursKb = await gzippedBundle(`export { Bm25 } from './src/index/bm25.ts'; export { topK } from './src/retrieval/retrieve.ts'`)
const miniKb = await gzippedBundle(`export { default } from 'minisearch'`)
console.log(`\nBundle, minified and gzipped: ours ${oursKb.toFixed(1)} KiB (with topK and tinyqueue), MiniSearch ${miniKb.toFixed(1)} KiB.`)
console.log('MiniSearch scores BM25+ and sums every matching form; ours takes each concept\'s best form, so only ours gives the answers the eval figures were measured with.')
