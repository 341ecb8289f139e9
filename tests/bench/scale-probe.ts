// One in-process measurement for `npm run bench:scale`, in its own process so its RSS is its
// own: load the index as the server does, then time /ask's work on the eval questions.
// Imports the product from --product-dir, so an older checkout can be measured the same way.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { pathToFileURL } from 'node:url'

const { values } = parseArgs({ options: { index: { type: 'string' }, 'product-dir': { type: 'string' }, questions: { type: 'string' } } })
const dir = values['product-dir']!
const load = (path: string) => import(pathToFileURL(join(dir, path)).href)
const { readIndexFiles } = await load('src/node/read-index.ts')
const { buildSearchIndex } = await load('src/index/search-index.ts')
const { ask } = await load('src/answer/ask.ts')
const { DEFAULT_CONFIG } = await load('src/config.ts')

const t0 = performance.now()
const index = buildSearchIndex(readIndexFiles(values.index!))
const loadMs = performance.now() - t0
const questions: string[] = JSON.parse(values.questions!)
// One pass to warm up (JIT, lazily built tables), then the measured pass.
for (const q of questions.slice(0, 20)) await ask(index, null, q, [], DEFAULT_CONFIG.ask)
const times: number[] = []
for (const q of questions) {
  const t = performance.now()
  await ask(index, null, q, [], DEFAULT_CONFIG.ask)
  times.push(performance.now() - t)
}
times.sort((a, b) => a - b)
const at = (p: number) => times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]
const rssMb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))![1]) / 1024
console.log(JSON.stringify({ loadMs, p50: at(0.5), p95: at(0.95), rssMb }))
