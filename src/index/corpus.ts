// The on-disk index contract shared by ingest (writer) and the app (reader).
import type { LexiconData } from '../language/lexicon.js'

/** 2: corpus.json holds passage and sentence offsets, not their text (1 still reads). */
export const INDEX_FORMAT_VERSION = 2

export type DocumentKind = 'report' | 'press release' | 'article' | 'slides' | 'recommendations'

export interface SentenceRecord {
  /** Verbatim text: equals doc.text.slice(start, end). */
  text: string
  start: number
  end: number
  /** Span in doc.original that the sentence was cleaned from. */
  origStart: number
  origEnd: number
}

export interface PassageRecord {
  id: string
  docId: string
  /** Position of the passage in its document, from 0. */
  ordinal: number
  section: string | null
  /** What the passage is made of: one paragraph, list, slide or recommendation. */
  unit: 'paragraph' | 'list' | 'slide' | 'recommendation'
  text: string
  start: number
  end: number
  origStart: number
  origEnd: number
  sentences: SentenceRecord[]
  /** First and last page the passage stands on (PDF only; 1 = the file's first page). */
  pages?: [number, number]
  /** Positions of its sentences that are code (a Markdown code block or an HTML `<pre>`, whole, line breaks kept): shown and searched with the passage, quoted only after a sentence that introduces it. */
  code?: number[]
}

export interface DocumentRecord {
  id: string
  file: string
  title: string
  kind: DocumentKind
  sha256: string
  /**
   * The file's text as read, for exact original offsets: HTML and Markdown as written; for a
   * PDF, the text extracted from its pages, one line per line of print, pages separated by "\f".
   */
  original: string
  /** The cleaned text that passage and sentence offsets point into. */
  text: string
  /** PDF only: where each page starts in `text` (entry k is page k + 1), for page breaks and page numbers. */
  pageStarts?: number[]
}

/** The page that cleaned-text offset `at` stands on, or null for a document without pages. */
export function pageAt(doc: Pick<DocumentRecord, 'pageStarts'>, at: number): number | null {
  const starts = doc.pageStarts
  if (!starts?.length) return null
  let page = 1
  while (page < starts.length && starts[page] <= at) page++
  return page
}

export interface Corpus {
  documents: DocumentRecord[]
  passages: PassageRecord[]
}

export interface EmbeddingInfo {
  model: string
  dims: number
}

/** What a PDF's extraction knows beyond its text: lines set large (headings) or small (footnotes), and the title. */
export interface PdfLayout {
  headingLines: number[]
  smallLines: number[]
  title: string | null
  titleLine: number | null
}

export interface Manifest {
  formatVersion: number
  createdAt: string
  /** null when the index is lexical-only. */
  embedding: EmbeddingInfo | null
  /** The model that could not be loaded when this lexical-only index was written, so a re-run with nothing to do does not retry it. */
  embeddingUnavailable?: string
  counts: { documents: number; passages: number; sentences: number }
  /** Per source file; cacheKey covers the file, the pipeline version and corpus-wide repair data. */
  files: Record<string, { docId: string; sha256: string; cacheKey: string; passages: number; pdf?: PdfLayout }>
  /** Hash of the corpus vocabulary the lexicon was built for, so an unchanged vocabulary reuses it. */
  lexiconKey?: string
  /** The lexicon builder's code, options and WordNet version: when it changes, ingest rebuilds the lexicon of unchanged files. */
  lexiconBuild?: string
  /** The version of ingest's reading (cleaning, passages, sentences) that read the documents; absent before it was recorded. */
  pipelineVersion?: number
}

/** vectra's index.json item, as written by LocalIndex. */
export interface VectorItem {
  id: string
  vector: number[]
  metadata: Record<string, string | number | boolean>
}

/** Everything an index folder holds, as parsed JSON. */
export interface IndexFiles {
  manifest: Manifest
  corpus: Corpus
  vectors: VectorItem[]
  /** WordNet bridges onto the corpus vocabulary; absent in indexes written before it existed. */
  lexicon?: LexiconData
  /** The generation folder these were read from (Node), so files beside them come from the same one. */
  folder?: string
}
