import type { DocumentKind } from '../../src/index/corpus.js'
import { isSlideMarker } from './detect-kind.js'

// Page furniture: what a web page or a PDF puts around the text, which a reader skips.

/** Web-page furniture that is never part of a document's text. */
const BOILERPLATE: readonly RegExp[] = [
  /^printable version\b/i,
  /e-?mail this to a friend/i,
  /^click to follow$/i,
  /^click here\b/i,
  /^write a comment$/i,
  /^user comments \(\d+\)$/i,
  /^about [\w.]+\.(com|org|net)$/i,
  /^(google )?online preview\b/i,
  /^download$/i,
  /\bpartial summary\b/i,
  /^[.\s·…]{6,}$/,
  /^\d+ \/ \d+$/,
  /- powerpoint ppt presentation$/i,
]

export type LineFate = 'keep' | 'blank' | 'drop'

export interface Furniture {
  fate: LineFate[]
  /** Running heads by the line they stood on, for sections. */
  runningHeads: Map<number, string>
  /** Footnote numbers whose notes were dropped. */
  footnotes: Set<number>
  /** Index of the title line, when one is kept in the text. */
  titleLine: number | null
  title: string
}

const words = (s: string) => s.trim().split(/\s+/).filter(Boolean)
const isPageNumber = (s: string) => /^\d{1,4}$/.test(s.trim())
const isAllCaps = (s: string) => /\p{Lu}/u.test(s) && !/\p{Ll}/u.test(s)
/** A title for a text with no title line: its first sentence without the stop, or its first 12 words and "…". */
function openingWords(line: string): string {
  // At least three words: "Dr. Smith …" does not end at "Dr".
  const first = /^(.+?)[.!?](?=\s|$)/.exec(line.trim())?.[1]
  if (first && words(first).length >= 3 && words(first).length <= 12) return first
  const ws = words(line)
  return ws.length <= 12 ? ws.join(' ') : `${ws.slice(0, 12).join(' ')}…`
}

