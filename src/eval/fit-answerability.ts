// npm run fit:answerability -- [dev.jsonl ...]: fits the answerability model on dev questions
// with 5-fold cross-validation, picks the two thresholds from the out-of-fold predictions,
// prints a reliability table and writes src/answer/answerability-model.json.
import { readFileSync, writeFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { ask } from '../answer/ask.js'
import { FEATURES, type AnswerabilityModel } from '../answer/answerability.js'
import { DEFAULT_CONFIG } from '../config.js'
import { evidenceIn, parseQuestions, reliabilityTable } from './evaluate.js'
import { fitLogistic, predict } from '../answer/logistic.js'
import type { Embedder } from '../embedder.js'
import { loadTransformersEmbedder } from '../embedders/transformers.js'
import { nodeSearchIndex } from '../node/load-deps.js'
import { DEFAULT_INDEX_DIR, readIndexFiles } from '../node/read-index.js'

const MODEL_FILE = new URL('../answer/answerability-model.json', import.meta.url)
/** The most unanswerable questions allowed a confident answer, and answerable ones a "not_found", on dev. */
const MAX_CONFIDENT_UNANSWERABLE = 0.03
const MAX_FALSE_REFUSALS = 0.03
const L2 = 1
/** Below the lowest exact coverage of any dev question answered with its evidence (0.18), with a margin; own-word coverage is never lower. */
const MIN_OWN_WORD_COVERAGE = 0.1
const FOLDS = 5

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { index: { type: 'string', default: process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR }, 'dry-run': { type: 'boolean', default: false } },
})
const files = positionals.length ? positionals : ['tests/eval/blind-dev.jsonl', 'tests/eval/dev.jsonl']
const indexFiles = readIndexFiles(values.index)
if (!indexFiles) {
  console.error(`No index in ${values.index}; run "npm run ingest" first.`)
  process.exit(1)
}
const index = await nodeSearchIndex(indexFiles)
// With a model in the index, the dense feature is fitted too (LAMING_MODEL_DIR names a local copy).
const embedder: Embedder | null = indexFiles.manifest.embedding
  ? await loadTransformersEmbedder({ model: indexFiles.manifest.embedding.model, modelDir: process.env.LAMING_MODEL_DIR || undefined }).catch(() => null)
  : null
const questions = files.flatMap((f) => parseQuestions(readFileSync(f, 'utf8')))
// Collect with every answer quoted, so each answerable question's label says whether its sentences hold the evidence.
const collect = { ...DEFAULT_CONFIG.ask, answerability: { ...DEFAULT_CONFIG.ask.answerability, answeredAt: 0, uncertainAt: 0, minOwnWordCoverage: 0 } }
// The same with the quoting guard on: a question it stops is not_found whatever the model says.
const guarded = { ...collect, answerability: { ...collect.answerability, minOwnWordCoverage: MIN_OWN_WORD_COVERAGE } }
const rows: { x: number[]; y: number; answerable: boolean; grounded: boolean }[] = []
for (const q of questions) {
  const res = await ask(index, embedder, q.question, q.history ?? [], collect)
  const gated = await ask(index, embedder, q.question, q.history ?? [], guarded)
  const answerable = q.answerable !== false
  const y = answerable && res.answer.sentences.some((s) => evidenceIn(s.text, q.evidence ?? [])) ? 1 : 0
  rows.push({ x: FEATURES.map((f) => res.features[f]), y, answerable, grounded: gated.confidence > 0 || res.answer.sentences.length === 0 })
}

// Out-of-fold probabilities: every question is scored by a model that did not see it.
const oof = new Array<number>(rows.length)
for (let k = 0; k < FOLDS; k++) {
  const train = rows.filter((_, i) => i % FOLDS !== k)
  const fit = fitLogistic(train.map((r) => r.x), train.map((r) => r.y), L2)
  rows.forEach((r, i) => i % FOLDS === k && (oof[i] = r.grounded ? predict(fit, r.x) : 0))
}
const unanswerable = rows.map((r, i) => (r.answerable ? -1 : oof[i])).filter((p) => p >= 0).sort((a, b) => b - a)
const answerable = rows.map((r, i) => (r.answerable ? oof[i] : -1)).filter((p) => p >= 0).sort((a, b) => a - b)
const answeredAt = unanswerable[Math.floor(unanswerable.length * MAX_CONFIDENT_UNANSWERABLE)] + 1e-6
const uncertainAt = Math.min(answeredAt, answerable[Math.floor(answerable.length * MAX_FALSE_REFUSALS)] - 1e-6)

const fit = fitLogistic(rows.map((r) => r.x), rows.map((r) => r.y), L2)
const model: AnswerabilityModel = { ...fit, answeredAt: round(answeredAt), uncertainAt: round(Math.max(0, uncertainAt)), minOwnWordCoverage: MIN_OWN_WORD_COVERAGE }
console.log(`${embedder ? `hybrid, ${embedder.model}` : 'lexical'}: ${rows.length} dev questions (${answerable.length} answerable, ${unanswerable.length} not), ${rows.filter((r) => r.y).length} with evidence in their sentences`)
console.log(FEATURES.map((f, i) => `  ${f.padEnd(18)} ${model.coefficients[i].toFixed(3)}`).join('\n'))
console.log(`  intercept          ${model.intercept.toFixed(3)}\n  answered at ${model.answeredAt}, uncertain at ${model.uncertainAt}`)
console.log(`Out-of-fold AUC ${auc(oof, rows.map((r) => r.y)).toFixed(3)}; answerable above answeredAt ${(answerable.filter((p) => p >= answeredAt).length / answerable.length).toFixed(2)}`)
console.log('Out-of-fold reliability on dev:')
console.log(reliabilityTable(oof.map((p, i) => ({ p, correct: rows[i].y === 1 }))))
if (!values['dry-run']) {
  writeFileSync(MODEL_FILE, `${JSON.stringify({ ...model, coefficients: model.coefficients.map(round), intercept: round(model.intercept), mean: model.mean.map(round), scale: model.scale.map(round) }, null, 2)}\n`)
  console.log(`Wrote ${MODEL_FILE.pathname}`)
}

/** Probability that a random positive scores above a random negative. */
function auc(p: readonly number[], y: readonly number[]): number {
  let wins = 0
  let pairs = 0
  p.forEach((a, i) => p.forEach((b, j) => y[i] === 1 && y[j] === 0 && (pairs++, (wins += a > b ? 1 : a === b ? 0.5 : 0))))
  return pairs ? wins / pairs : 0
}

function round(x: number): number {
  return Math.round(x * 10000) / 10000
}
