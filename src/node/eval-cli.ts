import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ask } from '../answer/ask.js'
import { DEFAULT_CONFIG } from '../config.js'
import type { Embedder } from '../embedder.js'
import { loadTransformersEmbedder } from '../embedders/transformers.js'
import { evaluate, formatReport, parseQuestions } from '../eval/evaluate.js'
import { buildSearchIndex } from '../search-index.js'
import { DEFAULT_INDEX_DIR, readIndexFiles } from './read-index.js'

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    index: { type: 'string', default: process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR },
    'model-dir': { type: 'string', default: process.env.LAMING_MODEL_DIR || undefined },
    json: { type: 'boolean', default: false },
  },
})
const file = positionals[0] ?? 'tests/eval/questions.jsonl'
const files = readIndexFiles(values.index)
if (!files) {
  console.error(`No index in ${values.index}; run "npm run ingest" first.`)
  process.exit(1)
}
const index = buildSearchIndex(files)
let embedder: Embedder | null = null
if (files.manifest.embedding) {
  embedder = await loadTransformersEmbedder({ model: files.manifest.embedding.model, modelDir: values['model-dir'] }).catch(() => null)
}
const report = await evaluate(parseQuestions(readFileSync(file, 'utf8')), (q) => ask(index, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(`${file} (${embedder ? `hybrid, ${embedder.model}` : 'lexical'})`, report))
