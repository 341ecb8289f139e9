import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { extname, join, relative } from 'node:path'
import type { PdfLayout } from '../../src/index/corpus.js'
import type { SourceFormat } from '../cleaning/clean.js'
import { docxToHtml } from './docx-to-html.js'
import { PdfError, pdfToText } from './pdf-to-text.js'
import { countNoun } from '../../src/language/count-noun.js'

export const SUPPORTED_EXTENSIONS = ['.txt', '.md', '.markdown', '.html', '.htm', '.pdf', '.docx'] as const
/** Larger files are refused: the corpus is documents, not dumps. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024
/** PDFs and Word documents carry fonts and images besides their text, so they may be larger. */
export const MAX_PDF_OR_WORD_BYTES = 50 * 1024 * 1024

const FORMATS: Record<(typeof SUPPORTED_EXTENSIONS)[number], SourceFormat> = {
  '.txt': 'text',
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
  // Read as the HTML docxToHtml makes of it.
  '.docx': 'html',
}

export interface SourceFile {
  /** Path relative to the source folder, with forward slashes. */
  file: string
  id: string
  /** The text the index keeps as the original: the file's, for a PDF the text of its pages, for a Word document its HTML. */
  text: string
  sha256: string
  format: SourceFormat
  pdf?: PdfLayout
}

/** A problem with the input that a person can fix; carries every offending file. */
export class InputError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'))
  }
}

const slug = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')

/**
 * Stable document id from the file name: lower case, safe for URLs. A file whose own name has
 * letters but no Latin one ("食堂.md", "policies/防火.md", "報告2023.md") also gets a hash of its
 * path: its id had been empty (its citations opened nothing) or its folder's or number's, shared
 * with others.
 */
export function documentId(file: string): string {
  const path = file.replace(/\.[^.\/]+$/, '')
  const id = slug(path)
  const name = path.slice(path.lastIndexOf('/') + 1)
  // A name of digits alone ("2023.md") keeps its id; one whose letters were all dropped does not.
  if (/[a-z]/.test(slug(name)) || !/\p{L}/u.test(name)) return id || `doc-${createHash('sha256').update(file).digest('hex').slice(0, 12)}`
  const hash = createHash('sha256').update(file).digest('hex').slice(0, 12)
  return id ? `${id}-${hash}` : `doc-${hash}`
}

/**
 * Files that systems, Office and editors leave beside documents: Windows' thumbnail cache and
 * folder settings, Office's lock files ("~$notes.docx"), editors' backups ("notes.md~", ".bak"),
 * temporary files. No one means them as documents, so they are skipped rather than stop the ingest.
 */
const isLeftBehind = (name: string) => /^(thumbs\.db|desktop\.ini|ehthumbs\.db|icon\r)$/i.test(name) || /^~\$/.test(name) || /(~|\.(bak|tmp|swp|crdownload|part))$/i.test(name)

/** Every file under `dir` (hidden ones and those systems leave behind: isLeftBehind), sorted. */
export function listFiles(dir: string, skipped: string[] = []): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => !e.name.startsWith('.'))
    .flatMap((e) => {
      if (e.isDirectory()) return listFiles(join(dir, e.name), skipped)
      if (!e.isFile()) return []
      if (!isLeftBehind(e.name)) return [join(dir, e.name)]
      skipped.push(join(dir, e.name))
      return []
    })
    .sort()
}

function checkSize(bytes: Buffer, name: string, limit: number): void {
  if (bytes.length > limit) {
    throw `${name}: ${(bytes.length / 1024 / 1024).toFixed(1)} MiB is over the ${limit / 1024 / 1024} MiB limit per file; split it into smaller documents`
  }
}

export interface ReadOptions {
  /** A PDF read before (same path and hash): its text and layout, so it is not extracted again. */
  known?: (file: string, sha256: string) => { text: string; pdf: PdfLayout } | undefined
  log?: (line: string) => void
}

