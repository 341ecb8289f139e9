import { queryInstruction, type Embedder } from '../embedder.js'
import { searchesVectors, type SearchIndex } from '../index/search-index.js'

/** The part of a Workers AI binding this app uses. */
export interface WorkersAi {
  run(model: string, input: { text: string[] }): Promise<{ data?: number[][] }>
}

/** The Workers AI twin of the ingest default model, so query vectors match the index. */
export const WORKERS_AI_MODEL = '@cf/baai/bge-small-en-v1.5'
export const INDEX_MODEL_FOR_WORKERS_AI = /bge-small-en-v1\.5$/i

function workersAiEmbedder(ai: WorkersAi): Embedder {
  const prefix = queryInstruction(WORKERS_AI_MODEL)
  return {
    model: WORKERS_AI_MODEL,
    async embed(texts, kind) {
      const out = await ai.run(WORKERS_AI_MODEL, { text: kind === 'query' ? texts.map((t) => prefix + t) : texts })
      if (!out.data) throw new Error('Workers AI returned no embedding')
      return out.data
    },
  }
}

/**
 * Hybrid retrieval needs query vectors from the model that built the index: Workers AI's
 * bge-small matches an index built with bge-small-en-v1.5; anything else stays lexical.
 */
export function workersEmbedderFor(ai: WorkersAi | undefined, index: SearchIndex): Embedder | null {
  const model = index.manifest.embedding?.model ?? ''
  return ai && searchesVectors(index) && INDEX_MODEL_FOR_WORKERS_AI.test(model) ? workersAiEmbedder(ai) : null
}
