import { describe, expect, it } from 'vitest'
import { readIndexFiles } from '../../src/node/read-index.js'
import { LEXICAL_INDEX } from '../setup/paths.js'

// ASCII letters and digits only (a repaired "é" was lost in the original), footnote numbers dropped, so a cleaned span and its
// original (with furniture, tags and damage) compare word by word.
const tokens = (s: string) =>
  (s.replace(/[^\x00-\x7F]/g, ' ').match(/[A-Za-z0-9]+/g) ?? []).map((t) => t.replace(/(?<=[a-z])\d+$/, '').toLowerCase())

function isSubsequence(small: string[], big: string[]): boolean {
  let i = 0
  for (const t of big) if (t === small[i]) i++
  return i === small.length
}

describe('offsets', () => {
  const index = readIndexFiles(LEXICAL_INDEX)!
  const docs = new Map(index.corpus.documents.map((d) => [d.id, d]))

  it('every passage and sentence is exactly its span of the cleaned text', () => {
    expect(index.corpus.passages.length).toBeGreaterThan(100)
    for (const p of index.corpus.passages) {
      const doc = docs.get(p.docId)!
      expect(doc.text.slice(p.start, p.end)).toBe(p.text)
      for (const s of p.sentences) {
        expect(doc.text.slice(s.start, s.end)).toBe(s.text)
        expect(s.start >= p.start && s.end <= p.end).toBe(true)
      }
    }
  })

  it('every passage and sentence maps back to exactly its original text', () => {
    for (const p of index.corpus.passages) {
      const doc = docs.get(p.docId)!
      for (const span of [p, ...p.sentences]) {
        const original = tokens(doc.original.slice(span.origStart, span.origEnd))
        const cleaned = tokens(span.text)
        expect(original[0], span.text).toBe(cleaned[0])
        expect(original[original.length - 1], span.text).toBe(cleaned[cleaned.length - 1])
        expect(isSubsequence(cleaned, original), span.text).toBe(true)
      }
    }
  })

  it('a sentence cleaned across a page break spans the furniture in the original', () => {
    const s = index.corpus.passages.flatMap((p) => p.sentences).find((x) => x.text.includes('29,000 children were'))!
    const doc = index.corpus.documents.find((d) => d.kind === 'report')!
    const original = doc.original.slice(s.origStart, s.origEnd)
    expect(original).toContain('INTRODUCTION')
    expect(original.startsWith('For example, Department for Children')).toBe(true)
  })
})
