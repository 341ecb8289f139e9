import { configFromEnv, type AppConfig } from '../config.js'
import type { Embedder } from '../embedder.js'
import { loadTransformersEmbedder } from '../embedders/transformers.js'
import type { IndexFiles } from '../index/corpus.js'
import { buildSearchIndex, type SearchIndex } from '../index/search-index.js'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { ANN_FILE, readAnnIndex } from './ann-index.js'
import { readIndexFiles } from './read-index.js'

export interface NodeDeps {
  index: SearchIndex
  embedder: Embedder | null
  config: AppConfig
  /** One line on how questions will be answered. */
  mode: string
}

/**
 * The search index as Node serves it: with its nearest-neighbour graph when ingest wrote one,
 * read from the generation the files came from (CURRENT may have moved on since).
 */
export async function nodeSearchIndex(files: IndexFiles): Promise<SearchIndex> {
  const ann = files.folder ? join(files.folder, ANN_FILE) : null
  const dims = files.manifest.embedding?.dims ?? 0
  return buildSearchIndex(files, undefined, ann && dims > 0 && existsSync(ann) ? await readAnnIndex(ann, dims, files.corpus.passages.length) : null)
}

/** Load the index once, and the query embedder when the index has vectors. */
export async function loadNodeDeps(indexDir: string, env: NodeJS.ProcessEnv = process.env): Promise<NodeDeps> {
  // Settings first: a mistyped variable is reported before any slow loading.
  const { config, warnings } = configFromEnv(env)
  const files = readIndexFiles(indexDir)
  if (!files) throw new Error(`No index in ${indexDir}; run "npm run ingest" first.`)
  const index = await nodeSearchIndex(files)
  let embedder: Embedder | null = null
  let mode = 'lexical retrieval (the index has no vectors)'
  if (files.manifest.embedding && index.vectors) {
    try {
      embedder = await loadTransformersEmbedder({ model: files.manifest.embedding.model, modelDir: env.LAMING_MODEL_DIR || undefined })
      if (embedder.model !== files.manifest.embedding.model) throw new Error(`LAMING_MODEL_DIR holds ${embedder.model}, but the index was built with ${files.manifest.embedding.model}`)
      mode = `hybrid retrieval with ${embedder.model}`
    } catch (e) {
      embedder = null
      mode = `lexical retrieval: the query model could not be loaded (${e instanceof Error ? e.message : e})`
    }
  }
  for (const line of warnings) console.warn(line)
  return { index, embedder, config, mode }
}
