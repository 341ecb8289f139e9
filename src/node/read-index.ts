import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Corpus, IndexFiles, Manifest, PassageRecord, SentenceRecord, VectorItem } from '../index/corpus.js'
import type { LexiconData } from '../language/lexicon.js'

export const INDEX_FILES = {
  manifest: 'manifest.json',
  corpus: 'corpus.json',
  vectraFolder: 'vectra',
  vectra: 'vectra/index.json',
  lexicon: 'lexicon.json',
} as const

export const DEFAULT_INDEX_DIR = 'data/index'

/**
 * An index folder holds generations (`gen-…`), each a complete index, and CURRENT, which names
 * the one in use. Ingest writes a new generation, then replaces CURRENT with one rename, so the
 * folder never lacks a complete index. Indexes written before generations sit in the folder itself.
 */
export const CURRENT_FILE = 'CURRENT'

/** The folder holding the index files in use: the generation CURRENT names, or `dir` itself. */
export function currentIndexFolder(dir: string): string {
  const pointer = join(dir, CURRENT_FILE)
  return existsSync(pointer) ? join(dir, readFileSync(pointer, 'utf8').trim()) : dir
}

export function indexExists(dir: string): boolean {
  return existsSync(join(currentIndexFolder(dir), INDEX_FILES.manifest))
}

/** The manifest of the index in `indexDir`, without reading the rest; null when there is none. */
export function readManifest(indexDir: string): Manifest | null {
  if (!indexExists(indexDir)) return null
  return JSON.parse(readFileSync(join(currentIndexFolder(indexDir), INDEX_FILES.manifest), 'utf8')) as Manifest
}

/** Read an index folder written by ingest; null when there is none. */
export function readIndexFiles(indexDir: string): IndexFiles | null {
  if (!indexExists(indexDir)) return null
  const dir = currentIndexFolder(indexDir)
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T
  const vectra = existsSync(join(dir, INDEX_FILES.vectra)) ? read<{ items: VectorItem[] }>(INDEX_FILES.vectra) : { items: [] }
  const lexicon = existsSync(join(dir, INDEX_FILES.lexicon)) ? read<LexiconData>(INDEX_FILES.lexicon) : undefined
  return { manifest: read<Manifest>(INDEX_FILES.manifest), corpus: withTexts(read<StoredCorpus>(INDEX_FILES.corpus)), vectors: vectra.items, lexicon, folder: dir }
}

/** corpus.json as written: passages and sentences point into their document's text rather than repeat it. */
type StoredCorpus = Omit<Corpus, 'passages'> & { passages: (Omit<PassageRecord, 'text' | 'sentences'> & { text?: string; sentences: (Omit<SentenceRecord, 'text'> & { text?: string })[] })[] }

/** Passage and sentence texts cut from their document's text (indexes written before this keep theirs). */
function withTexts(stored: StoredCorpus): Corpus {
  const texts = new Map(stored.documents.map((d) => [d.id, d.text]))
  const passages = stored.passages.map((p) => {
    const text = texts.get(p.docId) ?? ''
    return { ...p, text: p.text ?? text.slice(p.start, p.end), sentences: p.sentences.map((s) => ({ ...s, text: s.text ?? text.slice(s.start, s.end) })) }
  })
  return { documents: stored.documents, passages }
}

/** What corpus.json stores: the corpus without passage and sentence texts, which its documents' texts hold. */
export function storedCorpus(corpus: Corpus): StoredCorpus {
  return { documents: corpus.documents, passages: corpus.passages.map(({ text: _, sentences, ...p }) => ({ ...p, sentences: sentences.map(({ text: __, ...s }) => s) })) }
}
