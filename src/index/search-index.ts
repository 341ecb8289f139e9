import type { SentenceCues } from '../answer/answer-type.js'
import { precomputeTerms, type PrecomputedTerms } from './compact-index.js'
import type { DocumentRecord, IndexFiles, Manifest, PassageRecord } from './corpus.js'
import { EMPTY_LEXICON, Lexicon } from '../language/lexicon.js'
import { byLength, type WordsByLength } from '../language/spelling.js'
import { Bm25 } from '../retrieval/bm25.js'
import { termsByPrefix, type TermsByPrefix } from '../retrieval/expand.js'
import { words } from '../retrieval/terms.js'

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
  /** Stemmed terms of each passage's text and section. */
  passageTerms: Set<string>[]
  sectionTerms: Set<string>[]
  /** Per passage, per sentence. */
  sentenceTerms: Set<string>[][]
  sentenceCues: SentenceCues[][]
  /** Unit vectors by passage position, or null for a lexical-only index. */
  vectors: Float32Array[] | null
  /** WordNet bridges from a question's words to the corpus's. */
  lexicon: Lexicon
  /** The corpus's words as written (lower-case), with their counts: what a misspelling is corrected to. */
  surface: Map<string, number>
  /** The same, grouped by length for spelling look-ups. */
  surfaceByLength: WordsByLength
}

/** Build once per process or isolate; `pre` skips stemming when the terms were computed at build time. */
export function buildSearchIndex(files: IndexFiles, pre?: PrecomputedTerms): SearchIndex {
  const { passages, documents } = files.corpus
  const { text: texts, section: sections, sentences, cues } = pre ?? precomputeTerms(files.corpus)
  const byId = new Map(files.vectors.map((v) => [v.id, v.vector]))
  const vectors =
    files.manifest.embedding && passages.every((p) => (byId.get(p.id)?.length ?? 0) > 0)
      ? passages.map((p) => normalise(byId.get(p.id)!))
      : null
  const surface = surfaceWords(passages)
  const bm25 = new Bm25(passages.map((_, i) => ({ text: texts[i], section: sections[i] })))
  const vocabulary = new Set(bm25.vocabulary())
  return {
    manifest: files.manifest,
    documents: new Map(documents.map((d) => [d.id, d])),
    passages,
    bm25,
    vocabulary,
    termsByPrefix: termsByPrefix(vocabulary),
    passageTerms: passages.map((_, i) => new Set([...texts[i], ...sections[i]])),
    sectionTerms: sections.map((s) => new Set(s)),
    sentenceTerms: sentences.map((perSentence) => perSentence.map((t) => new Set(t))),
    sentenceCues: cues,
    vectors,
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

function surfaceWords(passages: readonly PassageRecord[]): Map<string, number> {
  const counts = new Map<string, number>()
  for (const p of passages) for (const w of words(`${p.section ?? ''} ${p.text}`)) counts.set(w, (counts.get(w) ?? 0) + 1)
  return counts
}