const endsSentence = (s: string) => /[.!?;:,"'”’)]$/.test(s.trim())
const isContact = (s: string) => /@[\w-]+\.|\b0\d{2,4} ?\d{3,4} ?\d{3,4}\b/.test(s)

/** What a format already says about its lines (HTML, Markdown, PDF): its title and headings. */
export interface KnownLayout {
  title: string | null
  titleLine: number | null
  headings: ReadonlySet<number>
  /** Lines set smaller than the body (a PDF's), where footnotes may stand; without it, no footnotes are looked for. */
  smallLines?: ReadonlySet<number>
}

/**
 * `wraps`: lines whose break only wraps plain text wrapped at one width (hard-wrap.ts); such a
 * line runs on into the next, so it is neither a title nor a running header.
 */
export function findFurniture(lines: readonly string[], kind: DocumentKind, known?: KnownLayout, wraps: ReadonlySet<number> = new Set()): Furniture {
  const fate: LineFate[] = lines.map((l) => (l.trim() === '' ? 'blank' : 'keep'))
  const text = (i: number) => lines[i].trim()
  const drop = (i: number) => (fate[i] = 'drop')
  const runningHeads = new Map<number, string>()
  const footnotes = new Set<number>()

  lines.forEach((l, i) => BOILERPLATE.some((re) => re.test(l.trim())) && drop(i))

  // A short line repeated three or more times is a running header.
  const seen = new Map<string, number[]>()
  lines.forEach((l, i) => {
    const t = l.trim()
    // A rule of stars or dashes repeated between sections is not a header: it names nothing.
    if (t && /\p{L}/u.test(t) && !wraps.has(i) && !endsSentence(t) && words(t).length <= 8 && !isPageNumber(t) && !known?.headings.has(i)) seen.set(t, [...(seen.get(t) ?? []), i])
  })
  let repeatedHeader: string | null = null
  for (const [t, at] of seen) {
    if (at.length >= 3 && kind !== 'slides') {
      at.forEach(drop)
      repeatedHeader ??= t
    }
  }

  // A PDF's running heads and feet that carry a number ("Chapter 4: Function reference 9"): a short
  // line among the first or last two of its page whose words, numbers aside, stand there on three
  // pages, or whose number counts the pages.
  const pageBreaks = lines.flatMap((l, i) => (l === '\f' ? [i] : []))
  if (known && pageBreaks.length >= 2) {
    const bounds = [-1, ...pageBreaks, lines.length]
    const shape = (i: number) => text(i).replace(/\d+/g, '#').toLowerCase()
    const edges: number[][] = []
    for (let k = 0; k < bounds.length - 1; k++) {
      const kept = []
      for (let i = bounds[k] + 1; i < bounds[k + 1]; i++) if (fate[i] === 'keep' && !known.headings.has(i) && words(text(i)).length <= 10) kept.push(i)
      edges.push([...new Set([...kept.slice(0, 2), ...kept.slice(-2)])])
    }
    const pagesWith = new Map<string, number>()
    for (const page of edges) for (const key of new Set(page.map(shape))) pagesWith.set(key, (pagesWith.get(key) ?? 0) + 1)
    // A printed page number opening or closing the line: the same distance from the file's page on three pages.
    const offset = (i: number, k: number) => {
      const m = /^(\d{1,4})\b|\b(\d{1,4})$/.exec(text(i))
      return m ? k - Number(m[1] ?? m[2]) : null
    }
    const pagesAt = new Map<number, number>()
    edges.forEach((page, k) => {
      for (const o of new Set(page.map((i) => offset(i, k)))) if (o !== null) pagesAt.set(o, (pagesAt.get(o) ?? 0) + 1)
    })
    edges.forEach((page, k) => {
      for (const i of page) if (/\p{L}/u.test(text(i)) && (pagesWith.get(shape(i))! >= 3 || (pagesAt.get(offset(i, k) ?? NaN) ?? 0) >= 3)) drop(i)
    })
  }

  const neighbours = (i: number, dir: 1 | -1) => {
    for (let j = i + dir; j >= 0 && j < lines.length; j += dir) if (fate[j] !== 'blank') return j
    return -1
  }

  if (kind === 'slides') {
    // Everything before the first slide is the hosting page's metadata.
    const first = lines.findIndex((_, i) => isSlideMarker(lines, i))
    for (let i = 0; i < first; i++) drop(i)
  } else {
    // PDF page numbers, and all-caps running heads standing next to them.
    lines.forEach((l, i) => {
      if (fate[i] !== 'keep' || !isPageNumber(l)) return
      drop(i)
      for (const j of [neighbours(i, -1), neighbours(i, 1)]) {
        if (j >= 0 && fate[j] === 'keep' && isAllCaps(text(j)) && words(text(j)).length <= 12) {
          drop(j)
          runningHeads.set(j, text(j))
        }
      }
    })
    // Footnotes sit at a page's foot: from a line opening with a note number that the text
    // above cites ("children3"), up to the next page furniture.
    const hadPages = lines.some((l, i) => isPageNumber(l) && fate[i] === 'drop')
    for (let i = 0; hadPages && i < lines.length; i++) {
      if (known && !known.smallLines?.has(i)) continue
      const m = fate[i] === 'keep' && /^(\d{1,3}) [\p{Lu}`'"(]/u.exec(text(i))
      if (!m) continue
      const n = Number(m[1])
      const above = lines.slice(Math.max(0, i - 40), i).join('\n')
      if (!new RegExp(`[\\p{Ll})'"\`.]${n}(?=[\\s,.;:)])`, 'u').test(above)) continue
      let j = i
      for (; j < lines.length && !(fate[j] === 'drop' && (isPageNumber(lines[j]) || runningHeads.has(j))); j++) {
        if (fate[j] === 'keep') {
          for (const note of text(j).matchAll(/(?:^|\s)(\d{1,3}) (?=[\p{Lu}`'"(])/gu)) footnotes.add(Number(note[1]))
          drop(j)
        }
      }
      i = j
    }
  }

  // Anything after the last contact line at the end, with no sentence in it, is an advert; not a
  // heading over a sentence: a policy's last sections may follow an e-mail address ("Report it to security@…").
  const kept = fate.flatMap((f, i) => (f === 'keep' ? [i] : []))
  const lastContact = kept.slice(-6).reverse().find((i) => isContact(lines[i]))
  const after = lastContact === undefined ? [] : kept.filter((i) => i > lastContact)
  after.forEach((i, k) => {
    const next = after[k + 1]
    if (!endsSentence(lines[i]) && !(next !== undefined && endsSentence(lines[next]))) drop(i)
  })

  // Title: the format's own, else a running header, else an all-caps headline near the top, else the first line.
  const head = fate.flatMap((f, i) => (f === 'keep' ? [i] : [])).slice(0, 4)
  let titleLine: number | null = null
  let title: string
  if (known) {
    titleLine = known.titleLine !== null && fate[known.titleLine] === 'keep' ? known.titleLine : null
    const firstHeading = [...known.headings].sort((a, b) => a - b).find((i) => fate[i] === 'keep')
    title = known.title ?? (firstHeading !== undefined ? text(firstHeading) : head[0] !== undefined ? openingWords(text(head[0])) : '')
  } else if (repeatedHeader) title = repeatedHeader
  else if (kind === 'slides') {
    const first = head.filter((i) => isAllCaps(text(i)) && !/\d/.test(text(i))).slice(0, 2)
    title = first.map((i) => text(i).replace(/^[•▪]\s*/, '')).join(' – ') || (head[0] !== undefined ? text(head[0]) : '')
  } else {
    // The first line is the title unless it reads as prose, or is all the file has: a file that
    // opens with its text has no title line.
    const content = fate.flatMap((f, i) => (f === 'keep' ? [i] : []))
    const prose = (i: number) => {
      const t = text(i).trim()
      const ws = words(t)
      // Title case capitalises most words; a sentence, its first and its names.
      const sentenceCase = ws.filter((w) => /^\p{Lu}/u.test(w)).length <= Math.max(1, ws.length / 3)
      const next = content[content.indexOf(i) + 1]
      const runsOn = next !== undefined && /^\p{Ll}/u.test(text(next).trim())
      return sentenceCase && ((/[.!?]["”’)]?$/.test(t) && ws.length >= 4) || runsOn)
    }
    const first = head[0] !== undefined && content.length > 1 && !prose(head[0]) && !wraps.has(head[0]) ? head[0] : null
    // Wrapped plain text centres its title ("                 Apache License").
    const centred = (i: number) => wraps.size > 0 && /^(?:\s{8,}|\t+)\S/.test(lines[i]) && !wraps.has(i)
    titleLine = head.find(centred) ?? head.find((i) => isAllCaps(text(i)) && words(text(i)).length >= 3 && !wraps.has(i)) ?? first
    title = titleLine !== null ? text(titleLine) : head[0] !== undefined ? openingWords(text(head[0])) : ''
    // A masthead above the title, and kicker or byline lines between it and the body, are
    // furniture; prose above it is text.
    if (titleLine !== null) {
      for (let i = 0; i < titleLine; i++) if (fate[i] === 'keep' && !prose(i)) drop(i)
      // Wrapped plain text has no bylines: its short lines under the title (a version, a date) are text.
      // Nor is a short line a byline when the document sets such lines over its paragraphs further
      // on: then it is the first section's heading ("Eligibility" under "REMOTE WORKING GUIDELINES").
      const headsParagraph = (i: number) => {
        const next = content[content.indexOf(i) + 1]
        return words(text(i)).length <= 4 && !endsSentence(text(i)) && next !== undefined && endsSentence(text(next)) && words(text(next)).length >= 5
      }
      // A byline ("By Jane Smith") or a date line ("March 2009") is never the first section's heading.
      const byline = (i: number) => /^by\s/i.test(text(i)) || /\d/.test(text(i))
      const headingsAfter = (i: number) => content.filter((j) => j > i && headsParagraph(j)).length
      for (let i = titleLine + 1; wraps.size === 0 && i < lines.length; i++) {
        if (fate[i] !== 'keep') continue
        if (text(i) === title) {
          drop(i)
          continue
        }
        if (words(text(i)).length > 4 || endsSentence(text(i))) break
        if (!byline(i) && headsParagraph(i) && headingsAfter(i) >= 2) break
        drop(i)
      }
    }
  }
  return { fate, runningHeads, footnotes, titleLine, title }
}
