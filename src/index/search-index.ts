import type { SentenceCues } from '../language/sentence-cues.js'
import { LRUCache } from 'lru-cache'
import { passageTerms, storedTermsAt, termsAndSurface, type PrecomputedTerms } from './compact-index.js'
import type { DocumentRecord, IndexFiles, Manifest, PassageRecord } from './corpus.js'
import type { IndexStore } from './index-store.js'
import { EMPTY_LEXICON, Lexicon } from '../language/lexicon.js'
import { byLength, type WordsByLength } from '../language/spelling.js'
import { Bm25 } from './bm25.js'
import { termsByPrefix, type TermsByPrefix } from '../language/word-forms.js'
import type { NameTable } from '../retrieval/named-documents.js'
import type { SpelledOutTable } from '../retrieval/spelled-out.js'

/** The index in memory, with what every query needs computed once. */
export interface SearchIndex {
  manifest: Manifest
  documents: Map<string, DocumentRecord>
  passages: PassageRecord[]
  bm25: Bm25
  /** Every term the corpus uses. */
  vocabulary: ReadonlySet<string>
  /** The same, grouped by first letters, for word-form look-ups. */
  termsByPrefix: TermsByPrefix
  /** A passage's stemmed terms and sentence cues: computed when a question first needs them. */
  termsOf(passage: number): PassageTerms
  /** Unit vectors by passage position, or null for a lexical-only index. */
  vectors: Float32Array[] | null
  /**
   * Approximate nearest passages to a unit query vector, nearest first, for corpora too large
   * for exact dot products on every question (Node, src/node/ann-index.ts); null: exact.
   */
  nearest: NearestPassages | null
  /** WordNet bridges from a question's words to the corpus's. */
  lexicon: Lexicon
  /** The corpus's words as written (lower-case), with their counts: what a misspelling is corrected to. */
  surface: Map<string, number>
  /** The same, grouped by length for spelling look-ups. */
  surfaceByLength: WordsByLength
  /**
   * Where postings, passages and document texts are read per request, for an index too large to
   * hold (the Worker's D1); then `passages` is empty until a view reads some (index-store.ts). Null: all in memory.
   */
  store: IndexStore | null
  /** The documents' names, as a store's pack brings them; in memory they are computed when first needed (named-documents.ts). */
  documentNames?: NameTable
  /** The initials of the corpus's capitalised runs, likewise (spelled-out.ts). */
  spelledOut?: SpelledOutTable
}

/** What answering reads of one passage. */
export interface PassageTerms {
  /** Terms of its text and section heading. */
  all: Set<string>
  section: Set<string>
  /** Per sentence. */
  sentences: Set<string>[]
  cues: SentenceCues[]
}

/** A passage's terms as stored: arrays, made sets when a question reads them. */
export interface StoredTerms {
  text: string[]
  section: string[]
  sentences: string[][]
  cues: SentenceCues[]
}

export function toPassageTerms(one: StoredTerms): PassageTerms {
  return { all: new Set([...one.text, ...one.section]), section: new Set(one.section), sentences: one.sentences.map((x) => new Set(x)), cues: one.cues }
}

/**
 * Passages whose terms are kept once computed. A question reads a few dozen; a corpus of a
 * hundred thousand passages would hold hundreds of thousands of sets if all were kept.
 */
const TERMS_KEPT = 20_000

export type NearestPassages = (query: Float32Array, k: number) => number[]

/**
 * Build once per process or isolate; `pre` skips stemming when the terms were computed at
 * build time; `nearest` is a nearest-neighbour graph over the vectors (large corpora, Node).
 */
export function buildSearchIndex(files: IndexFiles, pre?: PrecomputedTerms, nearest: NearestPassages | null = null): SearchIndex {
  const { passages, documents } = files.corpus
  const { texts, sections, surface } = pre ? { texts: pre.text, sections: pre.section, surface: new Map(pre.surface) } : termsAndSurface(passages)
  const byId = new Map(files.vectors.map((v) => [v.id, v.vector]))
  const vectors =
    files.manifest.embedding && passages.every((p) => (byId.get(p.id)?.length ?? 0) > 0)
      ? passages.map((p) => normalise(byId.get(p.id)!))
      : null
  const bm25 = Bm25.build(passages.map((_, i) => ({ text: texts[i], section: sections[i] })))
  const kept = new LRUCache<number, PassageTerms>({ max: TERMS_KEPT })
  return searchIndexOf({
    manifest: files.manifest,
    documents,
    passages,
    bm25,
    termsOf: (i) => {
      let t = kept.get(i)
      if (!t) {
        t = toPassageTerms(pre ? storedTermsAt(pre, i) : passageTerms(passages[i]))
        kept.set(i, t)
      }
      return t
    },
    vectors,
    nearest: vectors ? nearest : null,
    lexicon: files.lexicon,
    surface,
    store: null,
  })
}

/** The index from its parts, with the look-up tables derived from them. */
export function searchIndexOf(parts: {
  manifest: Manifest
  documents: readonly DocumentRecord[]
  passages: PassageRecord[]
  bm25: Bm25
  termsOf: SearchIndex['termsOf']
  vectors: Float32Array[] | null
  nearest: NearestPassages | null
  lexicon: IndexFiles['lexicon']
  surface: Map<string, number>
  store: IndexStore | null
  documentNames?: NameTable
  spelledOut?: SpelledOutTable
}): SearchIndex {
  const vocabulary = new Set(parts.bm25.vocabulary())
  return {
    ...parts,
    documents: new Map(parts.documents.map((d) => [d.id, d])),
    vocabulary,
    termsByPrefix: termsByPrefix(vocabulary),
    lexicon: new Lexicon(parts.lexicon ?? EMPTY_LEXICON),
    surfaceByLength: byLength(parts.surface),
  }
}

/** Whether the index can be searched by query vector: vectors in memory, or a store that searches them. */
export const searchesVectors = (index: SearchIndex): boolean => index.vectors !== null || index.store?.nearest !== undefined

/** Cosine similarity of two unit vectors. */
export function dot(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}

export function normalise(v: readonly number[]): Float32Array {
  const out = Float32Array.from(v)
  const norm = Math.hypot(...out) || 1
  for (let i = 0; i < out.length; i++) out[i] /= norm
  return out
}
