// Writes the compact index as a JS module for the worker bundle (wrangler's build step).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { gzipSync } from 'node:zlib'
import { compactIndex } from '../index/compact-index.js'
import { DEFAULT_INDEX_DIR, readIndexFiles } from './read-index.js'

export const WORKER_INDEX_MODULE = 'dist/worker-index.js'

const dir = process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR
const files = readIndexFiles(dir)
if (!files) {
  console.error(`No index in ${dir}; run "npm run ingest" first.`)
  process.exit(1)
}
const json = JSON.stringify(compactIndex(files))
// JSON.parse of a string literal starts faster than an object literal of the same size.
const moduleText = `export default JSON.parse(${JSON.stringify(json)})\n`
// Cloudflare limits a Worker's compressed size, code included: 3 MiB free, 10 MiB paid. The
// code is about 1.8 MiB of it (npm run bench measures the whole bundle).
const MIB = 1024 * 1024
const CODE = 1.8 * MIB
const gzipped = gzipSync(moduleText).length
const sizeNote = `${(gzipped / MIB).toFixed(2)} MiB gzipped, about ${((gzipped + CODE) / MIB).toFixed(1)} MiB with the code`
if (gzipped + CODE > 10 * MIB) {
  console.error(
    `The index in ${dir} is ${sizeNote}: too large to bundle into a Worker (10 MiB at most, code included). ` +
      'Serve this corpus with npm start on Node; reading the index from Cloudflare D1 is not built yet.',
  )
  process.exit(1)
}
mkdirSync(dirname(WORKER_INDEX_MODULE), { recursive: true })
writeFileSync(WORKER_INDEX_MODULE, moduleText)
console.log(`Wrote ${WORKER_INDEX_MODULE} from ${dir}: ${(json.length / 1024).toFixed(0)} KiB (${sizeNote}), ${files.manifest.embedding ? 'with vectors' : 'lexical-only'}; bundled into the Worker.`)
if (gzipped + CODE > 3 * MIB) console.warn(`This Worker is over the free plan's 3 MiB (code included); it needs the paid plan (10 MiB).`)
