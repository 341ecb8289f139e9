import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import type { Embedder } from '../../src/embedder.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { evaluate, evidenceIn, formatReport, parseQuestions, type EvalReport } from '../../src/eval/evaluate.js'
import type { SearchIndex } from '../../src/index/search-index.js'
import { loadIndex } from '../setup/app.js'
import { LICENCES_INDEX, READMES_INDEX, ROOT, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

type Floors = Pick<EvalReport, 'hitAt3' | 'answerHit'> & { falseRefusalsAtMost: number; confidentUnanswerableAtMost: number }

async function meetsFloors(label: string, file: string, index: SearchIndex, embedder: Embedder | null, floors: Floors) {
  const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval', file), 'utf8'))
  const report = await evaluate(questions, (q) => ask(index, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask))
  console.log(formatReport(label, report))
  expect(report.faithfulness).toBe(1)
  expect(report.hitAt3).toBeGreaterThanOrEqual(floors.hitAt3)
  expect(report.answerHit).toBeGreaterThanOrEqual(floors.answerHit)
  expect(report.falseRefusals).toBeLessThanOrEqual(floors.falseRefusalsAtMost)
  expect(report.confidentUnanswerable).toBeLessThanOrEqual(floors.confidentUnanswerableAtMost)
}

/** licences-test measured 0.66 / 0.66 / 0.13 / 0.00 when it was added (0.42 / 0.42 / 0.26 / 0.00 on the code before). */
const LICENCE_FLOORS: Floors = { hitAt3: 0.6, answerHit: 0.6, falseRefusalsAtMost: 0.2, confidentUnanswerableAtMost: 0.08 }
/** readmes-test measured 0.74 / 0.68 / 0.03 / 0.00 when it was added (0.68 / 0.66 / 0.03 / 0.07 on the code before). */
const README_FLOORS: Floors = { hitAt3: 0.68, answerHit: 0.62, falseRefusalsAtMost: 0.08, confidentUnanswerableAtMost: 0.08 }

// Floors protect what was reached, a little below the figures measured: on the public set, on
// dev.jsonl (written for this project in other words), and on the blind sets (written from the
// documents alone by someone who never saw the system; test was never tuned on).
describe('evaluation floors', () => {
  it('public set, lexical-only, meets the targets', () =>
    meetsFloors('public, lexical', 'questions.jsonl', loadIndex(), null, { hitAt3: 0.95, answerHit: 0.9, falseRefusalsAtMost: 0.05, confidentUnanswerableAtMost: 0 }))

  it('dev set, lexical-only, holds up on differently worded questions', () =>
    meetsFloors('dev, lexical', 'dev.jsonl', loadIndex(), null, { hitAt3: 0.88, answerHit: 0.84, falseRefusalsAtMost: 0.08, confidentUnanswerableAtMost: 0.15 }))

  it('blind test set, lexical-only: questions as people ask them', () =>
    meetsFloors('blind test, lexical', 'blind-test.jsonl', loadIndex(), null, { hitAt3: 0.58, answerHit: 0.55, falseRefusalsAtMost: 0.12, confidentUnanswerableAtMost: 0.15 }))

  it('second blind test set, lexical-only: paraphrased questions and hard negatives', () =>
    meetsFloors('blind2 test, lexical', 'blind2-test.jsonl', loadIndex(), null, { hitAt3: 0.56, answerHit: 0.5, falseRefusalsAtMost: 0.1, confidentUnanswerableAtMost: 0.1 }))

  it('third blind test set, lexical-only: conversations', () =>
    meetsFloors('blind3 test, lexical', 'blind3-test.jsonl', loadIndex(), null, { hitAt3: 0.8, answerHit: 0.75, falseRefusalsAtMost: 0.1, confidentUnanswerableAtMost: 0.45 }))

  it('fourth blind set, all test, lexical-only: a fresh held-out mix', () =>
    meetsFloors('blind4 test, lexical', 'blind4-test.jsonl', loadIndex(), null, { hitAt3: 0.55, answerHit: 0.55, falseRefusalsAtMost: 0.08, confidentUnanswerableAtMost: 0.1 }))

  it('licence test set, lexical-only: someone else\'s documents, plain text wrapped at one width', () =>
    meetsFloors('licences test, lexical', 'licences-test.jsonl', loadIndex(LICENCES_INDEX), null, LICENCE_FLOORS))

  it('README test set, lexical-only: someone else\'s documents in Markdown, with lists, tables and code', () =>
    meetsFloors('readmes test, lexical', 'readmes-test.jsonl', loadIndex(READMES_INDEX), null, README_FLOORS))

  it('off-topic test set: questions the documents do not touch are never answered confidently', () =>
    meetsFloors('off-topic test, lexical', 'offtopic-test.jsonl', loadIndex(), null, { hitAt3: 0, answerHit: 0, falseRefusalsAtMost: 0, confidentUnanswerableAtMost: 0 }))

  it('blind test sets: a question asked after four unrelated ones scores within 0.03 of itself asked alone', async () => {
    const unrelated = ['What is the capital of France?', 'How do I reset my password?', 'What time is it in Tokyo?', 'Who won the 2010 World Cup?']
    const questions = ['blind-test.jsonl', 'blind2-test.jsonl'].flatMap((file) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', file), 'utf8')).filter((q) => !q.history?.length))
    const index = loadIndex()
    const moved: string[] = []
    for (const q of questions) {
      const alone = await ask(index, null, q.question, [], DEFAULT_CONFIG.ask)
      const after = await ask(index, null, q.question, unrelated, DEFAULT_CONFIG.ask)
      if (Math.abs(after.confidence - alone.confidence) > 0.03 || after.status !== alone.status) moved.push(`${q.question}: ${alone.confidence} -> ${after.confidence}`)
    }
    // 3 of 244 moved before a pronoun question with a topic of its own stopped leaning on the conversation; 0 after (one allowed).
    expect(moved.length, moved.join('\n')).toBeLessThanOrEqual(1)
  })

  it('public set, hybrid with the generated model, keeps citations faithful and the targets met', async () => {
    const embedder = await loadTransformersEmbedder({ model: 'unused', modelDir: TINY_MODEL_DIR })
    // The answerability model sees the dense similarity when a model is loaded.
    const probe = await ask(loadIndex(TINY_INDEX), embedder, 'What did Laming say about court fees?', [], DEFAULT_CONFIG.ask)
    expect(probe.retrieval).toBe('hybrid')
    expect(Math.abs(probe.features.dense)).toBeGreaterThan(0)
    await meetsFloors('public, hybrid (generated model)', 'questions.jsonl', loadIndex(TINY_INDEX), embedder, { hitAt3: 0.9, answerHit: 0.9, falseRefusalsAtMost: 0.05, confidentUnanswerableAtMost: 0 })
  })
})

describe('the blind question sets', () => {
  // Checked against the indexed sentences, which is what answers quote and answer hit reads:
  // ingest drops footnote numbers whose notes it drops ("children3 were" → "children were"), so a
  // phrase copied from the raw text with its marker, or one spanning two sentences, could never count.
  const sentencesOf = (dir?: string) => loadIndex(dir).passages.flatMap((p) => p.sentences.map((s) => s.text))
  const seeds = sentencesOf()
  const licences = sentencesOf(LICENCES_INDEX)
  const readmes = sentencesOf(READMES_INDEX)
  const SIZES: Record<string, number> = { 'blind-dev.jsonl': 140, 'blind-test.jsonl': 140, 'blind2-dev.jsonl': 70, 'blind2-test.jsonl': 70, 'blind3-dev.jsonl': 40, 'blind3-test.jsonl': 40, 'blind4-test.jsonl': 120, 'dev.jsonl': 15, 'questions.jsonl': 15, 'licences-dev.jsonl': 45, 'licences-test.jsonl': 50, 'readmes-dev.jsonl': 45, 'readmes-test.jsonl': 50 }
  it.each(Object.keys(SIZES))('%s: every evidence phrase is in one indexed sentence, word for word', (file) => {
    const sentences = file.startsWith('licences') ? licences : file.startsWith('readmes') ? readmes : seeds
    const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval', file), 'utf8'))
    expect(questions.length).toBeGreaterThan(SIZES[file])
    for (const q of questions) for (const e of q.evidence ?? []) expect(sentences.some((s) => evidenceIn(s, [e])), `${q.id}: ${e}`).toBe(true)
  })
  it.each(['blind', 'blind2', 'blind3', 'licences', 'readmes', 'offtopic'])('%s: dev and test share no question', (set) => {
    const read = (f: string) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')).map((q) => JSON.stringify([q.history ?? [], q.question]))
    const dev = new Set(read(`${set}-dev.jsonl`))
    expect(read(`${set}-test.jsonl`).filter((q) => dev.has(q))).toEqual([])
  })
})
