// Writes what the Worker bundles as its index (wrangler's build step), choosing by size: the whole
// compact index when it fits the plan's bundle limit, else a small pack with D1 tables to load.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { gzipSync } from 'node:zlib'
import { compactIndex } from '../../index/compact-index.js'
import { wholeNumber } from '../../config.js'
import { DEFAULT_INDEX_DIR, readIndexFiles } from '../read-index.js'
import { writeD1Index } from './write-d1-index.js'
import { D1_DIR, D1_VERSION, WORKER_INDEX_MODULE } from './worker-index-files.js'


const MIB = 1024 * 1024
// Cloudflare limits a Worker's compressed size, code included: 3 MiB free, 10 MiB paid. The
// code is about 1.3 MiB of it (wrangler's dry run: 1.98 MiB gzipped in all, with 0.66 MiB of
// seeds' index; npm run bench measures the whole bundle); 1.4 leaves a margin without sending
// indexes to D1 sooner than the limit needs.
const CODE = 1.4 * MIB
const PAID_LIMIT = 10

function fail(message: string): never {
  console.error(message)
  process.exit(1)
}

const dir = process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR
let limitMib: number
try {
  // WORKER_BUNDLE_MIB=10 bundles up to the paid plan's limit (faster: no D1 round trips).
  limitMib = Math.min(PAID_LIMIT, wholeNumber(process.env.WORKER_BUNDLE_MIB, 'WORKER_BUNDLE_MIB', 3))
} catch (e) {
  fail((e as Error).message)
}
const files = readIndexFiles(dir) ?? fail(`No index in ${dir}; run "npm run ingest" first.`)

const moduleOf = (value: unknown) => {
  // JSON.parse of a string literal starts faster than an object literal of the same size.
  const text = `export default JSON.parse(${JSON.stringify(JSON.stringify(value))})\n`
  return { text, gzipped: gzipSync(text).length }
}
const size = (gzipped: number) => `${(gzipped / MIB).toFixed(2)} MiB gzipped, about ${((gzipped + CODE) / MIB).toFixed(1)} MiB with the code`

const bundled = moduleOf(compactIndex(files))
mkdirSync(dirname(WORKER_INDEX_MODULE), { recursive: true })
rmSync(D1_DIR, { recursive: true, force: true })
let written: number
if (bundled.gzipped + CODE <= limitMib * MIB) {
  writeFileSync(WORKER_INDEX_MODULE, bundled.text)
  written = bundled.gzipped
  console.log(
    `Wrote ${WORKER_INDEX_MODULE} from ${dir}: the whole index is bundled into the Worker (${size(bundled.gzipped)}; limit ${limitMib} MiB), ${files.manifest.embedding ? 'with vectors' : 'lexical-only'}.`,
  )
} else {
  mkdirSync(D1_DIR, { recursive: true })
  const { pack, statements, sqlFiles, vectorFiles } = writeD1Index(files, D1_DIR)
  const packed = moduleOf(pack)
  if (packed.gzipped + CODE > PAID_LIMIT * MIB) {
    rmSync(D1_DIR, { recursive: true, force: true })
    fail(`Even without its passages and postings, the index in ${dir} is ${size(packed.gzipped)}: too large for a Worker (10 MiB at most). Serve it with npm start on Node.`)
  }
  writeFileSync(WORKER_INDEX_MODULE, packed.text)
  writeFileSync(D1_VERSION, pack.version)
  written = packed.gzipped
  console.log(
    `The index in ${dir} is ${size(bundled.gzipped)}, over the ${limitMib} MiB bundle limit, so the Worker reads it from Cloudflare D1 (version ${pack.version}):\n` +
      `  ${WORKER_INDEX_MODULE}: vocabulary, spelling words, lexicon and document list (${size(packed.gzipped)}), bundled;\n` +
      `  ${D1_DIR}/: postings, passages and document texts (${(sqlFiles.reduce((n, f) => n + statSync(f).size, 0) / MIB).toFixed(1)} MiB of SQL in ${sqlFiles.length} files, ${statements} statements), for D1.\n` +
      `  npm run dev loads it into the local D1; before "npm run deploy", run "npm run d1:load -- --remote".` +
      (vectorFiles.length
        ? `\n  ${D1_DIR}/vectors-*.ndjson: ${files.corpus.passages.length} passage vectors (${vectorFiles.length} files) for Cloudflare Vectorize, which d1:load -- --remote upserts when wrangler.toml has a [[vectorize]] binding; hybrid retrieval also needs [ai] (README).`
        : ''),
  )
}
if (written + CODE > 3 * MIB) console.warn(`This Worker is over the free plan's 3 MiB (code included); it needs the paid plan (10 MiB).`)