async function readPdf(bytes: Buffer, name: string, log: (line: string) => void): Promise<{ text: string; pdf: PdfLayout }> {
  checkSize(bytes, name, MAX_PDF_OR_WORD_BYTES)
  if (bytes.subarray(0, 1024).indexOf('%PDF-') < 0) throw `${name}: is not a PDF (it does not start with "%PDF-"); re-export it as PDF or fix its extension`
  try {
    const t0 = performance.now()
    const { text, headingLines, smallLines, title, titleLine, pageCount } = await pdfToText(new Uint8Array(bytes))
    log(`Read ${name}: ${countNoun(pageCount, 'page')} in ${((performance.now() - t0) / 1000).toFixed(1)} s`)
    return { text, pdf: { headingLines, smallLines, title, titleLine } }
  } catch (e) {
    if (e instanceof PdfError) throw `${name}: ${e.message}`
    throw `${name}: could not be read as a PDF (${e instanceof Error ? e.message : e})`
  }
}

function check(bytes: Buffer, name: string): string {
  checkSize(bytes, name, MAX_FILE_BYTES)
  if (bytes.includes(0)) throw `${name}: looks like a binary file (it contains NUL bytes); only text, Markdown, HTML, PDF and Word (.docx) are read`
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes)
  } catch {
    const at = firstInvalidUtf8(bytes)
    throw `${name}: is not valid UTF-8 (first bad byte at offset ${at}); re-save it as UTF-8`
  }
  if (text.trim() === '') throw `${name}: is empty; remove it or give it some text`
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
}

function firstInvalidUtf8(bytes: Buffer): number {
  const decoder = new TextDecoder('utf-8', { fatal: true })
  let lo = 0
  let hi = bytes.length
  // Longest valid prefix, by bisection (a cut inside a character also fails, so back off 3).
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2)
    try {
      decoder.decode(bytes.subarray(0, mid))
      lo = mid
    } catch {
      hi = mid - 1
    }
  }
  return lo
}

/**
 * Reads and validates every document under `dir`: the folder's documents, and a problem (a sentence naming the file) for each file that cannot be
 * read, so ingest can report them with those it finds in the readable ones, in one round. Throws
 * InputError when the folder is missing or holds no readable document.
 */
export async function readSources(dir: string, { known, log = () => {} }: ReadOptions = {}): Promise<{ sources: SourceFile[]; problems: string[] }> {
  if (!existsSync(dir)) throw new InputError([`source folder ${dir} does not exist; pass --source DIR with your documents`])
  if (!statSync(dir).isDirectory()) throw new InputError([`source ${dir} is not a folder; pass --source DIR`])
  const problems: string[] = []
  const sources: SourceFile[] = []
  const skipped: string[] = []
  const paths = listFiles(dir, skipped)
  if (skipped.length) log(`Skipped ${countNoun(skipped.length, 'system or backup file')}: ${skipped.map((p) => relative(dir, p)).sort().join(', ')}`)
  for (const path of paths) {
    const file = relative(dir, path).split('\\').join('/')
    const ext = extname(path).toLowerCase()
    if (!(ext in FORMATS)) {
      problems.push(`${file}: unsupported file type "${ext || '(none)'}"; supported are ${SUPPORTED_EXTENSIONS.join(', ')}. Save it as PDF, Word (.docx), Markdown or plain text, or move it out of the folder`)
      continue
    }
    const format = FORMATS[ext as keyof typeof FORMATS]
    try {
      const bytes = readFileSync(path)
      const sha256 = createHash('sha256').update(bytes).digest('hex')
      if (format === 'pdf') sources.push({ file, id: documentId(file), sha256, format, ...(known?.(file, sha256) ?? (await readPdf(bytes, file, log))) })
      else if (ext === '.docx') {
        checkSize(bytes, file, MAX_PDF_OR_WORD_BYTES)
        sources.push({ file, id: documentId(file), text: await docxToHtml(bytes, file), sha256, format })
      } else sources.push({ file, id: documentId(file), text: check(bytes, file), sha256, format })
    } catch (problem) {
      problems.push(String(problem))
    }
  }
  const ids = new Map<string, string>()
  for (const s of sources) {
    const other = ids.get(s.id)
    if (other) problems.push(`${s.file}: has the same document id "${s.id}" as ${other}; rename one of them`)
    ids.set(s.id, s.file)
  }
  if (sources.length === 0) throw new InputError(problems.length ? problems : [`source folder ${dir} has no ${SUPPORTED_EXTENSIONS.join(', ')} files`])
  return { sources, problems }
}
