// An index too large to hold in memory (the Worker's, past its bundle limit) keeps its postings,
// passages and document texts in storage, and a question reads only what it reaches: its terms'
// postings before retrieval, its pool's passages after. The views below give answering the same
// SearchIndex it gets in memory, so the answers are the same to the bit.
import type { DocumentRecord, PassageRecord } from './corpus.js'
import type { Postings } from './bm25.js'
import { toPassageTerms, type SearchIndex, type StoredTerms } from './search-index.js'

/**
 * The store cannot serve the index this build was made with: not loaded, loaded from another
 * build, or unreachable. The message says what the operator must do; the app answers 503.
 */
export class IndexUnavailableError extends Error {}

export const notRead = (i: number) => `Passage ${i} was not read from the index store before answering used it.`

/** A passage as storage holds it: its record (texts included) and the terms answering reads. */
export interface StoredPassage {
  record: PassageRecord
  terms: StoredTerms
}

/** A document's whole text and its passages, for the document view and the MCP tools. */
export interface DocumentWithPassages {
  doc: DocumentRecord
  passages: PassageRecord[]
}

export interface IndexStore {
  /** The postings of those terms the corpus uses. */
  postings(terms: readonly string[]): Promise<Map<string, Postings>>
  /** Passages by position in the index. */
  passages(positions: readonly number[]): Promise<Map<number, StoredPassage>>
  /** A document's text and passages, or null for an unknown id. */
  document(id: string): Promise<DocumentWithPassages | null>
  /** Each document's number of passages. */
  passageCounts: ReadonlyMap<string, number>
  /**
   * The k passages nearest a unit query vector, with their cosine similarity (Cloudflare
   * Vectorize); absent when the store holds no vectors; empty when the search failed.
   */
  nearest?(query: Float32Array, k: number): Promise<Map<number, number>>
  /** Throws IndexUnavailableError when the store cannot serve this index (for /health). */
  check?(): Promise<void>
}

/**
 * The index as a question's retrieval needs it: in memory, itself; in storage, with the
 * question's postings read and, given a query vector, the store's nearest passages with their
 * similarities (`dense`, for retrieve()).
 */
export async function withPostings(
  index: SearchIndex,
  terms: readonly string[],
  vector: Float32Array | null,
  k: number,
): Promise<{ index: SearchIndex; dense: ReadonlyMap<number, number> | null }> {
  const store = index.store
  if (!store) return { index, dense: null }
  const known = [...new Set(terms)].filter((t) => index.vocabulary.has(t))
  const [postings, dense] = await Promise.all([store.postings(known), vector && store.nearest ? store.nearest(vector, k) : null])
  return { index: { ...index, bm25: index.bm25.withPostings(postings) }, dense }
}

/** The index with these passages readable (`passages[i]`, `termsOf(i)`): in memory, itself. */
export async function withPassages(index: SearchIndex, positions: readonly number[]): Promise<SearchIndex> {
  if (!index.store) return index
  const wanted = [...new Set(positions)]
  const read = await index.store.passages(wanted)
  // Only when the tables changed under a running Worker: its postings named a passage they lack.
  if (read.size < wanted.length) throw new IndexUnavailableError('The index store lacks passages its postings name: it is being reloaded, or holds another build.')
  // Sparse: only the positions read are set; answering reads no others.
  const passages: PassageRecord[] = []
  const terms = new Map<number, ReturnType<typeof toPassageTerms>>()
  for (const [i, p] of read) {
    passages[i] = p.record
    terms.set(i, toPassageTerms(p.terms))
  }
  return {
    ...index,
    passages,
    termsOf: (i) => {
      const t = terms.get(i)
      if (!t) throw new Error(notRead(i))
      return t
    },
  }
}

/** Each document's passages, grouped once per in-memory index (it never changes): a request should not scan the corpus. */
const grouped = new WeakMap<SearchIndex, Map<string, PassageRecord[]>>()
function passagesOf(index: SearchIndex, docId: string): PassageRecord[] {
  let byDoc = grouped.get(index)
  if (!byDoc) {
    byDoc = new Map()
    for (const p of index.passages) {
      const list = byDoc.get(p.docId)
      if (list) list.push(p)
      else byDoc.set(p.docId, [p])
    }
    grouped.set(index, byDoc)
  }
  return byDoc.get(docId) ?? []
}

/** A document's text and passages, wherever the index keeps them; null for an unknown id. */
export async function readDocument(index: SearchIndex, id: string): Promise<DocumentWithPassages | null> {
  if (index.store) return index.documents.has(id) ? index.store.document(id) : null
  const doc = index.documents.get(id)
  return doc ? { doc, passages: passagesOf(index, id) } : null
}

/** How many passages a document has. */
export function passageCount(index: SearchIndex, docId: string): number {
  return index.store ? (index.store.passageCounts.get(docId) ?? 0) : passagesOf(index, docId).length
}
