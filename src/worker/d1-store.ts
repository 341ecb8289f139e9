// The index store over Cloudflare D1, for a corpus too large to bundle (src/index/d1-format.ts).
import {
  MAX_BOUND,
  META_SELECT,
  VECTORIZE_TOP_K,
  decodePostings,
  documentFromRows,
  passageFromStoredRow,
  vectorPosition,
  type D1Pack,
  type PassageRowData,
  type PostingsRowData,
} from '../index/d1-format.js'
import type { PassageRow } from '../index/compact-index.js'
import { IndexUnavailableError, type DocumentWithPassages, type IndexStore, type StoredPassage } from '../index/index-store.js'
import type { Postings } from '../index/bm25.js'

/** The part of Cloudflare's D1Database binding used here. */
export interface D1Database {
  prepare(sql: string): D1Statement
  batch<T = unknown>(statements: D1Statement[]): Promise<{ results: T[] }[]>
}
export interface D1Statement {
  bind(...values: unknown[]): D1Statement
}

/** The part of Cloudflare's Vectorize binding used here. */
export interface VectorizeIndex {
  query(vector: number[], options: { topK: number; namespace?: string }): Promise<{ matches: { id: string; score: number }[] }>
}

const inGroups = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))
const placeholders = (n: number) => Array(n).fill('?').join(', ')

const LOAD = 'Load this build\'s index with "npm run d1:load" (local; npm run dev does it) or "npm run d1:load -- --remote" (deployed).'

export class D1IndexStore implements IndexStore {
  readonly passageCounts: ReadonlyMap<string, number>
  readonly nearest?: (query: Float32Array, k: number) => Promise<Map<number, number>>
  private readonly documents: Map<string, D1Pack['documents'][number]>

  constructor(
    private readonly db: D1Database | undefined,
    private readonly pack: D1Pack,
    /** Passage vectors (an index built with a model), searched for hybrid retrieval. */
    vectorize?: VectorizeIndex,
  ) {
    this.documents = new Map(pack.documents.map((d) => [d.id, d]))
    this.passageCounts = new Map(pack.documents.map((d) => [d.id, d.passages]))
    if (vectorize && pack.manifest.embedding) {
      let warned = false
      this.nearest = async (query, k) => {
        try {
          const { matches } = await vectorize.query(Array.from(query), { topK: Math.min(k, VECTORIZE_TOP_K), namespace: pack.version })
          const out = new Map<number, number>()
          for (const m of matches) {
            const i = vectorPosition(m.id, pack.version)
            if (i !== null && i < pack.count) out.set(i, m.score)
          }
          return out
        } catch (e) {
          // Lexical answers beat none: a missing index or a dimension mismatch is the operator's to fix.
          if (!warned) console.warn(`Vectorize could not be searched (${e instanceof Error ? e.message : String(e)}); answering lexically.`)
          warned = true
          return new Map()
        }
      }
    }
  }

  /** The version check alone: a database loaded with another build fails /health too, not only questions. */
  async check(): Promise<void> {
    await this.read(() => [])
  }

  /**
   * Runs the statements in one batch (one transaction) with the version check first, so every
   * read comes from tables of this build, even while a reload runs under a live Worker.
   */
  private async read<T>(statements: (db: D1Database) => D1Statement[]): Promise<T[][]> {
    const db = this.db
    if (!db) throw new IndexUnavailableError(`This Worker was built to read its index from D1, but it has no INDEX_DB binding: add the [[d1_databases]] block from the README to wrangler.toml.`)
    let results: { results: unknown[] }[]
    try {
      results = await db.batch([db.prepare(META_SELECT), ...statements(db)])
    } catch (e) {
      throw new IndexUnavailableError(`The D1 database could not be read (${e instanceof Error ? e.message : String(e)}). ${LOAD}`)
    }
    const held = (results[0].results[0] as { value?: string } | undefined)?.value
    if (held !== this.pack.version) {
      throw new IndexUnavailableError(`The D1 database holds ${held ? `another index (${held})` : 'no index'}, not the one this Worker was built with (${this.pack.version}). ${LOAD}`)
    }
    return results.slice(1).map((r) => r.results as T[])
  }

  /** One statement per hundred values (D1's limit on bound values). */
  private async selectIn<T>(sql: (marks: string) => string, values: readonly unknown[]): Promise<T[]> {
    if (!values.length) return []
    const rows = await this.read<T>((db) => inGroups(values, MAX_BOUND).map((group) => db.prepare(sql(placeholders(group.length))).bind(...group)))
    return rows.flat()
  }

  async postings(terms: readonly string[]): Promise<Map<string, Postings>> {
    const rows = await this.selectIn<PostingsRowData>((m) => `SELECT term, part, docs, impacts FROM postings WHERE term IN (${m}) ORDER BY term, part`, terms)
    const byTerm = new Map<string, PostingsRowData[]>()
    for (const r of rows) {
      const list = byTerm.get(r.term)
      if (list) list.push(r)
      else byTerm.set(r.term, [r])
    }
    return new Map([...byTerm].map(([t, parts]) => [t, decodePostings(parts)]))
  }

  async passages(positions: readonly number[]): Promise<Map<number, StoredPassage>> {
    const rows = await this.selectIn<PassageRowData>((m) => `SELECT idx, record, text, terms FROM passages WHERE idx IN (${m})`, positions)
    return new Map(rows.map((r) => [r.idx, passageFromStoredRow(r)]))
  }

  async document(id: string): Promise<DocumentWithPassages | null> {
    const meta = this.documents.get(id)
    if (!meta) return null
    const [texts, records] = await this.read<{ text: string } & { record: string }>((db) => [
      db.prepare('SELECT text FROM document_text WHERE doc_id = ? ORDER BY part').bind(id),
      db.prepare('SELECT record FROM passages WHERE doc_id = ? ORDER BY idx').bind(id),
    ])
    const { passages: _, ...doc } = meta
    return documentFromRows(
      doc,
      texts.map((r) => r.text),
      records.map((r) => JSON.parse(r.record) as PassageRow),
    )
  }
}
