import { describe, expect, it } from 'vitest'
import { workersEmbedderFor, WORKERS_AI_MODEL, type WorkersAi } from '../../src/embedders/workers-ai.js'
import type { SearchIndex } from '../../src/index/search-index.js'
import { loadIndex } from '../setup/app.js'
import { TINY_INDEX } from '../setup/paths.js'

// Records what the worker would send to the Workers AI binding (a remote service, absent offline).
function recordingAi(dims: number): WorkersAi & { calls: { model: string; text: string[] }[] } {
  const calls: { model: string; text: string[] }[] = []
  return { calls, run: async (model, input) => (calls.push({ model, text: input.text }), { data: input.text.map(() => Array(dims).fill(0.1)) }) }
}

const withModel = (index: SearchIndex, model: string): SearchIndex => ({ ...index, manifest: { ...index.manifest, embedding: { model, dims: 32 } } })

describe('query embedding on Workers', () => {
  const hybrid = loadIndex(TINY_INDEX)
  it('uses Workers AI bge-small only for an index built with bge-small-en-v1.5', async () => {
    const ai = recordingAi(32)
    const embedder = workersEmbedderFor(ai, withModel(hybrid, 'Xenova/bge-small-en-v1.5'))!
    expect(embedder.model).toBe(WORKERS_AI_MODEL)
    await embedder.embed(['court fees'], 'query')
    expect(ai.calls).toEqual([{ model: '@cf/baai/bge-small-en-v1.5', text: ['Represent this sentence for searching relevant passages: court fees'] }])
  })
  it('stays lexical without the binding, without vectors, or for another model', () => {
    expect(workersEmbedderFor(undefined, withModel(hybrid, 'Xenova/bge-small-en-v1.5'))).toBeNull()
    expect(workersEmbedderFor(recordingAi(32), loadIndex())).toBeNull()
    expect(workersEmbedderFor(recordingAi(32), hybrid)).toBeNull()
  })
})
