// The D1 format without workerd: its encodings round-trip exactly, and answering over a store
// (postings read before retrieval, passages after) gives the in-memory answers. d1.test.ts runs
// the same path in workerd over wrangler's local D1.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { precomputeTerms } from '../../src/index/compact-index.js'
import { d1Pack, decodePostings, documentFromRows, encodePostings, passageFromRow, passageRow, searchIndexFromPack } from '../../src/index/d1-format.js'
import type { IndexStore, StoredPassage } from '../../src/index/index-store.js'
import { buildSearchIndex } from '../../src/index/search-index.js'
import { parseQuestions } from '../../src/eval/evaluate.js'
import { splitStatements } from '../../src/node/load-d1.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { textParts } from '../../src/node/write-d1-index.js'
import type { Postings } from '../../src/retrieval/bm25.js'
import { LEXICAL_INDEX, ROOT } from '../setup/paths.js'

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

describe('answering over an index store', () => {
  const files = readIndexFiles(LEXICAL_INDEX)!
  const memory = buildSearchIndex(files)
  const pre = precomputeTerms(files.corpus)
  // A store that keeps the rows as D1 would (encoded, JSON), in memory; it counts what it is asked for.
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
  }
  const stored = searchIndexFromPack(JSON.parse(JSON.stringify(d1Pack(files, pre, memory.bm25))), store)
  const questions = ['questions.jsonl', 'blind-dev.jsonl'].flatMap((f) => parseQuestions(readFileSync(join(ROOT, 'tests/eval', f), 'utf8')))

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
