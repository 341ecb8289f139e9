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

export function indexExists(dir: string): boolean {
  return existsSync(join(dir, INDEX_FILES.manifest))
}

/** Read an index folder written by ingest; null when there is none. */
export function readIndexFiles(dir: string): IndexFiles | null {
  if (!indexExists(dir)) return null
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), 'utf8')) as T
  const vectra = existsSync(join(dir, INDEX_FILES.vectra)) ? read<{ items: VectorItem[] }>(INDEX_FILES.vectra) : { items: [] }
  const lexicon = existsSync(join(dir, INDEX_FILES.lexicon)) ? read<LexiconData>(INDEX_FILES.lexicon) : undefined
  return { manifest: read<Manifest>(INDEX_FILES.manifest), corpus: read<Corpus>(INDEX_FILES.corpus), vectors: vectra.items, lexicon }
}
