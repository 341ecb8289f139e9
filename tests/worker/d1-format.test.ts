// The D1 format without workerd: its encodings round-trip exactly, and answering over a store
// (postings read before retrieval, passages after) gives the in-memory answers. d1.test.ts runs
// the same path in workerd over wrangler's local D1.
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { passageFromRow, passageRow, precomputeTerms, storedTermsAt } from '../../src/index/compact-index.js'
import {
  d1Pack,
  decodePostings,
  documentFromRows,
  encodePostings,
  META_SELECT,
  searchIndexFromPack,
  splitStatements,
  VECTORIZE_TOP_K,
  type D1Pack,
} from '../../src/index/d1-format.js'
import type { IndexFiles } from '../../src/index/corpus.js'
import { loadTransformersEmbedder } from '../../src/embedders/transformers.js'
import { D1IndexStore, type D1Database, type VectorizeIndex } from '../../src/worker/d1-store.js'
import { IndexUnavailableError, type IndexStore, type StoredPassage } from '../../src/index/index-store.js'
import { buildSearchIndex, searchesVectors } from '../../src/index/search-index.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { textParts, writeD1Index } from '../../src/node/worker-build/write-d1-index.js'
import type { Postings } from '../../src/index/bm25.js'
import { retrieve } from '../../src/retrieval/retrieve.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { LEXICAL_INDEX, LICENCES_INDEX, READMES_INDEX, ROOT, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

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

  it('writes SQL whose last statement records a version that hashes the rest, and vectors ids of that version', () => {
    const write = (dir: string, files: IndexFiles) => writeD1Index(files, mkdtempSync(join(tmpdir(), dir)))
    const lexical = write('d1-lex-', readIndexFiles(LEXICAL_INDEX)!)
    expect(lexical.pack.version).toMatch(/^[0-9a-f]{16}$/)
    expect(write('d1-lex2-', readIndexFiles(LEXICAL_INDEX)!).pack.version).toBe(lexical.pack.version)
    const sql = lexical.sqlFiles.map((f) => readFileSync(f, 'utf8')).join('')
    expect(splitStatements(sql).at(-1)).toBe(`INSERT INTO meta (key, value) VALUES ('index', '${lexical.pack.version}')`)
    expect(lexical.vectorFiles).toEqual([])
    const tiny = write('d1-tiny-', readIndexFiles(TINY_INDEX)!)
    expect(tiny.pack.version).not.toBe(lexical.pack.version)
    const lines = tiny.vectorFiles.flatMap((f) => readFileSync(f, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { id: string; namespace: string; values: number[] }))
    expect(lines.length).toBe(tiny.pack.count)
    expect(lines[7]).toMatchObject({ id: `${tiny.pack.version}:7`, namespace: tiny.pack.version })
    expect(lines[7].values.length).toBe(readIndexFiles(TINY_INDEX)!.manifest.embedding!.dims)
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
      terms: JSON.stringify(storedTermsAt(pre, i)),
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
  const pack = JSON.parse(JSON.stringify(d1Pack(files, pre, memory.bm25, 'v1'))) as D1Pack
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

describe('documents a question names, over an index store', () => {
  // The store cannot see where a term is used per question: the names come in its pack.
  const { memory, stored, pack } = memoryStore(readIndexFiles(LICENCES_INDEX)!)
  it('packs the names the in-memory index finds, and answers the licence questions as in memory', async () => {
    expect(pack.names?.map(([t]) => t)).toEqual(expect.arrayContaining(['gpl', 'mpl', 'apach']))
    const licenceQuestions = parseQuestions(readFileSync(join(ROOT, 'tests/eval/licences-dev.jsonl'), 'utf8'))
    for (const q of licenceQuestions) {
      const [a, b] = await Promise.all([ask(stored, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask), ask(memory, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask)])
      expect({ ...a, timings: null }, q.question).toEqual({ ...b, timings: null })
    }
  })
})

describe('Markdown code blocks, over an index store', () => {
  // Which sentences are code rides in each passage's record; their terms are left out at build time.
  const { memory, stored } = memoryStore(readIndexFiles(READMES_INDEX)!)
  it('answers the README questions as in memory, quoting code only after the sentence that introduces it', async () => {
    const questions = parseQuestions(readFileSync(join(ROOT, 'tests/eval/readmes-dev.jsonl'), 'utf8'))
    const code = new Set(memory.passages.flatMap((p) => (p.code ?? []).map((k) => p.sentences[k].text)))
    expect(code.size).toBeGreaterThan(0)
    for (const q of questions) {
      const [a, b] = await Promise.all([ask(stored, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask), ask(memory, null, q.question, q.history ?? [], DEFAULT_CONFIG.ask)])
      expect({ ...a, timings: null }, q.question).toEqual({ ...b, timings: null })
      const quoted = a.answer.sentences.map((s) => s.text)
      expect(quoted.filter((t, i) => code.has(t) && !/:\s*$/.test(quoted[i - 1] ?? '')), q.question).toEqual([])
    }
  })
})

/** A stand-in for the D1 binding that holds only the meta row: enough to check what the store does before any read. */
function metaOnlyD1(value: string | null): D1Database {
  const statement = (sql: string) => ({ sql, bind: () => statement(sql) })
  return {
    prepare: statement,
    batch: async <T,>(statements: unknown[]) =>
      statements.map((s) => ({ results: ((s as { sql: string }).sql === META_SELECT && value !== null ? [{ value }] : []) as T[] })),
  }
}

describe('the D1 store refuses what is not this build', () => {
  const { pack } = memoryStore(readIndexFiles(LEXICAL_INDEX)!)
  it.each([
    ['no binding', undefined, /no INDEX_DB binding: add the \[\[d1_databases\]\] block/],
    ['no index loaded', metaOnlyD1(null), /holds no index, not the one this Worker was built with \(v1\)\. Load this build's index with "npm run d1:load"/],
    ['another build', metaOnlyD1('v0'), /holds another index \(v0\)/],
    ['an unreadable database', { prepare: metaOnlyD1(null).prepare, batch: async () => Promise.reject(new Error('no such table: meta')) }, /could not be read \(no such table: meta\)/],
  ])('with %s: every read throws an IndexUnavailableError that says what to do', async (_, db, message) => {
    const store = new D1IndexStore(db as D1Database | undefined, pack)
    for (const read of [() => store.postings(['court']), () => store.passages([0]), () => store.document(pack.documents[0].id), () => store.check()]) {
      const error = await read().catch((e: unknown) => e)
      expect(error).toBeInstanceOf(IndexUnavailableError)
      expect((error as Error).message).toMatch(message)
    }
  })

  it('reads nothing, and checks nothing, for an unknown document', async () => {
    expect(await new D1IndexStore(undefined, pack).document('nope')).toBeNull()
  })
})

// Vectorize and Workers AI have no local simulation (wrangler dev runs them only remotely), so
// the hybrid D1 path is checked here, with the generated model and a stand-in for Vectorize
// that searches exactly.
describe('hybrid answering over an index store with Vectorize', () => {
  const files = readIndexFiles(TINY_INDEX)!
  const dims = files.manifest.embedding!.dims
  const unit = buildSearchIndex(files).vectors!
  const cosine = (q: ArrayLike<number>) => unit.map((v) => v.reduce((s, x, k) => s + x * q[k], 0))
  const embedder = loadTransformersEmbedder({ model: files.manifest.embedding!.model, modelDir: TINY_MODEL_DIR })

  /** Exact search over this build's vectors in its namespace, with another build's id and a position past the corpus mixed in. */
  function exactVectorize(version: string) {
    const calls: { topK: number; namespace?: string; length: number }[] = []
    const vectorize: VectorizeIndex = {
      async query(vector, options) {
        calls.push({ topK: options.topK, namespace: options.namespace, length: vector.length })
        if (options.namespace !== version) return { matches: [] }
        const scored = cosine(vector).map((score, i) => ({ id: `${version}:${i}`, score }))
        return { matches: [...scored.sort((a, b) => b.score - a.score).slice(0, options.topK), { id: `old:1`, score: 1 }, { id: `${version}:${unit.length + 5}`, score: 1 }] }
      },
    }
    return { vectorize, calls }
  }

  it("queries Vectorize in this build's namespace, at most 100 at a time, and keeps only this build's passages", async () => {
    const { pack } = memoryStore(files)
    const { vectorize, calls } = exactVectorize(pack.version)
    const d1 = new D1IndexStore(undefined, pack, vectorize)
    const near = await d1.nearest!(unit[3], 200)
    expect(calls).toEqual([{ topK: VECTORIZE_TOP_K, namespace: 'v1', length: dims }])
    expect(near.size).toBe(VECTORIZE_TOP_K)
    expect([...near.keys()][0]).toBe(3)
    expect([...near.keys()].every((i) => i < unit.length)).toBe(true)
    expect(new D1IndexStore(undefined, { ...pack, manifest: { ...pack.manifest, embedding: null } }, vectorize).nearest).toBeUndefined()
  })

  it("fuses the store's similarities as exact search does: with every passage returned, the same answers", async () => {
    // Every passage with its exact similarity: then fusion over the store's scores must equal fusion in memory.
    const all: IndexStore['nearest'] = async (q) => new Map(cosine(q).map((s, i) => [i, s]))
    const { memory, stored } = memoryStore(files, all)
    // What decides hybrid (and Workers AI's embedder): a store that searches vectors counts as vectors.
    expect(searchesVectors(stored)).toBe(true)
    expect(searchesVectors(memoryStore(files).stored)).toBe(false)
    for (const q of questions.slice(0, 40)) {
      const [a, b] = await Promise.all([ask(stored, await embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask), ask(memory, await embedder, q.question, q.history ?? [], DEFAULT_CONFIG.ask)])
      expect(a.retrieval).toBe('hybrid')
      expect({ ...a, timings: null }, q.question).toEqual({ ...b, timings: null })
    }
  })

  it('scores a lexical match outside the nearest passages as no more similar than the least of them', () => {
    const { memory } = memoryStore(files)
    const query = buildQuery('court fees', [], memory, DEFAULT_CONFIG.ask.language)
    const lexical = retrieve(memory, query, null, { ...DEFAULT_CONFIG.ask.retrieval, topK: 3 })
    const vector = unit[lexical[2].passage]
    // The nearest: the third lexical match (similarity 1) and one other passage (0.5).
    const other = unit.findIndex((_, i) => !lexical.some((r) => r.passage === i))
    const ranked = retrieve(memory, query, vector, { ...DEFAULT_CONFIG.ask.retrieval, topK: 200, denseWeight: 0.5 }, new Map([[lexical[2].passage, 1], [other, 0.5]]))
    const score = (i: number) => ranked.find((r) => r.passage === i)!.score
    // Scaled to [0, 1]: the floor (0.5) is 0, so the first lexical match scores its lexical half only.
    expect(score(lexical[0].passage)).toBeCloseTo(0.5 * lexical[0].score, 10)
    expect(score(lexical[2].passage)).toBeCloseTo(0.5 * lexical[2].score + 0.5, 10)
    expect(score(other)).toBeCloseTo(0, 10)
  })

  it('answers lexically, and says so, when Vectorize fails or has nothing', async () => {
    const { pack, memory } = memoryStore(files)
    const broken = new D1IndexStore(undefined, pack, { query: () => Promise.reject(new Error('index not found')) })
    const empty = new D1IndexStore(undefined, pack, exactVectorize('another build').vectorize)
    for (const d1 of [broken, empty]) {
      const { stored } = memoryStore(files, d1.nearest)
      const q = 'What did Laming say about court fees?'
      const [a, b] = await Promise.all([ask(stored, await embedder, q, [], DEFAULT_CONFIG.ask), ask(memory, null, q, [], DEFAULT_CONFIG.ask)])
      expect(a.retrieval).toBe('lexical')
      expect({ ...a, timings: null }).toEqual({ ...b, timings: null })
    }
  })
})
