import type { DocumentKind, PdfLayout } from '../../src/index/corpus.js'
import { detectKind } from './detect-kind.js'
import { findFurniture } from './furniture.js'
import { wrappedLayout } from '../formats/hard-wrap.js'
import { htmlArticle } from '../formats/html-article.js'
import { htmlToText, looksLikeHtml } from '../formats/html-to-text.js'
import type { Layout } from '../formats/layout.js'
import { MappedText } from '../formats/mapped-text.js'
import { markdownLayout } from '../formats/markdown-layout.js'
import { pageStarts } from '../formats/pdf-to-text.js'
import { collapseSpaces, dashAfterPartNumber, dehyphenator, footnoteMarkers, lostLetters, poundBeforePrice } from './repairs.js'
import { proseBlocks, slideBlocks, type BlockUnit } from './structure.js'

export interface CleanLine {
  start: number
  end: number
}

export interface CleanBlock {
  unit: BlockUnit
  /** A code block: one sentence, searched with its passage, never quoted. */
  code?: boolean
  section: string | null
  start: number
  end: number
  lines: CleanLine[]
}

export interface CleanedDocument {
  kind: DocumentKind
  title: string
  /** Cleaned text, each character mapped to its span in the original. */
  text: MappedText
  blocks: CleanBlock[]
  /** PDF only: where each page starts in `text`. */
  pageStarts?: number[]
}

/** How a file is read: plain text (HTML inside it is parsed), or by its format's own structure. */
export type SourceFormat = 'text' | 'markdown' | 'html' | 'pdf'


function toLines(raw: MappedText): MappedText[] {
  const lines: MappedText[] = []
  let from = 0
  for (let i = 0; i <= raw.length; i++) {
    if (i === raw.length || raw.text[i] === '\n') {
      lines.push(raw.slice(from, i).replace(/\r$/g, () => ''))
      from = i + 1
    }
  }
  return lines
}

/**
 * Clean one document: parse HTML, drop furniture, rebuild paragraphs, lists and slides,
 * and repair extraction damage where certain. `vocabulary` holds the corpus's accented
 * words, for repairing lost letters.
 */
export function cleanDocument(source: string, vocabulary: ReadonlySet<string>, format: SourceFormat = 'text', pdf?: PdfLayout): CleanedDocument {
  let layout: Layout | null = null
  if (format === 'html') layout = htmlArticle(source)
  else if (format === 'markdown') layout = markdownLayout(source)
  else if (format === 'pdf') {
    layout = {
      lines: toLines(MappedText.of(source)),
      headings: new Set(pdf?.headingLines),
      title: pdf?.title ?? null,
      titleLine: pdf?.titleLine ?? null,
      smallLines: new Set(pdf?.smallLines),
    }
  }
  const plain = layout === null && !looksLikeHtml(source)
  // Plain text wrapped at one width carries its paragraphs on across line breaks, and draws its rules and boxes.
  const wrapped = plain ? wrappedLayout(toLines(MappedText.of(source))) : null
  const lines = layout?.lines ?? wrapped?.lines ?? toLines(htmlToText(source))
  const headings = layout?.headings ?? wrapped?.headings ?? new Set<number>()
  const wraps = wrapped?.wraps ?? new Set<number>()
  // HTML and Markdown lines are whole blocks, their headings marked; a PDF's are lines of print.
  const structured = format === 'html' || format === 'markdown'
  // Three signals, as a short document mentions "recommendations" or "said" in passing.
  const kind = detectKind(lines.map((l) => l.text).join('\n'), format === 'text' ? {} : { fallback: structured ? 'article' : 'report', minScore: 3 })
  const furniture = findFurniture(
    lines.map((l) => l.text),
    kind,
    layout ?? undefined,
    wraps,
  )
  const blocks =
    kind === 'slides' && !structured
      ? slideBlocks(lines, furniture)
      : proseBlocks(lines, furniture, kind, headings, {
          structured,
          // Plain text's headings are guessed (an underline marks some for sure); a PDF that sets
          // its headings larger says which they are, and a flat one leaves them to be guessed.
          guessHeadings: !structured && (layout === null || headings.size === 0),
          dehyphenate: format === 'pdf' ? dehyphenator(source) : undefined,
          wraps,
          code: layout?.code,
        })
  const repair = (t: MappedText) =>
    footnoteMarkers(lostLetters(dashAfterPartNumber(poundBeforePrice(collapseSpaces(t))), vocabulary), furniture.footnotes)
  const repairString = (s: string) => repair(MappedText.of(s)).text

  const parts: MappedText[] = []
  const out: CleanBlock[] = []
  let at = 0
  const push = (t: MappedText) => {
    parts.push(t)
    at += t.length
  }
  const gap = (s: string) => {
    const o = parts.length ? (parts[parts.length - 1].ends[parts[parts.length - 1].length - 1] ?? 0) : 0
    push(MappedText.replacement(s, o, o))
  }
  for (const block of blocks) {
    // No repairs in code: they are for prose a PDF or a scan damaged.
    const repaired = (block.code ? block.lines : block.lines.map(repair)).filter((l) => l.length > 0)
    if (repaired.length === 0) continue
    if (out.length) gap('\n\n')
    const start = at
    const lineSpans: CleanLine[] = []
    repaired.forEach((line, k) => {
      if (k > 0) gap('\n')
      lineSpans.push({ start: at, end: at + line.length })
      push(line)
    })
    out.push({
      unit: block.unit,
      ...(block.code ? { code: true } : {}),
      section: block.section === null ? null : repairString(block.section),
      start,
      end: at,
      lines: lineSpans,
    })
  }
  const text = MappedText.concat(parts)
  return {
    kind,
    title: repairString(furniture.title) || 'Untitled',
    text,
    blocks: out,
    ...(format === 'pdf' ? { pageStarts: pageStarts(text, source) } : {}),
  }
}
