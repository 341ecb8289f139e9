// The index split for a Worker whose corpus is too large to bundle: a small pack bundled with the
// code (what question analysis needs: vocabulary with document frequencies, spelling's words,
// the WordNet lexicon, document metadata), and tables in Cloudflare D1 (postings, passages and
// document texts) that a question reads only where it reaches.
//
// The postings are ours, stored as rows, rather than SQLite's FTS5: FTS5 tokenises and scores
// its own way (no soft word forms counted once per concept, no section field at our weight), so
// the Worker would answer differently from Node. Stored as they are built, they give the same
// answers to the bit.
import { Bm25, type Postings } from './bm25.js'
import { EMPTY_LEXICON, Lexicon, type LexiconData } from '../language/lexicon.js'
import { documentNameTable } from '../retrieval/named-documents.js'
import { spelledOutTable } from '../retrieval/spelled-out.js'
import { fromBase64, passageFromRow, toBase64, type PassageRow, type PrecomputedTerms } from './compact-index.js'
import type { DocumentRecord, IndexFiles, Manifest } from './corpus.js'
import { notRead, type DocumentWithPassages, type IndexStore, type StoredPassage } from './index-store.js'
import { searchIndexOf, type SearchIndex, type StoredTerms } from './search-index.js'

/** What the Worker bundles when its index lives in D1. */
export interface D1Pack {
  store: 'd1'
  manifest: Manifest
  /** Document metadata, without texts; `passages` counts each one's passages. */
  documents: (Omit<DocumentRecord, 'original' | 'text'> & { passages: number })[]
  /** Passages in the corpus. */
  count: number
  /** Every term with the number of passages that use it. */
  df: [term: string, df: number][]
  surface: [word: string, count: number][]
  lexicon?: LexiconData
  /** The documents' names (named-documents.ts): term, the documents it names, whether it is a file's one-word name. */
  names?: [term: string, documents: string[], fileWord: boolean][]
  /** Initials of the corpus's capitalised runs and the runs' terms, and the names it writes with an initial (spelled-out.ts's table). */
  spelledOut?: [initials: string, terms: string[]][]
  /**
   * Which build of the tables this pack goes with: a hash of the pack and the SQL as written, so
   * a change of code that changes the tables changes it too. The tables' `meta` row holds it.
   */
  version: string
}

/** What the Worker bundles: everything but postings, passages and document texts; `version` is set once the SQL is written. */
export function d1Pack(files: IndexFiles, pre: PrecomputedTerms, bm25: Bm25, version = ''): D1Pack {
  const counts = new Map<string, number>()
  for (const p of files.corpus.passages) counts.set(p.docId, (counts.get(p.docId) ?? 0) + 1)
  return {
    store: 'd1',
    manifest: files.manifest,
    documents: files.corpus.documents.map(({ original: _, text: __, ...d }) => ({ ...d, passages: counts.get(d.id) ?? 0 })),
    count: files.corpus.passages.length,
    df: [...bm25.entries()].map(([t, p]) => [t, p.docs.length]),
    surface: pre.surface,
    lexicon: files.lexicon,
    // The store cannot tell per question where a term is used; the names are worked out here, once.
    names: [...documentNameTable(files.corpus.documents, files.corpus.passages.map((p) => p.docId), bm25, new Lexicon(files.lexicon ?? EMPTY_LEXICON))].map(([t, n]) => [t, n.documents, n.fileWord]),
    spelledOut: [...spelledOutTable(files.corpus.passages.map((p) => p.text), new Set(bm25.vocabulary()))],
    version,
  }
}

/** Vectorize's top k when it returns no values or metadata: its most per query. */
export const VECTORIZE_TOP_K = 100

/**
 * A passage's vector as `wrangler vectorize upsert` reads it (one JSON object per line). Its id
 * is the build's version and the passage's position, and its namespace the version: ids are
 * unique across an index's namespaces, so a new build's upsert never takes over an old one's
 * vectors, and a query in the namespace never meets another build's.
 */
export const vectorLine = (position: number, values: readonly number[], version: string): string =>
  `${JSON.stringify({ id: `${version}:${position}`, values: Array.from(values), namespace: version })}\n`

/** A vector id's passage position, or null for an id not of this version. */
export function vectorPosition(id: string, version: string): number | null {
  if (!id.startsWith(`${version}:`)) return null
  const i = Number(id.slice(version.length + 1))
  return Number.isInteger(i) && i >= 0 ? i : null
}

/** Which index the tables hold; written last, so a load that stopped part-way never matches. */
export const META_SELECT = "SELECT value FROM meta WHERE key = 'index'"

