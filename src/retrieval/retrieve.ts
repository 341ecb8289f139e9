import type { SearchIndex } from '../index/search-index.js'
import type { Query } from './query.js'

export interface RetrievalConfig {
  /** Passages returned. */
  topK: number
  /** Weight of dense similarity in the fused score (0 = lexical only). */
  denseWeight: number
  /** Weighted score fusion, or reciprocal rank fusion (for comparison in the bench). */
  fusion: 'weighted' | 'rrf'
}

export const DEFAULT_RETRIEVAL: RetrievalConfig = { topK: 5, denseWeight: 0.3, fusion: 'weighted' }
const RRF_K = 60

export interface Ranked {
  passage: number
  score: number
}

// Loops, not Math.max(...xs): a spread of a corpus-sized array overflows the stack.
const scaleByMax = (xs: number[]) => {
  let max = 0
  for (const x of xs) if (x > max) max = x
  return xs.map((x) => (max > 0 ? x / max : 0))
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

/** Weighted score fusion of BM25 and cosine similarity, each scaled to [0, 1]. */
export function retrieve(index: SearchIndex, query: Query, queryVector: Float32Array | null, cfg: RetrievalConfig = DEFAULT_RETRIEVAL): Ranked[] {
  const lexical = scaleByMax(index.bm25.conceptScores(query.concepts))
  const cosine = queryVector && index.vectors ? index.vectors.map((v) => dot(v, queryVector)) : null
  const dense = cosine ? (cfg.fusion === 'rrf' ? reciprocalRanks(cosine) : scaleMinMax(cosine)) : null
  const lex = dense && cfg.fusion === 'rrf' ? reciprocalRanks(lexical) : lexical
  const w = dense ? cfg.denseWeight : 0
  return lex
    .map((l, i) => ({ passage: i, score: (1 - w) * l + w * (dense ? dense[i] : 0) }))
    .sort((a, b) => b.score - a.score || a.passage - b.passage)
    .slice(0, cfg.topK)
}

/** 1 / (k + rank), scaled so the top passage scores 1 like the other fusion. */
function reciprocalRanks(scores: number[]): number[] {
  const order = scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0])
  const out = new Array<number>(scores.length)
  order.forEach(([, i], rank) => (out[i] = (RRF_K + 1) / (RRF_K + rank + 1)))
  return out
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}
