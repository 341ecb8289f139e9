import type { DocumentKind, PassageRecord } from '../../src/index/corpus.js'
import type { Furniture } from './furniture.js'
import { MappedText } from '../formats/mapped-text.js'

export type BlockUnit = 'title' | 'heading' | PassageRecord['unit']

export interface Block {
  unit: BlockUnit
  section: string | null
  /** A paragraph has one line; a list, its intro and items; a slide, its bullets. */
  lines: MappedText[]
  /** A code block: a paragraph read whole, searched with its passage, never quoted. */
  code?: boolean
  /** For a heading only guessed from its shape, the section it came under; absent for one the text marks. */
  guessedUnder?: string | null
}

const BULLET = /^[•▪◦]\s*|^[-*]\s+/
const FUNCTION_WORD_END = /\b(of|the|and|or|for|to|in|a|an|with|on|by|at|from|as|that|which|their|its|into|including|between)$/i
const words = (s: string) => s.trim().split(/\s+/).filter(Boolean).length

/** A line break inside a sentence: the first line ends mid-phrase, or the next starts in lower case. */
export function continues(prev: string, next: string): boolean {
  const p = prev.trim()
  if (/[.!?]["'”’)]*$|[:;]$/.test(p)) return false
  return /^\p{Ll}/u.test(next.trim()) || /,$/.test(p) || FUNCTION_WORD_END.test(p)
}

/** A numbered line in title case: "10. Automatic Licensing of Downstream Recipients." */
const numberedTitle = (t: string) => /^\d+(?:\.\d+)*\.?\s+\p{Lu}/u.test(t) && t.split(/\s+/).slice(1).every((w) => w.length < 4 || /^[\p{Lu}("'“‘]/u.test(w))

/** A numbered title opening a paragraph, run into its first sentence: "2. Grant of Copyright License." of "2. Grant of Copyright License. Subject to …". */
function runInTitle(line: string): string | null {
  const m = /^(\d+(?:\.\d+)*\.?\s+[^.]{1,80}?\.)\s+(?=["“]?\p{Lu})/u.exec(line)
  return m && numberedTitle(m[1]) && words(m[1]) <= 10 ? m[1] : null
}

/** `numbered`: a numbered title keeps its full stop and is a heading still (wrapped plain text, the line standing alone). */
function isHeading(line: string, numbered = false): boolean {
  const t = numbered && numberedTitle(line) ? line.replace(/\.$/, '') : line
  const n = words(t)
  return n >= 1 && n <= 10 && !/:\/\/|@|\d{3,}/.test(t) && /^[\p{Lu}\d]/u.test(t) && !/[.!?;:,"'”’]$/.test(t) && !FUNCTION_WORD_END.test(t)
}

/**
 * A word whose case flips at random, as some PDFs' text layers give it ("IntRoDUCtIon"), rather
 * than a name or identifier written in camel case ("JavaScript", "McDonald", "ReadableStreamDefaultReader",
 * "allowPercentInPath"): a random flip leaves single lower-case letters between capitals ("RoD", "CtI"),
 * and an identifier opening in lower case is never re-cased.
 */
const erraticWord = (w: string) => /^\P{Ll}*\p{Lu}/u.test(w) && (w.match(/\p{Lu}\p{Ll}(?=\p{Lu})/gu)?.length ?? 0) >= 2

/** "IntRoDUCtIon" → "Introduction"; "INTRODUCTION" → "Introduction"; others as they are. */
export function displayHeading(t: string): string {
  const erratic = t.split(/\s+/).some(erraticWord) || (!/\p{Ll}/u.test(t) && /\p{Lu}{2}/u.test(t))
  if (!erratic) return t
  return t.toLowerCase().replace(/(^|[\s(-])(\p{L})/gu, (_, b: string, c: string) => b + c.toUpperCase())
}

const join = (a: MappedText, b: MappedText, dehyphenate?: Dehyphenate) => {
  const head = /(\p{L}+)-$/u.exec(a.text)
  const tail = /^\p{Ll}+/u.exec(b.text)
  // A word broken at the line's end joins up, without its hyphen unless the word is a compound.
  if (dehyphenate && head && tail) return MappedText.concat([dehyphenate(head[1], tail[0]) ? a.slice(0, a.length - 1) : a, b])
  const at = a.ends[a.length - 1] ?? 0
  return MappedText.concat([a, MappedText.replacement(' ', at, at), b])
}

/** Whether a word broken by a hyphen at a line's end is one word (see repairs.ts). */
export type Dehyphenate = (head: string, tail: string) => boolean

export interface ProseOptions {
  /** Each line is a whole block (HTML, Markdown): no joining lines. */
  structured?: boolean
  /** Take short lines that look like headings for headings (when the format does not mark them). */
  guessHeadings?: boolean
  /** Join words broken at a line's end (PDF). */
  dehyphenate?: Dehyphenate
  /** Lines whose break only wraps the text (plain text wrapped at one width): the next line carries on their paragraph. */
  wraps?: ReadonlySet<number>
  /** Lines that are code: each a block of its own. */
  code?: ReadonlySet<number>
}

/** A line split where "•" bullets run on inside it, as list HTML often leaves them. */
function pieces(line: MappedText): { text: MappedText; item: boolean }[] {
  const out: { text: MappedText; item: boolean }[] = []
  const cuts = [...line.text.matchAll(/•/g)].map((m) => m.index ?? 0)
  const bounds = [0, ...cuts.filter((c) => c > 0), line.length]
  for (let k = 0; k < bounds.length - 1; k++) {
    const text = line.slice(bounds[k], bounds[k + 1]).trim()
    if (text.length > 0) out.push({ text, item: BULLET.test(text.text) })
  }
  return out
}

/** `headings`: lines known to be headings (Markdown's #), besides those that look like one. */
export function proseBlocks(
  lines: readonly MappedText[],
  f: Furniture,
  kind: DocumentKind,
  headings: ReadonlySet<number> = new Set(),
  { structured = false, guessHeadings = true, dehyphenate, wraps = new Set(), code = new Set() }: ProseOptions = {},
): Block[] {
  const blocks: Block[] = []
  let section: string | null = null
  let current: Block | null = null
  let previous = -1
  const kept = f.fate.flatMap((fate, i) => (fate === 'keep' ? [i] : []))
  kept.forEach((i, k) => {
    // A running head names the chapter of the page that follows it.
    for (const [j, head] of f.runningHeads) {
      if (j > previous && j < i && head.toLowerCase() !== f.title.toLowerCase()) {
        if ((section ?? '').toLowerCase() !== head.toLowerCase()) section = displayHeading(head)
      }
    }
    previous = i
    if (code.has(i)) {
      blocks.push((current = { unit: 'paragraph', section, lines: [lines[i].trim()], code: true }))
      return
    }
    for (const piece of pieces(lines[i].trim())) {
      const t = piece.text.text
      const last = current?.lines[current.lines.length - 1]
      if (piece.item) {
        if (current && !current.code && (current.unit === 'list' || (current.unit === 'paragraph' && last?.text.endsWith(':')))) {
          current.unit = 'list'
          current.lines.push(piece.text)
        } else blocks.push((current = { unit: 'list', section, lines: [piece.text] }))
      } else if (
        !structured &&
        current &&
        last &&
        current.unit !== 'title' &&
        current.unit !== 'heading' &&
        !headings.has(i) &&
        ((kept[k - 1] === i - 1 && wraps.has(i - 1)) || continues(last.text, t))
      ) {
        current.lines[current.lines.length - 1] = join(last, piece.text, dehyphenate)
      } else if (i === f.titleLine) {
        blocks.push((current = { unit: 'title', section: null, lines: [piece.text] }))
      } else if (
        !structured &&
        headings.has(i) &&
        current?.unit === 'heading' &&
        last &&
        kept[k - 1] === i - 1 &&
        continues(last.text, t) &&
        words(last.text) + words(t) <= 15
      ) {
        // A heading set over two lines of print (a PDF's), the second carrying on the first, is one heading.
        current.lines[current.lines.length - 1] = join(last, piece.text)
        section = current.section = displayHeading(current.lines[current.lines.length - 1].text)
      } else if (headings.has(i) || (guessHeadings && !wraps.has(i) && isHeading(t, wraps.size > 0 && kept[k + 1] !== i + 1) && k < kept.length - 1)) {
        // A line taken for a heading with nothing under it before a heading the text marks ("Acme
        // Ltd, People Team, version 3" over an underlined one) was text: kept as a paragraph, not
        // dropped. Guessed headings in a row are a list of contents, and stay headings.
        if (current?.unit === 'heading' && current.guessedUnder !== undefined && headings.has(i)) {
          current.unit = 'paragraph'
          current.section = current.guessedUnder
        }
        const under = section
        section = displayHeading(t)
        blocks.push((current = { unit: 'heading', section, lines: [piece.text], ...(headings.has(i) ? {} : { guessedUnder: under }) }))
      } else {
        // Wrapped text's clauses often open with their title ("2. Grant of Copyright License. Subject
        // to …"): it heads the clause's passages, and stays in the text.
        const runIn = wraps.size > 0 ? runInTitle(t) : null
        if (runIn) section = runIn
        blocks.push((current = { unit: 'paragraph', section, lines: [piece.text] }))
      }
    }
  })
  if (kind === 'recommendations') {
    for (const b of blocks) if (b.unit === 'paragraph' || b.unit === 'list') b.unit = 'recommendation'
  }
  return blocks
}

export function slideBlocks(lines: readonly MappedText[], f: Furniture): Block[] {
  const blocks: Block[] = []
  let title: MappedText[] = []
  let items: MappedText[] = []
  const flush = () => {
    const heading = title.length ? title.reduce((a, b) => join(a, b)) : null
    if (heading) blocks.push({ unit: 'heading', section: heading.text, lines: [heading] })
    if (items.length) blocks.push({ unit: 'slide', section: heading?.text ?? null, lines: items })
    title = []
    items = []
  }
  f.fate.forEach((fate, i) => {
    if (fate !== 'keep') return
    const line = lines[i].trim()
    if (/^\d{1,3}$/.test(line.text)) return flush()
    const bullet = BULLET.exec(line.text)
    const last = items[items.length - 1]
    if (!bullet) {
      if (last) items[items.length - 1] = join(last, line)
      else title.push(line)
      return
    }
    const body = line.slice(bullet[0].length)
    // Bullets that carry on the previous bullet's sentence lost their line break, not a new point;
    // so does a bare number after an unfinished one ("… on progress from April" / "• 2010").
    const bareNumber = /^\d[\d,.]*$/.test(body.text.trim()) && last !== undefined && !/[.!?:;]["'”’)]*$/.test(last.text.trim())
    if (last && (continues(last.text, body.text) || bareNumber)) items[items.length - 1] = join(last, body)
    else items.push(line)
  })
  flush()
  return blocks
}
