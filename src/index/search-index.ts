import type { SentenceCues } from '../answer/answer-type.js'
import { LRUCache } from 'lru-cache'
import { passageTerms, termsAndSurface, type PrecomputedTerms } from './compact-index.js'
import type { DocumentRecord, IndexFiles, Manifest, PassageRecord } from './corpus.js'
import { EMPTY_LEXICON, Lexicon } from '../language/lexicon.js'
import { byLength, type WordsByLength } from '../language/spelling.js'
import { Bm25 } from '../retrieval/bm25.js'
import { termsByPrefix, type TermsByPrefix } from '../retrieval/expand.js'

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
  const bm25 = new Bm25(passages.map((_, i) => ({ text: texts[i], section: sections[i] })))
  const vocabulary = new Set(bm25.vocabulary())
  const kept = new LRUCache<number, PassageTerms>({ max: TERMS_KEPT })
  return {
    manifest: files.manifest,
    documents: new Map(documents.map((d) => [d.id, d])),
    passages,
    bm25,
    vocabulary,
    termsByPrefix: termsByPrefix(vocabulary),
    termsOf: (i) => {
      let t = kept.get(i)
      if (!t) {
        const one = pre ? { text: pre.text[i], section: pre.section[i], sentences: pre.sentences[i], cues: pre.cues[i] } : passageTerms(passages[i])
        t = { all: new Set([...one.text, ...one.section]), section: new Set(one.section), sentences: one.sentences.map((x) => new Set(x)), cues: one.cues }
        kept.set(i, t)
      }
      return t
    },
    vectors,
    nearest: vectors ? nearest : null,
    lexicon: new Lexicon(files.lexicon ?? EMPTY_LEXICON),
    surface,
    surfaceByLength: byLength(surface),
  }
}

export function normalise(v: readonly number[]): Float32Array {
  const out = Float32Array.from(v)
  const norm = Math.hypot(...out) || 1
  for (let i = 0; i < out.length; i++) out[i] /= norm
  return out
}
