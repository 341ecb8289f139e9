// Writes an index as a D1 pack (bundled) and the SQL that loads D1's tables (src/index/d1-format.ts).
import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { passageRow, precomputeTerms, storedTermsAt } from '../../index/compact-index.js'
import type { IndexFiles } from '../../index/corpus.js'
import {
  D1_SCHEMA,
  POSTINGS_PER_ROW,
  TEXT_PER_ROW,
  d1Pack,
  type D1Pack,
  encodePostings,
  vectorLine,
} from '../../index/d1-format.js'
import { Bm25 } from '../../index/bm25.js'

/** D1 refuses statements over 100 KB; rows are grouped into statements under this. */
const STATEMENT_BYTES = 90_000
/** Vectors per file for Vectorize: wrangler sends each file in batches of 5,000. */
const VECTORS_PER_FILE = 10_000
/** SQL per file: `npm run d1:load` loads file by file, and shows its progress so. */
const FILE_BYTES = 4 * 1024 * 1024

const literal = (v: string | number) => (typeof v === 'number' ? String(v) : `'${v.replaceAll("'", "''")}'`)

/** Groups rows into multi-row INSERTs under the statement limit. */
class Inserts {
  private rows: string[] = []
  private bytes = 0
  constructor(
    private readonly head: string,
    private readonly emit: (statement: string) => void,
  ) {}
  /** `what` names the row in the error when it cannot be stored. */
  add(values: (string | number)[], what: string): void {
    const row = `(${values.map(literal).join(', ')})`
    const size = Buffer.byteLength(row)
    if (size > STATEMENT_BYTES) throw new Error(`${what} is ${size} bytes as SQL, over what one D1 statement may hold (100 KB); split that document's text, or serve this corpus with npm start on Node.`)
    if (row.includes('\0')) throw new Error(`${what} holds a NUL character, which a D1 text cannot; remove it from the source document.`)
    if (this.rows.length && this.bytes + size > STATEMENT_BYTES) this.flush()
    this.rows.push(row)
    this.bytes += size
  }
  flush(): void {
    if (this.rows.length) this.emit(`${this.head} VALUES\n${this.rows.join(',\n')};\n`)
    this.rows = []
    this.bytes = 0
  }
}

/** A text in parts of at most TEXT_PER_ROW characters, never splitting a surrogate pair (D1 stores UTF-8). */
export function textParts(text: string): string[] {
  const parts: string[] = []
  let at = 0
  do {
    let end = Math.min(text.length, at + TEXT_PER_ROW)
    const code = text.charCodeAt(end - 1)
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end--
    parts.push(text.slice(at, end))
    at = end
  } while (at < text.length)
  return parts
}

/**
 * The pack, and the SQL files (`dir`/index-NNN.sql, loaded in name order) that fill D1's tables
 * with the rest, and the passage vectors for Vectorize when the index has them.
 */
export function writeD1Index(files: IndexFiles, dir: string): { pack: D1Pack; statements: number; sqlFiles: string[]; vectorFiles: string[] } {
  const pre = precomputeTerms(files.corpus)
  const { documents, passages } = files.corpus
  // Only the postings: the rest of a search index (lexicon, spelling tables, vectors) is not written here.
  const bm25 = Bm25.build(passages.map((_, i) => ({ text: pre.text[i], section: pre.section[i] })))
  const unversioned = d1Pack(files, pre, bm25)
  // The version hashes the pack and every statement but the one that records it.
  const hash = createHash('sha256').update(JSON.stringify(unversioned))
  let version: string | null = null

  // Statements gather in memory up to a file's size, then the file is written whole.
  const sqlFiles: string[] = []
  let chunks: string[] = []
  let bytes = 0
  let statements = 0
  const close = () => {
    if (!chunks.length) return
    const file = join(dir, `index-${String(sqlFiles.length + 1).padStart(3, '0')}.sql`)
    writeFileSync(file, chunks.join(''))
    sqlFiles.push(file)
    chunks = []
    bytes = 0
  }
  const emit = (s: string) => {
    statements++
    chunks.push(s)
    if (version === null) hash.update(s)
    bytes += Buffer.byteLength(s)
    if (bytes >= FILE_BYTES) close()
  }
  for (const s of D1_SCHEMA) emit(`${s};\n`)

  const postings = new Inserts('INSERT INTO postings (term, part, docs, impacts)', emit)
  for (const [term, p] of bm25.entries()) {
    for (let part = 0, at = 0; at < p.docs.length; part++, at += POSTINGS_PER_ROW) {
      const e = encodePostings(p.docs.subarray(at, at + POSTINGS_PER_ROW), p.impacts.subarray(at, at + POSTINGS_PER_ROW))
      postings.add([term, part, e.docs, e.impacts], `the postings of "${term}"`)
    }
  }
  postings.flush()

  const rows = new Inserts('INSERT INTO passages (idx, doc_id, record, text, terms)', emit)
  passages.forEach((p, i) => rows.add([i, p.docId, JSON.stringify(passageRow(p)), p.text, JSON.stringify(storedTermsAt(pre, i))], `passage ${p.id}`))
  rows.flush()

  const texts = new Inserts('INSERT INTO document_text (doc_id, part, text)', emit)
  for (const d of documents) textParts(d.text).forEach((t, part) => texts.add([d.id, part, t], `document ${d.id}`))
  texts.flush()

  version = hash.digest('hex').slice(0, 16)
  // Last, so tables loaded part-way never pass the Worker's check.
  emit(`INSERT INTO meta (key, value) VALUES ('index', ${literal(version)});\n`)
  close()

  // Vectors for Vectorize (`npm run d1:load -- --remote` upserts them), when the index has them.
  const vectorFiles: string[] = []
  const byId = new Map(files.vectors.map((v) => [v.id, v.vector]))
  if (files.manifest.embedding && passages.every((p) => byId.has(p.id))) {
    for (let at = 0; at < passages.length; at += VECTORS_PER_FILE) {
      const file = join(dir, `vectors-${String(vectorFiles.length + 1).padStart(3, '0')}.ndjson`)
      writeFileSync(file, passages.slice(at, at + VECTORS_PER_FILE).map((p, k) => vectorLine(at + k, byId.get(p.id)!, version!)).join(''))
      vectorFiles.push(file)
    }
  }
  return { pack: { ...unversioned, version: version! }, statements, sqlFiles, vectorFiles }
}
