import { existsSync, mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ingest } from '../../ingest/pipeline.js'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { buildSearchIndex } from '../../src/index/search-index.js'
import { ANN_FILE, readAnnIndex, writeAnnIndex } from '../../src/node/ann-index.js'
import { loadNodeDeps, nodeSearchIndex } from '../../src/node/load-deps.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { retrieve } from '../../src/retrieval/retrieve.js'
import { currentIndexFolder, readIndexFiles } from '../../src/node/read-index.js'
import { ROOT, SEEDS, TINY_MODEL_DIR } from '../setup/paths.js'

function unitVectors(n: number, dims: number, seed = 1): Float32Array[] {
  let a = seed
  const next = () => ((a = (a * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) - 0.5
  return Array.from({ length: n }, () => {
    const v = Float32Array.from({ length: dims }, next)
    const norm = Math.hypot(...v)
    return v.map((x) => x / norm)
  })
}

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * b[i], 0)

describe('nearest-neighbour graph for large embedded corpora', () => {
  it('finds the exact ten nearest vectors for nearly every query (usearch HNSW)', async () => {
    const vectors = unitVectors(5000, 32)
    const file = join(mkdtempSync(join(tmpdir(), 'ann-')), ANN_FILE)
    await writeAnnIndex(vectors, file)
    const nearest = (await readAnnIndex(file, 32, vectors.length))!
    let found = 0
    const queries = unitVectors(50, 32, 7)
    for (const q of queries) {
      const exact = vectors
        .map((v, i) => [dot(v, q), i] as const)
        .sort((a, b) => b[0] - a[0])
        .slice(0, 10)
        .map(([, i]) => i)
      const approx = new Set(nearest(q, 10))
      found += exact.filter((i) => approx.has(i)).length
    }
    expect(found / (queries.length * 10)).toBeGreaterThanOrEqual(0.95)
  })

  it('is the same graph, byte for byte, each time it is built from the same vectors', async () => {
    const vectors = unitVectors(2000, 32)
    const [a, b] = [1, 2].map((n) => join(mkdtempSync(join(tmpdir(), `ann-same-${n}-`)), ANN_FILE))
    for (const file of [a, b]) await writeAnnIndex(vectors, file)
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true)
  })

  it('is written by ingest past its size, read by the server, and gives the answers exact search gives', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ann-index-'))
    await ingest({ source: SEEDS, out, model: 'unused', modelDir: TINY_MODEL_DIR, annFrom: 100 })
    expect(existsSync(join(currentIndexFolder(out), ANN_FILE))).toBe(true)
    const deps = await loadNodeDeps(out, { LAMING_MODEL_DIR: TINY_MODEL_DIR })
    expect(deps.index.nearest).not.toBeNull()
    // Keys are passage positions: each passage's own vector finds that passage first.
    const vectors = deps.index.vectors!
    const self = vectors.filter((v, i) => deps.index.nearest!(v, 1)[0] === i).length
    expect(self / vectors.length).toBeGreaterThanOrEqual(0.95)
    expect(deps.mode).toMatch(/hybrid/)
    const exact = buildSearchIndex(readIndexFiles(out)!)
    expect(exact.nearest).toBeNull()
    for (const q of parseQuestions(readFileSync(join(ROOT, 'tests/eval/questions.jsonl'), 'utf8'))) {
      const [a, b] = await Promise.all([deps.index, exact].map((index) => ask(index, deps.embedder, q.question, [], DEFAULT_CONFIG.ask)))
      expect(a.answer.markdown).toBe(b.answer.markdown)
      expect(a.sources.map((s) => s.passageId)).toEqual(b.sources.map((s) => s.passageId))
    }
  })

  it('with no word matched, retrieval ranks exactly the passages the graph offers, in exact order', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ann-only-'))
    await ingest({ source: SEEDS, out, model: 'unused', modelDir: TINY_MODEL_DIR, annFrom: 100 })
    const files = readIndexFiles(out)!
    const withGraph = await nodeSearchIndex(files)
    const exact = buildSearchIndex(files)
    const query = buildQuery('xyzzy plugh', [], exact)
    const cfg = { ...DEFAULT_CONFIG.ask.retrieval, topK: 5, annCandidates: 5 }
    for (const p of [0, 7, 40, 99]) {
      const vector = exact.vectors![p]
      const viaGraph = retrieve(withGraph, query, vector, cfg).map((r) => r.passage)
      expect(viaGraph[0]).toBe(p)
      expect(viaGraph).toEqual(retrieve(exact, query, vector, cfg).map((r) => r.passage))
    }
  })

  it('is not used for another corpus: a graph of another size is left aside with a warning', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'ann-')), ANN_FILE)
    await writeAnnIndex(unitVectors(50, 8), file)
    expect(await readAnnIndex(file, 8, 49)).toBeNull()
  })

  it('is not written for a corpus below its size', async () => {
    const out = mkdtempSync(join(tmpdir(), 'ann-small-'))
    await ingest({ source: SEEDS, out, model: 'unused', modelDir: TINY_MODEL_DIR })
    expect(existsSync(join(currentIndexFolder(out), ANN_FILE))).toBe(false)
  })
})
