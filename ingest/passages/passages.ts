import { pageAt, type PassageRecord, type SentenceRecord } from '../../src/index/corpus.js'
import type { CleanedDocument } from '../cleaning/clean.js'
import { splitSentences } from './sentences.js'

export const MAX_PASSAGE_WORDS = 120
/** Paragraphs shorter than this are merged with a neighbour in the same section. */
export const MIN_PASSAGE_WORDS = 30

const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length

interface Draft {
  unit: PassageRecord['unit']
  section: string | null
  start: number
  end: number
  sentences: SentenceRecord[]
}

/** A line's sentences; code is one, whole: its full stops end no sentence. */
function sentencesOf(doc: CleanedDocument, from: number, to: number, code = false): SentenceRecord[] {
  const text = doc.text.text.slice(from, to)
  const spans = code ? [{ start: 0, end: text.length }] : splitSentences(text)
  return spans.map(({ start, end }) => {
    const [origStart, origEnd] = doc.text.originalSpan(from + start, from + end)
    return { text: text.slice(start, end), start: from + start, end: from + end, origStart, origEnd }
  })
}

/** Pack a unit's sentences into drafts of at most MAX_PASSAGE_WORDS, cutting only between sentences. */
function pack(unit: Draft['unit'], section: string | null, lines: { start: number; sentences: SentenceRecord[] }[]): Draft[] {
  const drafts: Draft[] = []
  let current: Draft | null = null
  let words = 0
  for (const line of lines) {
    line.sentences.forEach((s, k) => {
      const n = wordCount(s.text)
      if (current && words + n > MAX_PASSAGE_WORDS) current = null
      const start = k === 0 ? line.start : s.start
      if (!current) {
        drafts.push((current = { unit, section, start, end: s.end, sentences: [] }))
        words = 0
      }
      current.sentences.push(s)
      current.end = s.end
      words += n
    })
  }
  return drafts
}

/** One paragraph, list, slide or recommendation per passage; long ones split, short paragraphs merged. */
export function buildPassages(docId: string, doc: CleanedDocument): PassageRecord[] {
  const drafts: Draft[] = []
  const code = new Set<SentenceRecord>()
  for (const block of doc.blocks) {
    if (block.unit === 'title' || block.unit === 'heading') continue
    const lines = block.lines.map((l) => ({ start: l.start, sentences: sentencesOf(doc, l.start, l.end, block.code) }))
    if (block.code) for (const l of lines) for (const s of l.sentences) code.add(s)
    drafts.push(...pack(block.unit, block.section, lines))
  }
  const merged: Draft[] = []
  for (const d of drafts) {
    const prev = merged[merged.length - 1]
    const words = (x: Draft) => x.sentences.reduce((n, s) => n + wordCount(s.text), 0)
    const small = (x: Draft) => words(x) < MIN_PASSAGE_WORDS
    if (
      prev &&
      prev.unit === 'paragraph' &&
      d.unit === 'paragraph' &&
      prev.section === d.section &&
      (small(prev) || small(d)) &&
      words(prev) + words(d) <= MAX_PASSAGE_WORDS
    ) {
      prev.end = d.end
      prev.sentences.push(...d.sentences)
    } else merged.push({ ...d, sentences: [...d.sentences] })
  }
  return merged
    .filter((d) => d.sentences.length > 0)
    .map((d, ordinal) => {
      const [origStart, origEnd] = doc.text.originalSpan(d.start, d.end)
      const codeAt = d.sentences.flatMap((s, k) => (code.has(s) ? [k] : []))
      return {
        id: `${docId}#${ordinal}`,
        docId,
        ordinal,
        section: d.section,
        unit: d.unit,
        text: doc.text.text.slice(d.start, d.end),
        start: d.start,
        end: d.end,
        origStart,
        origEnd,
        sentences: d.sentences,
        ...(doc.pageStarts ? { pages: [pageAt(doc, d.start)!, pageAt(doc, d.end - 1)!] as [number, number] } : {}),
        ...(codeAt.length ? { code: codeAt } : {}),
      }
    })
}
