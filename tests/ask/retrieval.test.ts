import { describe, expect, it } from 'vitest'
import { answerType, answerTypeMatch, sentenceCues } from '../../src/answer/answer-type.js'
import { ask, escapeMarkdown } from '../../src/answer/ask.js'
import { chooseSentences, coverage, rankSentences, scoreSentences, weighQuery } from '../../src/answer/compose-answer.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { Bm25 } from '../../src/retrieval/bm25.js'
import { expandMorphology } from '../../src/retrieval/expand.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { retrieve } from '../../src/retrieval/retrieve.js'
import { terms } from '../../src/retrieval/terms.js'
import { loadIndex } from '../setup/app.js'

const index = loadIndex()
const cfg = DEFAULT_CONFIG.ask

describe('terms and BM25', () => {
  it('stems and drops stop words and question framing', () => {
    expect(terms('What did Laming say about the court fees?')).toEqual(['lame', 'court', 'fee'])
  })
  it('ranks the passage with the rarer matching term first and counts headings', () => {
    const bm25 = new Bm25([
      { text: terms('children children children'), section: [] },
      { text: terms('court fees for children'), section: [] },
      { text: terms('other words'), section: terms('Court fees') },
    ])
    const scores = bm25.scores(new Map([['fee', 1], ['children', 1]]))
    expect(scores[1]).toBeGreaterThan(scores[0])
    expect(scores[2]).toBeGreaterThan(0)
  })
})

describe('query building', () => {
  it('treats "how quickly" as framing, not topic', () => {
    expect([...buildQuery('How quickly should the study be finished?').terms.keys()]).toEqual(['studi', 'finish'])
  })
  it('carries an earlier question into a follow-up at lower weight', () => {
    const q = buildQuery('and the police?', ['What about training for social workers?'])
    expect(q.followUp).toBe(true)
    expect(q.terms.get('polic')).toBe(1)
    expect(q.terms.get('train')).toBe(0.5)
    expect(buildQuery('What did Laming say about police child protection teams?', ['training?']).followUp).toBe(false)
  })
  it('adds word forms the stemmer keeps apart, as one concept', () => {
    const q = expandMorphology(buildQuery('How did the Government respond?'), index.vocabulary)
    expect(q.terms.has('respons')).toBe(true)
    expect(q.concepts.find((c) => c.forms.includes('respond'))!.forms).toContain('respons')
  })
})

describe('answer types', () => {
  it('recognises quantity and time questions', () => {
    expect(answerType('How many recommendations were there?')).toBe('quantity')
    expect(answerType('How quickly should it be done?')).toBe('time')
    expect(answerType('What is the unit for?')).toBeNull()
  })
  it('prefers a number tied to the thing counted', () => {
    const forms = new Set(['recommend'])
    expect(answerTypeMatch(sentenceCues('The report made 58 recommendations.'), 'quantity', forms)).toBe(1)
    expect(answerTypeMatch(sentenceCues('It should finish within six months.'), 'quantity', forms)).toBe(0.5)
    expect(answerTypeMatch(sentenceCues('No numbers here.'), 'quantity', forms)).toBe(0)
  })
})

describe('composition', () => {
  it('chooses at most four non-repeating sentences in reading order', async () => {
    const query = expandMorphology(buildQuery('What does the report say about training for social workers?'), index.vocabulary)
    const ranked = retrieve(index, query, null, cfg.retrieval)
    const content = scoreSentences(index, query, ranked.map((r) => r.passage), null, cfg.compose)
    const chosen = chooseSentences(rankSentences(content, ranked, cfg.compose), cfg.compose)
    expect(chosen.length).toBeGreaterThan(0)
    expect(chosen.length).toBeLessThanOrEqual(cfg.compose.maxSentences)
    for (let i = 1; i < chosen.length; i++) {
      const [a, b] = [chosen[i - 1], chosen[i]]
      expect(a.rank < b.rank || (a.rank === b.rank && a.sentence.start < b.sentence.start)).toBe(true)
    }
    expect(new Set(chosen.map((c) => c.sentence.text)).size).toBe(chosen.length)
  })
  it('gives a sentence that goes on from a matching one the context it needs', async () => {
    const res = await ask(index, null, 'How quickly should the feasibility study of a national IT system be finished?', [], cfg)
    expect(res.answer.sentences.map((s) => s.text)).toContain('This study should be completed within six months of this report.')
  })
  it('coverage weighs a term the corpus never uses as heavily as the rarest', () => {
    const q = buildQuery('climate change policy')
    expect(coverage(weighQuery(index, q), (t) => t !== 'climat')).toBeLessThan(0.6)
  })
  it('escapes markup in the Markdown but keeps sentences verbatim', async () => {
    expect(escapeMarkdown('<img src=x onerror=alert(1)> *bold*')).toBe('&lt;img src=x onerror=alert\\(1\\)&gt; \\*bold\\*')
  })
})
