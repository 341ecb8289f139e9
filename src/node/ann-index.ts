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

/** Builds the graph over unit vectors, keyed by passage position, and saves it. */
export async function writeAnnIndex(vectors: readonly Float32Array[], file: string): Promise<void> {
  const usearch = await loadUsearch()
  const dims = vectors[0].length
  const flat = new Float32Array(vectors.length * dims)
  vectors.forEach((v, i) => flat.set(v, i * dims))
  const index = new usearch.Index(config(usearch, dims))
  index.add(BigUint64Array.from(vectors, (_, i) => BigInt(i)), flat, 0)
  index.save(file)
}

export async function readAnnIndex(file: string, dimensions: number): Promise<NearestPassages> {
  const usearch = await loadUsearch()
  const index = new usearch.Index(config(usearch, dimensions))
  index.load(file)
  return (query, k) => {
    const found = index.search(query, k, 1)
    const out: number[] = []
    for (const key of found.keys) if (key !== BigInt(-1) && key < BigInt(Number.MAX_SAFE_INTEGER)) out.push(Number(key))
    return out
  }
}
