// The index store over Cloudflare D1, for a corpus too large to bundle (src/index/d1-format.ts).
import {
  MAX_BOUND,
  VECTORIZE_TOP_K,
  decodePostings,
  documentFromRows,
  packVersion,
  stored,
  type D1Pack,
  type PassageRow,
  type PassageRowData,
  type PostingsRowData,
} from '../index/d1-format.js'
import type { IndexStore, StoredPassage } from '../index/index-store.js'
import type { Postings } from '../retrieval/bm25.js'

/** The part of Cloudflare's D1Database binding used here. */
export interface D1Database {
  prepare(sql: string): D1Statement
  batch<T = unknown>(statements: D1Statement[]): Promise<{ results: T[] }[]>
}
export interface D1Statement {
  bind(...values: unknown[]): D1Statement
  all<T = unknown>(): Promise<{ results: T[] }>
  first<T = unknown>(): Promise<T | null>
}

/** The part of Cloudflare's Vectorize binding used here. */
export interface VectorizeIndex {
  query(vector: number[], options: { topK: number; namespace?: string }): Promise<{ matches: { id: string; score: number }[] }>
}

const inGroups = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, (i + 1) * n))
const placeholders = (n: number) => Array(n).fill('?').join(', ')

/** One statement per hundred values (D1's limit on bound values), sent together in one batch. */
async function selectIn<T>(db: D1Database, sql: (marks: string) => string, values: readonly unknown[]): Promise<T[]> {
  if (!values.length) return []
  const statements = inGroups(values, MAX_BOUND).map((group) => db.prepare(sql(placeholders(group.length))).bind(...group))
  return (await db.batch<T>(statements)).flatMap((r) => r.results)
}

export class D1IndexStore implements IndexStore {
  readonly passageCounts: ReadonlyMap<string, number>
  private checked: Promise<string | null> | null = null

  readonly nearest?: (query: Float32Array, k: number) => Promise<Map<number, number>>

  constructor(
    private readonly db: D1Database,
    private readonly pack: D1Pack,
    /** Passage vectors (an index built with a model), searched for hybrid retrieval. */
    vectorize?: VectorizeIndex,
  ) {
    this.passageCounts = new Map(pack.documents.map((d) => [d.id, d.passages]))
    if (vectorize && pack.manifest.embedding) {
      const namespace = packVersion(pack)
      this.nearest = async (query, k) => {
        const { matches } = await vectorize.query(Array.from(query), { topK: Math.min(k, VECTORIZE_TOP_K), namespace })
        const out = new Map<number, number>()
        for (const m of matches) {
          const i = Number(m.id)
          // Only this build's positions: the namespace should already ensure it.
          if (Number.isInteger(i) && i >= 0 && i < pack.count) out.set(i, m.score)
        }
        return out
      }
    }
  }

  /**
   * Null when the tables hold this build's index; otherwise what is wrong and how to fix it.
   * Checked once per isolate: tables from another build would give answers citing the wrong text.
   */
  problem(): Promise<string | null> {
    this.checked ??= this.db
      .prepare("SELECT value FROM meta WHERE key = 'index'")
      .first<{ value: string }>()
      .then(
        (row) =>
          row?.value === packVersion(this.pack)
            ? null
            : `The D1 database holds ${row ? `another index (${row.value})` : 'no index'}, not the one this Worker was built with (${packVersion(this.pack)}). Load it with "npm run d1:load -- --remote", then deploy again.`,
        (e: unknown) => {
          this.checked = null
          const reason = e instanceof Error ? e.message : String(e)
          return `The D1 database could not be read (${reason}). Create and load it as the README's "Large corpora: Cloudflare D1" section says.`
        },
      )
    return this.checked
  }

  async postings(terms: readonly string[]): Promise<Map<string, Postings>> {
    const rows = await selectIn<PostingsRowData>(this.db, (m) => `SELECT term, part, docs, impacts FROM postings WHERE term IN (${m}) ORDER BY term, part`, terms)
    const byTerm = new Map<string, PostingsRowData[]>()
    for (const r of rows) {
      const list = byTerm.get(r.term)
      if (list) list.push(r)
      else byTerm.set(r.term, [r])
    }
    return new Map([...byTerm].map(([t, parts]) => [t, decodePostings(parts.sort((a, b) => a.part - b.part))]))
  }

  async passages(positions: readonly number[]): Promise<Map<number, StoredPassage>> {
    const rows = await selectIn<PassageRowData>(this.db, (m) => `SELECT idx, record, text, terms FROM passages WHERE idx IN (${m})`, positions)
    return new Map(rows.map((r) => [r.idx, stored(r)]))
  }

  async document(id: string) {
    const meta = this.pack.documents.find((d) => d.id === id)
    if (!meta) return null
    const [texts, records] = await this.db.batch<{ text: string } | { record: string }>([
      this.db.prepare('SELECT text FROM document_text WHERE doc_id = ? ORDER BY part').bind(id),
      this.db.prepare('SELECT record FROM passages WHERE doc_id = ? ORDER BY idx').bind(id),
    ])
    const { passages: _, ...doc } = meta
    return documentFromRows(
      doc,
      (texts.results as { text: string }[]).map((r) => r.text),
      (records.results as { record: string }[]).map((r) => JSON.parse(r.record) as PassageRow),
    )
  }
}