export const D1_SCHEMA = [
  'DROP TABLE IF EXISTS meta',
  'DROP TABLE IF EXISTS postings',
  'DROP TABLE IF EXISTS passages',
  'DROP TABLE IF EXISTS document_text',
  'CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)',
  // A term's postings in parts, so no row or statement passes D1's limits (2 MB, 100 KB).
  'CREATE TABLE postings (term TEXT NOT NULL, part INTEGER NOT NULL, docs TEXT NOT NULL, impacts TEXT NOT NULL, PRIMARY KEY (term, part))',
  'CREATE TABLE passages (idx INTEGER PRIMARY KEY, doc_id TEXT NOT NULL, record TEXT NOT NULL, text TEXT NOT NULL, terms TEXT NOT NULL)',
  'CREATE INDEX passages_by_doc ON passages (doc_id, idx)',
  'CREATE TABLE document_text (doc_id TEXT NOT NULL, part INTEGER NOT NULL, text TEXT NOT NULL, PRIMARY KEY (doc_id, part))',
]

/** Postings per row: 4,096 × 12 bytes is 64 KB as base64. */
export const POSTINGS_PER_ROW = 4096
/** Characters of document text per row: at most 3 bytes each in UTF-8, under D1's 100 KB statement. */
export const TEXT_PER_ROW = 24_000
/** D1 binds at most 100 values per statement. */
export const MAX_BOUND = 100

/** A part of a term's postings as a row's columns: little-endian int32 and float64, base64 (bit-exact). */
export function encodePostings(docs: Int32Array, impacts: Float64Array): { docs: string; impacts: string } {
  return { docs: toBase64(new Uint8Array(docs.buffer, docs.byteOffset, docs.byteLength)), impacts: toBase64(new Uint8Array(impacts.buffer, impacts.byteOffset, impacts.byteLength)) }
}

/** A term's postings from its rows, in part order. */
export function decodePostings(parts: readonly { docs: string; impacts: string }[]): Postings {
  const docs = parts.map((p) => new Int32Array(fromBase64(p.docs)))
  const impacts = parts.map((p) => new Float64Array(fromBase64(p.impacts)))
  const concat = <T extends Int32Array | Float64Array>(xs: T[], make: (n: number) => T): T => {
    if (xs.length === 1) return xs[0]
    const out = make(xs.reduce((n, x) => n + x.length, 0))
    let at = 0
    for (const x of xs) {
      out.set(x, at)
      at += x.length
    }
    return out
  }
  return { docs: concat(docs, (n) => new Int32Array(n)), impacts: concat(impacts, (n) => new Float64Array(n)) }
}

/**
 * The statements of SQL as build:worker writes it: single-quoted literals ('' escaping a quote),
 * no comments; a `;` outside quotes ends a statement.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = []
  let start = 0
  let at = 0
  while (at < sql.length) {
    const quote = sql.indexOf("'", at)
    const semi = sql.indexOf(';', at)
    if (semi === -1) break
    if (quote !== -1 && quote < semi) {
      const close = sql.indexOf("'", quote + 1)
      if (close === -1) throw new Error('unterminated string literal')
      at = close + 1
      continue
    }
    const statement = sql.slice(start, semi).trim()
    if (statement) out.push(statement)
    start = at = semi + 1
  }
  if (sql.slice(start).trim()) throw new Error('the last statement has no ";"')
  return out
}

/**
 * The search index over a pack: analysis in memory, postings and passages from the store. The
 * Worker builds it at start-up without a store (bindings come with a request), then adds one.
 */
export function searchIndexFromPack(pack: D1Pack, store: IndexStore | null): SearchIndex {
  const df = new Map(pack.df)
  return searchIndexOf({
    manifest: pack.manifest,
    documents: pack.documents.map(({ passages: _, ...d }) => ({ ...d, text: '', original: '' })),
    passages: [],
    bm25: new Bm25(new Map(), pack.count, df),
    termsOf: (i) => {
      throw new Error(notRead(i))
    },
    vectors: null,
    nearest: null,
    lexicon: pack.lexicon,
    surface: new Map(pack.surface),
    store,
    // A pack written before names were packed has none: its questions name no document.
    documentNames: new Map((pack.names ?? []).map(([t, documents, fileWord]) => [t, { documents, fileWord }])),
    spelledOut: new Map(pack.spelledOut ?? []),
  })
}

/** The statements' values a store reads back, typed once for every runtime's driver. */
export interface PostingsRowData {
  term: string
  part: number
  docs: string
  impacts: string
}
export interface PassageRowData {
  idx: number
  record: string
  text: string
  terms: string
}

export const passageFromStoredRow = (row: PassageRowData): StoredPassage => {
  const record = JSON.parse(row.record) as PassageRow
  return { record: passageFromRow(record, row.text), terms: JSON.parse(row.terms) as StoredTerms }
}

/** A document back from its text rows and passage records. */
export function documentFromRows(doc: Omit<DocumentRecord, 'text' | 'original'>, textParts: readonly string[], records: readonly PassageRow[]): DocumentWithPassages {
  const text = textParts.join('')
  return { doc: { ...doc, text, original: '' }, passages: records.map((r) => passageFromRow(r, text.slice(r.start, r.end))) }
}
