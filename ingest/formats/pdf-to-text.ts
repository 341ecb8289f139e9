import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs'
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js'
import type { MappedText } from './mapped-text.js'

// A PDF's "original" text is what PDF.js extracts: one line per line of print, in the order the
// page draws them, pages separated by a line holding "\f". Offsets into a PDF point into that text.
export const PAGE_BREAK = '\f'

export interface PdfText {
  /** The pages' text, one line per printed line, pages joined by "\n\f\n". */
  text: string
  /** Lines (of `text`) set larger than the body text: headings. */
  headingLines: number[]
  /** Lines set smaller than the body text: where footnotes may stand. */
  smallLines: number[]
  /** From the file's metadata, else the largest line on the first page. */
  title: string | null
  /** The first page's largest line, when it stands out: the title as printed. */
  titleLine: number | null
  pageCount: number
}

/** A PDF that cannot be read, with a message a person can act on. */
export class PdfError extends Error {}

const STANDARD_FONTS = join(dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')), 'standard_fonts/')

interface Line {
  text: string
  size: number
}

/** Lines of one page from its text items: a new line where PDF.js marks one or the baseline moves. */
function pageLines(items: TextItem[]): Line[] {
  const lines: Line[] = []
  let current: Line | null = null
  let lastY: number | null = null
  let lastEnd: number | null = null
  let eol = false
  for (const item of items) {
    const size = Math.hypot(item.transform[2], item.transform[3]) || item.height
    const [x, y] = [item.transform[4], item.transform[5]]
    if (item.str === '') {
      eol ||= item.hasEOL
      continue
    }
    if (!current || eol || (lastY !== null && Math.abs(y - lastY) > size * 0.5)) {
      lines.push((current = { text: '', size: 0 }))
    } else if (lastEnd !== null && (x - lastEnd > size * 0.15 || x < lastEnd - size) && !/\s$/.test(current.text) && !/^\s/.test(item.str)) {
      // A gap, or a step back (text set flush right drawn before the line's start), is a space.
      current.text += ' '
    }
    current.text += item.str
    current.size = Math.max(current.size, size)
    lastY = y
    lastEnd = x + item.width
    eol = item.hasEOL
  }
  return lines
    .map((l) => ({ ...l, text: l.text.trim().replace(/\u00ad$/, '-').replace(/[\t\r\n\f\v]/g, ' ') }))
    .filter((l) => l.text !== '')
}

/** Generated titles ("Microsoft Word - notes.docx", "untitled") say nothing. */
const usefulTitle = (t: unknown): string | null =>
  typeof t === 'string' && t.trim() && !/^(untitled|microsoft \w+ - |document\d*$)|\.(docx?|pdf|indd|pptx?)$/i.test(t.trim()) ? t.trim() : null

export async function pdfToText(bytes: Uint8Array): Promise<PdfText> {
  let pdf
  try {
    // PDF.js takes the buffer over (it is detached afterwards), so it gets a copy.
    pdf = await getDocument({ data: bytes.slice(), standardFontDataUrl: STANDARD_FONTS, useSystemFonts: false, isEvalSupported: false, verbosity: 0 }).promise
  } catch (e) {
    const name = e instanceof Error ? e.name : ''
    if (name === 'PasswordException') throw new PdfError('is password-protected; save a copy without a password and add that')
    throw new PdfError(`is not a readable PDF (${e instanceof Error ? e.message : e}); re-export it from the program that made it`)
  }
  try {
    const pages: Line[][] = []
    for (let n = 1; n <= pdf.numPages; n++) {
      const page = await pdf.getPage(n)
      const content = await page.getTextContent()
      pages.push(pageLines(content.items.filter((i): i is TextItem => 'str' in i)))
      page.cleanup()
    }
    const all = pages.flat()
    if (!all.some((l) => /[\p{L}\p{N}]/u.test(l.text))) {
      throw new PdfError('has no text layer (a scanned or image-only PDF); run it through OCR (e.g. ocrmypdf) and add the result')
    }
    // The body size is the one most characters are set in; headings stand larger.
    const chars = new Map<number, number>()
    for (const l of all) chars.set(Math.round(l.size * 2) / 2, (chars.get(Math.round(l.size * 2) / 2) ?? 0) + l.text.length)
    const body = [...chars].sort((a, b) => b[1] - a[1])[0][0]
    const isHeading = (l: Line) => l.size >= body * 1.15 && /\p{L}/u.test(l.text) && l.text.split(/\s+/).length <= 15
    const lines: string[] = []
    const headingLines: number[] = []
    const smallLines: number[] = []
    const first = pages[0] ?? []
    const largest = Math.max(0, ...first.map((l) => l.size))
    const printedTitle = largest >= body * 1.15 ? first.find((l) => l.size === largest) : undefined
    let titleLine: number | null = null
    pages.forEach((page, k) => {
      if (k > 0) lines.push(PAGE_BREAK)
      for (const l of page) {
        if (l === printedTitle) titleLine = lines.length
        else if (isHeading(l)) headingLines.push(lines.length)
        else if (l.size < body * 0.95) smallLines.push(lines.length)
        lines.push(l.text)
      }
    })
    const { info } = (await pdf.getMetadata().catch(() => ({ info: {} }))) as { info: Record<string, unknown> }
    const title = usefulTitle(info.Title) ?? printedTitle?.text ?? null
    return { text: lines.join('\n'), headingLines, smallLines, title, titleLine, pageCount: pdf.numPages }
  } finally {
    await pdf.destroy()
  }
}

/** Where each page starts in cleaned text, from the page breaks its characters came from. */
export function pageStarts(cleaned: MappedText, original: string): number[] {
  const breaks: number[] = []
  for (let i = original.indexOf(PAGE_BREAK); i >= 0; i = original.indexOf(PAGE_BREAK, i + 1)) breaks.push(i)
  const starts = [0]
  let i = 0
  for (const at of breaks) {
    while (i < cleaned.length && cleaned.starts[i] < at) i++
    starts.push(i)
  }
  return starts
}
