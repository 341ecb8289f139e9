// Approximate nearest neighbours for large embedded corpora: an HNSW graph from usearch (a
// maintained native library, so Node only; the Worker bundles small corpora and takes exact
// dot products). Below ANN_FROM passages exact dot products are fast enough and exact.
import type { NearestPassages } from '../index/search-index.js'

// Loaded only when a graph is built or read: a lexical-only install never loads the native module.
const loadUsearch = async () => (await import('usearch')).default

/** Passages from which ingest builds the graph and retrieval uses it. */
export const ANN_FROM = 20_000
/** The graph's file, beside corpus.json in an index generation. */
export const ANN_FILE = 'vectors.usearch'

const config = (usearch: Awaited<ReturnType<typeof loadUsearch>>, dimensions: number) => ({
  dimensions,
  metric: usearch.MetricKind.IP,
  quantization: usearch.ScalarKind.F32,
  connectivity: 16,
  expansion_add: 128,
  expansion_search: 64,
  multi: false,
})

/**
 * Builds the graph over unit vectors, keyed by passage position, and saves it. False when the
 * native module cannot load on this platform: retrieval then searches vectors exactly.
 */
export async function writeAnnIndex(vectors: readonly Float32Array[], file: string): Promise<boolean> {
  let usearch
  try {
    usearch = await loadUsearch()
  } catch {
    return false
  }
  const dims = vectors[0].length
  const flat = new Float32Array(vectors.length * dims)
  vectors.forEach((v, i) => flat.set(v, i * dims))
  const index = new usearch.Index(config(usearch, dims))
  // One thread: the same vectors give the same graph, so two ingests of the same documents give
  // the same answers. Several threads insert in a racing order (a graph of 124 passages missed a
  // true neighbour in 1 build of 3). Costs about 2x on 2 cores: 20,000 x 384 in 11 s against 6 s.
  index.add(BigUint64Array.from(vectors, (_, i) => BigInt(i)), flat, 1)
  index.save(file)
  return true
}

/** The graph for a corpus of `passages`; null when it cannot be loaded or was built for another corpus (exact search is used then). */
export async function readAnnIndex(file: string, dimensions: number, passages: number): Promise<NearestPassages | null> {
  let index
  try {
    const usearch = await loadUsearch()
    index = new usearch.Index(config(usearch, dimensions))
    index.load(file)
  } catch (e) {
    console.warn(`The nearest-neighbour graph ${file} could not be loaded (${e instanceof Error ? e.message : e}); searching vectors exactly.`)
    return null
  }
  if (index.size() !== passages) {
    console.warn(`The nearest-neighbour graph ${file} holds ${index.size()} vectors for ${passages} passages; searching vectors exactly.`)
    return null
  }
  const end = BigInt(passages)
  return (query, k) => {
    const out: number[] = []
    for (const key of index.search(query, k, 1).keys) if (key < end) out.push(Number(key))
    return out
  }
}
