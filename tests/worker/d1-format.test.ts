// The D1 format without workerd: its encodings round-trip exactly, and answering over a store
// (postings read before retrieval, passages after) gives the in-memory answers. d1.test.ts runs
// the same path in workerd over wrangler's local D1.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { precomputeTerms } from '../../src/index/compact-index.js'
import {
  d1Pack,
  decodePostings,
  documentFromRows,
  encodePostings,
  packVersion,
  passageFromRow,
  passageRow,
  searchIndexFromPack,
  VECTORIZE_TOP_K,
  type D1Pack,
} from '../../src/index/d1-format.js'
import type { IndexFiles } from '../../src/index/corpus.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { D1IndexStore, type D1Database, type VectorizeIndex } from '../../src/worker/d1-store.js'
import type { IndexStore, StoredPassage } from '../../src/index/index-store.js'
import { buildSearchIndex, searchesVectors } from '../../src/index/search-index.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { splitStatements } from '../../src/node/load-d1.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { textParts } from '../../src/node/write-d1-index.js'
import type { Postings } from '../../src/retrieval/bm25.js'
import { LEXICAL_INDEX, ROOT, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

describe('the D1 SQL and rows', () => {
  it('splits statements at semicolons outside quotes only', () => {
    const sql = "CREATE TABLE t (a TEXT);\nINSERT INTO t VALUES ('a;b'), ('it''s; fine'),\n('line\none;\n');\nINSERT INTO t VALUES ('''');\n"
    expect(splitStatements(sql)).toEqual(["CREATE TABLE t (a TEXT)", "INSERT INTO t VALUES ('a;b'), ('it''s; fine'),\n('line\none;\n')", "INSERT INTO t VALUES ('''')"])
    expect(() => splitStatements("INSERT INTO t VALUES ('open;")).toThrow(/unterminated/)
  })

  it('cuts long texts into rows without splitting a surrogate pair', () => {
    const text = `${'a'.repeat(23_999)}😀${'b'.repeat(30_000)}`
    const parts = textParts(text)
    expect(parts.join('')).toBe(text)
    expect(parts.length).toBe(3)
    for (const p of parts) expect(p).not.toMatch(/^[\udc00-\udfff]|[\ud800-\udbff]$/)
    expect(textParts('')).toEqual([''])
  })

  it('stores postings bit for bit, in parts', () => {
    const docs = Int32Array.from({ length: 10_000 }, (_, i) => i * 3)
    const impacts = Float64Array.from(docs, (d) => Math.PI / (d + 1))
    const parts = [0, 4096, 8192].map((at) => encodePostings(docs.subarray(at, at + 4096), impacts.subarray(at, at + 4096)))
    const back = decodePostings(parts)
    expect(back.docs).toEqual(docs)
    expect(back.impacts).toEqual(impacts)
  })
})

/** A store that keeps the rows as D1 would (encoded, JSON), in memory; it counts what it is asked for. */
function memoryStore(files: IndexFiles, nearest?: IndexStore['nearest']) {
  const memory = buildSearchIndex(files)
  const pre = precomputeTerms(files.corpus)
  const rows = {
    postings: new Map([...memory.bm25.entries()].map(([t, p]) => [t, encodePostings(p.docs, p.impacts)])),
    passages: files.corpus.passages.map((p, i) => ({
      record: JSON.stringify(passageRow(p)),
      text: p.text,
      terms: JSON.stringify({ text: pre.text[i], section: pre.section[i], sentences: pre.sentences[i], cues: pre.cues[i] }),
    })),
  }
  const asked = { postings: 0, passages: 0 }
  const store: IndexStore = {
    passageCounts: new Map(),
    async postings(terms) {
      asked.postings += terms.length
      return new Map(terms.filter((t) => rows.postings.has(t)).map((t): [string, Postings] => [t, decodePostings([rows.postings.get(t)!])]))
    },
    async passages(positions) {
      asked.passages += positions.length
      return new Map(positions.map((i): [number, StoredPassage] => [i, { record: passageFromRow(JSON.parse(rows.passages[i].record), rows.passages[i].text), terms: JSON.parse(rows.passages[i].terms) }]))
    },
    async document(id) {
      const doc = files.corpus.documents.find((d) => d.id === id)!
      const records = files.corpus.passages.filter((p) => p.docId === id).map((p) => JSON.parse(JSON.stringify(passageRow(p))))
      return documentFromRows(doc, textParts(doc.text), records)
    },
    ...(nearest ? { nearest } : {}),
  }
  const pack = JSON.parse(JSON.stringify(d1Pack(files, pre, memory.bm25))) as D1Pack
  return { memory, store, asked, pack, stored: searchIndexFromPack(pack, store) }
}

const questions = ['questions.jsonl', 'blind-dev.jsonl'].flatMap((f) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')))

describe('answering over an index store', () => {
  const files = readIndexFiles(LEXICAL_INDEX)!
  const { memory, store, asked, stored } = memoryStore(files)

  it('answers every public and blind-dev question exactly as in memory, reading only the postings and passages it reaches', async () => {
    for (const q of questions) {
      const [a, b] = await Promise.all([ask(stored, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask), ask(memory, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask)])
      expect({ ...a, timings: null }, q.question).toEqual({ ...b, timings: null })
    }
    expect(asked.passages).toBeLessThanOrEqual(questions.length * DEFAULT_CONFIG.ask.candidates)
    expect(asked.postings).toBeGreaterThan(0)
  })

  it('rebuilds a document and its passages from rows', async () => {
    const doc = files.corpus.documents[0]
    const got = (await store.document(doc.id))!
    expect(got.doc.text).toBe(doc.text)
    expect(got.passages).toEqual(files.corpus.passages.filter((p) => p.docId === doc.id))
  })
})

// Vectorize and Workers AI have no local simulation (wrangler dev runs them only remotely), so
// the hybrid D1 path is checked here, with the generated model and a stand-in for Vectorize
// that searches exactly.
describe('hybrid answering over an index store with Vectorize', () => {
  const files = readIndexFiles(TINY_INDEX)!
  const dims = files.manifest.embedding!.dims
  const unit = buildSearchIndex(files).vectors!

  function exactVectorize(namespace: string) {
    const calls: { topK: number; namespace?: string; length: number }[] = []
    const vectorize: VectorizeIndex = {
      async query(vector, options) {
        calls.push({ topK: options.topK, namespace: options.namespace, length: vector.length })
        const q = Float32Array.from(vector)
        const scored = unit.map((v, i) => ({ id: String(i), score: v.reduce((s, x, k) => s + x * q[k], 0) }))
        // Another build's vectors in another namespace, and a position past this corpus.
        if (options.namespace !== namespace) return { matches: [] }
        return { matches: [...scored.sort((a, b) => b.score - a.score).slice(0, options.topK), { id: String(unit.length + 5), score: 1 }] }
      },
    }
    return { vectorize, calls }
  }

  it("queries Vectorize in this build's namespace, at most 100 at a time, and keeps only this corpus's passages", async () => {
    const { pack } = memoryStore(files)
    const { vectorize, calls } = exactVectorize(packVersion(pack))
    const d1 = new D1IndexStore({} as D1Database, pack, vectorize)
    const near = await d1.nearest!(unit[3], 200)
    expect(calls).toEqual([{ topK: VECTORIZE_TOP_K, namespace: packVersion(pack), length: dims }])
    expect(near.size).toBe(VECTORIZE_TOP_K)
    expect([...near.keys()][0]).toBe(3)
    expect([...near.keys()].every((i) => i < unit.length)).toBe(true)
    expect(new D1IndexStore({} as D1Database, { ...pack, manifest: { ...pack.manifest, embedding: null } }, vectorize).nearest).toBeUndefined()
  })

  it("fuses the store's similarities as exact search does: with every passage returned, the same answers", async () => {
    const embedder = await loadTransformersEmbedder({ model: files.manifest.embedding!.model, modelDir: TINY_MODEL_DIR })
    // Every passage with its exact similarity: then fusion over the store's scores must equal fusion in memory.
    const all: IndexStore['nearest'] = async (q) => new Map(unit.map((v, i) => [i, v.reduce((s, x, k) => s + x * q[k], 0)]))
    const { memory, stored } = memoryStore(files, all)
    // What decides hybrid (and Workers AI's embedder): a store that searches vectors counts as vectors.
    expect(searchesVectors(stored)).toBe(true)
    expect(searchesVectors(memoryStore(files).stored)).toBe(false)
    for (const q of questions.slice(0, 40)) {
      const [a, b] = await Promise.all([ask(stored, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask), ask(memory, embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask)])
      expect(a.retrieval).toBe('hybrid')
      expect({ ...a, timings: null }, q.question).toEqual({ ...b, timings: null })
    }
  })
})
