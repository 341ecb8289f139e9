// Writes the compact index as a JS module for the worker bundle (wrangler's build step).
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
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
mkdirSync(dirname(WORKER_INDEX_MODULE), { recursive: true })
// JSON.parse of a string literal starts faster than an object literal of the same size.
writeFileSync(WORKER_INDEX_MODULE, `export default JSON.parse(${JSON.stringify(json)})\n`)
console.log(`Wrote ${WORKER_INDEX_MODULE} from ${dir}: ${(json.length / 1024).toFixed(0)} KiB, ${files.manifest.embedding ? 'with vectors' : 'lexical-only'}.`)
