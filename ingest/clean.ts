import type { DocumentKind } from '../src/index/corpus.js'
import { detectKind } from './detect-kind.js'
import { findFurniture } from './furniture.js'
import { htmlToText, looksLikeHtml } from './html-to-text.js'
import { MappedText } from './mapped-text.js'
import { collapseSpaces, dashAfterPartNumber, footnoteMarkers, lostLetters, poundBeforePrice } from './repairs.js'
import { proseBlocks, slideBlocks, type BlockUnit } from './structure.js'

export interface CleanLine {
  start: number
  end: number
}

export interface CleanBlock {
  unit: BlockUnit
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
}

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

/** Markdown ATX headings: the marker is cut from the line (offsets still map) and the line is a heading. */
function markdownHeadings(lines: MappedText[]): Set<number> {
  const headings = new Set<number>()
  lines.forEach((line, i) => {
    const m = /^ {0,3}#{1,6}\s+/.exec(line.text)
    if (!m) return
    const closing = /\s+#+\s*$/.exec(line.text)
    lines[i] = line.slice(m[0].length, closing ? closing.index : line.length)
    headings.add(i)
  })
  return headings
}

/**
 * Clean one document: parse HTML, drop furniture, rebuild paragraphs, lists and slides,
 * and repair extraction damage where certain. `vocabulary` holds the corpus's accented
 * words, for repairing lost letters.
 */
export function cleanDocument(source: string, vocabulary: ReadonlySet<string>, format: 'text' | 'markdown' = 'text'): CleanedDocument {
  const raw = looksLikeHtml(source) ? htmlToText(source) : MappedText.of(source)
  const lines = toLines(raw)
  const headings = format === 'markdown' ? markdownHeadings(lines) : new Set<number>()
  const kind = detectKind(lines.map((l) => l.text).join('\n'))
  const furniture = findFurniture(
    lines.map((l) => l.text),
    kind,
  )
  const blocks = kind === 'slides' ? slideBlocks(lines, furniture) : proseBlocks(lines, furniture, kind, headings)
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
    const repaired = block.lines.map(repair).filter((l) => l.length > 0)
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
      section: block.section === null ? null : repairString(block.section),
      start,
      end: at,
      lines: lineSpans,
    })
  }
  return { kind, title: repairString(furniture.title) || 'Untitled', text: MappedText.concat(parts), blocks: out }
}
