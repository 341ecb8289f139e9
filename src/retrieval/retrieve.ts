import { dot, type SearchIndex } from '../index/search-index.js'
import TinyQueue from 'tinyqueue'
import type { Query } from './query.js'

export interface RetrievalConfig {
  /** Passages returned. */
  topK: number
  /** Weight of dense similarity in the fused score (0 = lexical only). */
  denseWeight: number
  /** Weighted score fusion, or reciprocal rank fusion (for comparison in the bench). */
  fusion: 'weighted' | 'rrf'
  /** Passages the nearest-neighbour graph offers per question, when the index has one (large corpora). */
  annCandidates: number
}

export const DEFAULT_RETRIEVAL: RetrievalConfig = { topK: 5, denseWeight: 0.3, fusion: 'weighted', annCandidates: 200 }
const RRF_K = 60

export interface Ranked {
  passage: number
  score: number
}

// Loops, not Math.max(...xs): a spread of a corpus-sized array overflows the stack.
const maxOf = (xs: ArrayLike<number>) => {
  let max = 0
  for (let i = 0; i < xs.length; i++) if (xs[i] > max) max = xs[i]
  return max
}

const scaleMinMax = (xs: number[]) => {
  let min = Infinity
  let max = -Infinity
  for (const x of xs) {
    if (x < min) min = x
    if (x > max) max = x
  }
  return xs.map((x) => (max > min ? (x - min) / (max - min) : 0))
}

/** Ranking order: higher score first, then earlier passage, so ties rank the same however they arrive. */
const worseFirst = (a: Ranked, b: Ranked) => a.score - b.score || b.passage - a.passage

/**
 * The k best of the candidates, best first, kept in a heap of k: cost grows with the number of
 * candidates, with no full sort, and an object is made only for a candidate that enters the heap.
 */
export function topK(passages: ArrayLike<number>, scores: ArrayLike<number>, k: number): Ranked[] {
  if (k <= 0) return []
  const heap = new TinyQueue<Ranked>([], worseFirst)
  for (let j = 0; j < passages.length; j++) {
    const worst = heap.length < k ? null : heap.peek()!
    if (worst && (scores[j] < worst.score || (scores[j] === worst.score && passages[j] > worst.passage))) continue
    if (worst) heap.pop()
    heap.push({ passage: passages[j], score: scores[j] })
  }
  const out: Ranked[] = []
  while (heap.length) out.push(heap.pop()!)
  return out.reverse()
}

/**
 * Weighted score fusion of BM25 and cosine similarity, each scaled to [0, 1]. Lexical-only,
 * only the passages that match a concept are scored; with vectors, the candidates are every
 * passage, or the lexical matches joined with the nearest passages (a graph, or a store's search).
 */
export function retrieve(
  index: SearchIndex,
  query: Query,
  queryVector: Float32Array | null,
  cfg: RetrievalConfig = DEFAULT_RETRIEVAL,
  /** Similarities a store's vector search returned (Vectorize), for an index without vectors in memory. */
  similarities: ReadonlyMap<number, number> | null = null,
): Ranked[] {
  const { docs, scores } = index.bm25.matches(query.concepts)
  const max = maxOf(scores)
  // Scaling by the maximum keeps the order, so only the k kept are scaled.
  if (!queryVector || !(index.vectors || similarities)) return topK(docs, scores, cfg.topK).map((r) => ({ passage: r.passage, score: max > 0 ? r.score / max : 0 }))
  // Exact dot products with every passage; past a corpus size, the nearest-neighbour graph's
  // candidates and the lexical matches are all that are scored. From a store, its nearest
  // passages come with their similarity; a lexical match outside them is taken to be no more
  // similar than the least of them (reading its vector would cost a read per match).
  const nearest = similarities ? [...similarities.keys()] : index.nearest ? index.nearest(queryVector, Math.max(cfg.annCandidates, cfg.topK)) : null
  const candidates = nearest ? [...new Set([...docs, ...nearest])] : index.passages.map((_, i) => i)
  const lexicalOf = new Map<number, number>()
  docs.forEach((i, k) => lexicalOf.set(i, max > 0 ? scores[k] / max : 0))
  const lexical = candidates.map((i) => lexicalOf.get(i) ?? 0)
  const similarity = similarities ? similarityFrom(similarities) : (i: number) => dot(index.vectors![i], queryVector)
  const cosine = candidates.map(similarity)
  const dense = cfg.fusion === 'rrf' ? reciprocalRanks(cosine) : scaleMinMax(cosine)
  const lex = cfg.fusion === 'rrf' ? reciprocalRanks(lexical) : lexical
  const w = cfg.denseWeight
  return topK(candidates, candidates.map((_, j) => (1 - w) * lex[j] + w * dense[j]), cfg.topK)
}

/**
 * A passage's similarity from a store's nearest passages: theirs as returned; any other, taken to
 * be no more similar than the least of them.
 */
export function similarityFrom(similarities: ReadonlyMap<number, number>): (passage: number) => number {
  let floor = Infinity
  for (const s of similarities.values()) floor = Math.min(floor, s)
  if (floor === Infinity) floor = 0
  return (i) => similarities.get(i) ?? floor
}

/** 1 / (k + rank), scaled so the top passage scores 1 like the other fusion. */
function reciprocalRanks(scores: number[]): number[] {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0])
  const out = new Array<number>(scores.length)
  order.forEach(([, i], rank) => (out[i] = (RRF_K + 1) / (RRF_K + rank + 1)))
  return out
}
