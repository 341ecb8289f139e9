import { describe, expect, it } from 'vitest'
import { cleanDocument } from '../../ingest/cleaning/clean.js'
import { buildPassages, MAX_PASSAGE_WORDS } from '../../ingest/passages/passages.js'
import { accentedVocabulary } from '../../ingest/cleaning/repairs.js'
import { splitSentences } from '../../ingest/passages/sentences.js'
import { seedText } from '../setup/paths.js'

const prefixes = ['000', '001', '002', '003', '004']
const vocabulary = accentedVocabulary(prefixes.map(seedText))
const passagesOf = (prefix: string) => buildPassages(prefix, cleanDocument(seedText(prefix), vocabulary))
const all = prefixes.flatMap(passagesOf)
const words = (s: string) => s.split(/\s+/).filter(Boolean).length

describe('passage boundaries', () => {
  it('keeps the recommendation cut by the running header as one passage', () => {
    const hits = all.filter((p) => p.text.includes('should urgently develop guidance on referral'))
    expect(hits).toHaveLength(1)
    expect(hits[0].unit).toBe('recommendation')
    expect(hits[0].text.endsWith("will improve quickly and significantly in every Children's Trust.")).toBe(true)
  })
  it("keeps slide 17's bullets as one passage under the slide's title", () => {
    const slide = all.filter((p) => p.text.includes('legal processes') || p.text.includes('Francis Plowden'))
    expect(slide).toHaveLength(1)
    expect(slide[0].unit).toBe('slide')
    expect(slide[0].section).toBe('The Governments response (8)')
    expect(slide[0].sentences.map((s) => s.text)).toEqual([
      'Balancing the needs of the child and legal processes',
      'Commitment to reducing delays in court proceedings',
      'An independent review, led by Francis Plowden, of the impact of court fees in the care proceedings system, to report to Ministers by September 2009',
    ])
  })
  it('one recommendation per passage', () => {
    const recs = passagesOf('003')
    expect(recs.filter((p) => p.text.includes('should not be chaired by the same person'))[0].text).toMatch(/^The Children's Trust and the LSCB should not be chaired/)
    expect(recs.every((p) => p.unit === 'recommendation')).toBe(true)
  })
  it('splits long units at sentences and merges short paragraphs', () => {
    const longest = Math.max(...all.map((p) => words(p.text)))
    expect(longest).toBeLessThanOrEqual(MAX_PASSAGE_WORDS + 10)
    const article = passagesOf('001')
    expect(article.find((p) => p.text.includes('"Now just do it"'))!.sentences.length).toBeGreaterThan(1)
  })
  it('carries section headings', () => {
    expect(passagesOf('002').find((p) => p.text.includes('29,000 children'))!.section).toBe('Introduction')
    expect(passagesOf('000').find((p) => p.text.includes('0870 000 2288'))!.section).toBe('Contact Details')
  })
})

describe('sentence splitting on this corpus', () => {
  const texts = (s: string) => splitSentences(s).map((x) => s.slice(x.start, x.end))
  it.each([
    ['the Rt Hon Ed Balls MP, acted decisively. On 17 November 2008 he commissioned me.', 2],
    ['Detailed Government response and action plan launched 6/5/09 with Social Work Task Force first report.', 1],
    ['A Social Work Transformation Fund of £58m to support these measures.', 1],
    ['The team also met trade unions and some MPs. They also surveyed chairs.', 2],
    ["Following the case of `Baby P', the Secretary of State acted. Baby P died in 2007.", 2],
  ])('%s', (s, n) => expect(texts(s)).toHaveLength(n))
  it('ends a sentence at a closing quotation', () => {
    expect(texts('He said: "I feel we\'ve got it within our grasp." Lord Laming admitted that.')).toEqual([
      'He said: "I feel we\'ve got it within our grasp."',
      'Lord Laming admitted that.',
    ])
  })
  it('ends a sentence at a number closing it, but not at a list number', () => {
    expect(texts('His letter is reproduced at Appendix 1. The kernel of the task was clear.')).toEqual([
      'His letter is reproduced at Appendix 1.',
      'The kernel of the task was clear.',
    ])
    expect(texts('1. The report can be found online.')).toHaveLength(1)
    expect(texts('It cost £19.15 in 2009. Then more.')).toHaveLength(2)
  })
  it('leaves list bullets out of sentences', () => {
    expect(texts('• - Roger Singleton appointed April 2009')).toEqual(['Roger Singleton appointed April 2009'])
  })
})
