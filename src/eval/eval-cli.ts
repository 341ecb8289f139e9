import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ask } from '../answer/ask.js'
import { DEFAULT_CONFIG } from '../config.js'
import type { Embedder } from '../embedder.js'
import { loadTransformersEmbedder } from '../embedders/transformers.js'
import { evaluate, formatReport, parseQuestions, QuestionFileError } from './evaluate.js'
import { nodeSearchIndex } from '../node/load-deps.js'
import { DEFAULT_INDEX_DIR, readIndexFiles } from '../node/read-index.js'

const USAGE = 'Usage: npm run eval -- [questions.jsonl] [--index DIR] [--model-dir DIR] [--json]'

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      index: { type: 'string', default: process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR },
      'model-dir': { type: 'string', default: process.env.LAMING_MODEL_DIR || undefined },
      json: { type: 'boolean', default: false },
    },
  })
  const file = positionals[0] ?? 'tests/eval/questions.jsonl'
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    console.error(code === 'ENOENT' ? `No question file at ${file}. ${USAGE}` : `Cannot read ${file}: ${(e as Error).message}`)
    return 1
  }
  let questions
  try {
    questions = parseQuestions(text)
  } catch (e) {
    if (!(e instanceof QuestionFileError)) throw e
    console.error(`${file}: ${e.message}`)
    return 1
  }
  const files = readIndexFiles(values.index)
  if (!files) {
    console.error(`No index in ${values.index}; run "npm run ingest" first.`)
    return 1
  }
  const index = await nodeSearchIndex(files)
  let embedder: Embedder | null = null
  if (files.manifest.embedding) {
    embedder = await loadTransformersEmbedder({ model: files.manifest.embedding.model, modelDir: values['model-dir'] }).catch(() => null)
  }
  const report = await evaluate(questions, (q) => ask(index, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
  console.log(values.json ? JSON.stringify(report, null, 2) : formatReport(`${file} (${embedder ? `hybrid, ${embedder.model}` : 'lexical'})`, report, { reliability: true }))
  return 0
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Evaluation failed: ${e instanceof Error ? e.message : e}. ${USAGE}`)
    process.exit(1)
  },
)
