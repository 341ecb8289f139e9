import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import type { Embedder } from '../../src/embedder.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { evaluate, formatReport, parseQuestions, type EvalReport } from '../../src/eval/evaluate.js'
import type { SearchIndex } from '../../src/search-index.js'
import { loadIndex } from '../setup/app.js'
import { ROOT, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

type Floors = Pick<EvalReport, 'hitAt3' | 'answerHit' | 'refusals'> & { falseRefusalsAtMost: number }

async function meetsFloors(label: string, file: string, index: SearchIndex, embedder: Embedder | null, floors: Floors) {
  const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval', file), 'utf8'))
  const report = await evaluate(questions, (q) => ask(index, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
  console.log(formatReport(label, report))
  expect(report.faithfulness).toBe(1)
  expect(report.hitAt3).toBeGreaterThanOrEqual(floors.hitAt3)
  expect(report.answerHit).toBeGreaterThanOrEqual(floors.answerHit)
  expect(report.refusals).toBeGreaterThanOrEqual(floors.refusals)
  expect(report.falseRefusals).toBeLessThanOrEqual(floors.falseRefusalsAtMost)
}

// Floors protect what was reached: on the public set (hit@3, answer hit and refusals 1.0, lexical),
// and on dev.jsonl, questions written for this project in other words (0.92 / 0.88 / 1.0).
describe('evaluation floors', () => {
  it('public set, lexical-only, meets the targets', () =>
    meetsFloors('public, lexical', 'questions.jsonl', loadIndex(), null, { hitAt3: 0.95, answerHit: 0.9, refusals: 0.9, falseRefusalsAtMost: 0.05 }))

  it('dev set, lexical-only, holds up on differently worded questions', () =>
    meetsFloors('dev, lexical', 'dev.jsonl', loadIndex(), null, { hitAt3: 0.88, answerHit: 0.84, refusals: 0.875, falseRefusalsAtMost: 0.12 }))

  it('public set, hybrid with the generated model, keeps citations faithful and the targets met', async () => {
    const embedder = await loadTransformersEmbedder({ model: 'unused', modelDir: TINY_MODEL_DIR })
    await meetsFloors('public, hybrid (generated model)', 'questions.jsonl', loadIndex(TINY_INDEX), embedder, { hitAt3: 0.9, answerHit: 0.9, refusals: 0.9, falseRefusalsAtMost: 0.05 })
  })
})
