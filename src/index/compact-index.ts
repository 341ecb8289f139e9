// A smaller, precomputed index for the worker bundle: no original texts, no text repeated
// between documents, passages and sentences, terms already stemmed, vectors as float32.
import type { Corpus, DocumentRecord, IndexFiles, Manifest, PassageRecord } from './corpus.js'
import { sentenceCues, type SentenceCues } from '../language/sentence-cues.js'
import { capitalAcronyms, terms, termsOfWords, words } from '../language/terms.js'

/** What query-time scoring needs from each passage and sentence, computed once. */
export interface PrecomputedTerms {
  text: string[][]
  section: string[][]
  sentences: string[][][]
  cues: SentenceCues[][]
  /** The corpus's words as written, with counts: spelling's vocabulary, so the Worker need not split every passage at start-up. */
  surface: [word: string, count: number][]
}

export interface CompactIndex {
  manifest: Manifest
  documents: Omit<DocumentRecord, 'original'>[]
  passages: PassageRow[]
  terms: PrecomputedTerms
  /** Base64 of all passage vectors as little-endian float32, in passage order. */
  vectors: string | null
  lexicon?: IndexFiles['lexicon']
}

/**
 * One passage's sentences: their terms, and the cues to the kind of answer each holds. Code has
 * neither, so it is never quoted; it is searched with its passage, whose words it holds.
 */
export function sentenceTerms(p: PassageRecord): { sentences: string[][]; cues: SentenceCues[] } {
  const code = new Set(p.code)
  return {
    sentences: p.sentences.map((s, k) => (code.has(k) ? [] : terms(s.text))),
    cues: p.sentences.map((s, k) => {
      const before = p.text.slice(0, s.start - p.start)
      return sentenceCues(code.has(k) ? '' : s.text, before.slice(before.lastIndexOf('\n') + 1))
    }),
  }
}

/** One passage's terms and sentence cues. */
export function passageTerms(p: PassageRecord): { text: string[]; section: string[]; sentences: string[][]; cues: SentenceCues[] } {
  return { text: terms(p.text), section: terms(p.section ?? ''), ...sentenceTerms(p) }
}

/** Passage i's terms, as a store or the bundle keeps them. */
export const storedTermsAt = (pre: PrecomputedTerms, i: number) => ({ text: pre.text[i], section: pre.section[i], sentences: pre.sentences[i], cues: pre.cues[i] })

export function precomputeTerms(corpus: Corpus): PrecomputedTerms {
  const { texts, sections, surface } = termsAndSurface(corpus.passages)
  const perPassage = corpus.passages.map(sentenceTerms)
  return { text: texts, section: sections, sentences: perPassage.map((t) => t.sentences), cues: perPassage.map((t) => t.cues), surface: [...surface] }
}

export function compactIndex(files: IndexFiles): CompactIndex {
  const byId = new Map(files.vectors.map((v) => [v.id, v.vector]))
  const dims = files.manifest.embedding?.dims ?? 0
  let vectors: string | null = null
  if (dims > 0 && files.corpus.passages.every((p) => byId.get(p.id)?.length === dims)) {
    const flat = Float32Array.from(files.corpus.passages.flatMap((p) => byId.get(p.id)!))
    vectors = toBase64(new Uint8Array(flat.buffer))
  }
  return {
    manifest: files.manifest,
    documents: files.corpus.documents.map(({ original: _, ...d }) => d),
    passages: files.corpus.passages.map(passageRow),
    terms: precomputeTerms(files.corpus),
    vectors,
    lexicon: files.lexicon,
  }
}

/** A passage without its texts, its sentences as [start, end, origStart, origEnd, ...]: as the bundle and D1's rows keep it. */
export type PassageRow = Omit<PassageRecord, 'text' | 'sentences'> & { sentences: number[] }

export function passageRow(p: PassageRecord): PassageRow {
  const { text: _, sentences, ...rest } = p
  return { ...rest, sentences: sentences.flatMap((s) => [s.start, s.end, s.origStart, s.origEnd]) }
}

/** A passage back from its row, its sentences' texts cut from its text (which starts at `start` of the document). */
export function passageFromRow(row: PassageRow, text: string): PassageRecord {
  const sentences = []
  for (let i = 0; i < row.sentences.length; i += 4) {
    const [start, end, origStart, origEnd] = row.sentences.slice(i, i + 4)
    sentences.push({ text: text.slice(start - row.start, end - row.start), start, end, origStart, origEnd })
  }
  return { ...row, text, sentences }
}

/** Bytes as base64, in any runtime (the Worker has no Buffer). */
export function toBase64(bytes: Uint8Array): string {
  let s = ''
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  return btoa(s)
}

export function fromBase64(b64: string): ArrayBuffer {
  const s = atob(b64)
  const out = new Uint8Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out.buffer
}

function decodeVectors(b64: string, dims: number): number[][] {
  const flat = new Float32Array(fromBase64(b64))
  const out: number[][] = []
  for (let i = 0; i < flat.length; i += dims) out.push(Array.from(flat.subarray(i, i + dims)))
  return out
}

export function expandCompactIndex(c: CompactIndex): { files: IndexFiles; terms: PrecomputedTerms } {
  const documents = c.documents.map((d) => ({ ...d, original: '' }))
  const texts = new Map(documents.map((d) => [d.id, d.text]))
  const passages: PassageRecord[] = c.passages.map((p) => passageFromRow(p, (texts.get(p.docId) ?? '').slice(p.start, p.end)))
  const dims = c.manifest.embedding?.dims ?? 0
  const vectors = c.vectors && dims ? decodeVectors(c.vectors, dims).map((vector, i) => ({ id: passages[i].id, vector, metadata: {} })) : []
  return { files: { manifest: c.manifest, corpus: { documents, passages }, vectors, lexicon: c.lexicon }, terms: c.terms }
}

/**
 * Each passage's text and section terms, and the corpus's words as written with their counts
 * (what spelling corrects to): one split into words per passage serves both.
 */
export function termsAndSurface(passages: readonly PassageRecord[]): { texts: string[][]; sections: string[][]; surface: Map<string, number> } {
  const surface = new Map<string, number>()
  const count = (ws: string[]) => {
    for (const w of ws) surface.set(w, (surface.get(w) ?? 0) + 1)
    return ws
  }
  // terms(), with each word counted for spelling on the way.
  const termsCounting = (text: string) => [...termsOfWords(count(words(text))), ...capitalAcronyms(text)]
  const texts: string[][] = []
  const sections: string[][] = []
  // Section first, then text: the order spelling breaks ties in.
  for (const p of passages) {
    sections.push(termsCounting(p.section ?? ''))
    texts.push(termsCounting(p.text))
  }
  return { texts, sections, surface }
}
