import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Corpus, IndexFiles, Manifest, VectorItem } from '../index/corpus.js'
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

/** Read an index folder written by ingest; null when there is none. */
export function readIndexFiles(indexDir: string): IndexFiles | null {
  if (!indexExists(indexDir)) return null
  const dir = currentIndexFolder(indexDir)
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T
  const vectra = existsSync(join(dir, INDEX_FILES.vectra)) ? read<{ items: VectorItem[] }>(INDEX_FILES.vectra) : { items: [] }
  const lexicon = existsSync(join(dir, INDEX_FILES.lexicon)) ? read<LexiconData>(INDEX_FILES.lexicon) : undefined
  return { manifest: read<Manifest>(INDEX_FILES.manifest), corpus: read<Corpus>(INDEX_FILES.corpus), vectors: vectra.items, lexicon }
}
