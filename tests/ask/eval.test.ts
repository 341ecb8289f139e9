import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { evaluate, formatReport, parseQuestions } from '../../src/eval/evaluate.js'
import { loadIndex } from '../setup/app.js'
import { ROOT, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval/questions.jsonl'), 'utf8'))

// Floors protect what was reached: on the public set (hit@3, answer hit and refusals 1.0, lexical),
// and on tests/eval/dev.jsonl, questions written for this project in other words (0.92 / 0.88 / 1.0).
describe('the public evaluation set', () => {
  it('lexical-only meets the targets', async () => {
    const index = loadIndex()
    const report = await evaluate(questions, (q) => ask(index, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
    console.log(formatReport('lexical', report))
    expect(report.hitAt3).toBeGreaterThanOrEqual(0.95)
    expect(report.answerHit).toBeGreaterThanOrEqual(0.9)
    expect(report.faithfulness).toBe(1)
    expect(report.refusals).toBeGreaterThanOrEqual(0.9)
    expect(report.falseRefusals).toBeLessThanOrEqual(0.05)
  })

  it('lexical-only holds up on the dev set of differently worded questions', async () => {
    const dev = parseQuestions(readFileSync(join(ROOT, 'tests/eval/dev.jsonl'), 'utf8'))
    const index = loadIndex()
    const report = await evaluate(dev, (q) => ask(index, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
    console.log(formatReport('dev, lexical', report))
    expect(report.hitAt3).toBeGreaterThanOrEqual(0.88)
    expect(report.answerHit).toBeGreaterThanOrEqual(0.84)
    expect(report.faithfulness).toBe(1)
    expect(report.refusals).toBeGreaterThanOrEqual(0.875)
    expect(report.falseRefusals).toBeLessThanOrEqual(0.12)
  })

  it('hybrid, with the generated model, keeps citations faithful and the targets met', async () => {
    const index = loadIndex(TINY_INDEX)
    const embedder = await loadTransformersEmbedder({ model: 'unused', modelDir: TINY_MODEL_DIR })
    const report = await evaluate(questions, (q) => ask(index, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
    console.log(formatReport('hybrid (generated model)', report))
    expect(report.faithfulness).toBe(1)
    expect(report.hitAt3).toBeGreaterThanOrEqual(0.9)
    expect(report.refusals).toBeGreaterThanOrEqual(0.9)
    expect(report.falseRefusals).toBeLessThanOrEqual(0.05)
  })
})
