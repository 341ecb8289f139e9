// Plain text wrapped at a fixed width (licences, RFCs, e-mails, exported policies) breaks its
// lines wherever the next word would not fit, capitals and all: "… a combination of Covered /
// Software with …". The line lengths tell those breaks from the writer's own, which end a
// paragraph, a heading or a list item short of the width. Such text also draws: headings
// underlined with "====", rules of "----", notices boxed in "*". No maintained package reflows
// text while keeping each character's place in the file, which citations need, so this is by hand.
import { MappedText } from './mapped-text.js'

/** Fewer non-blank lines than this say too little about a width. */
const MIN_LINES = 10
/** Widths text is commonly wrapped at; wider lines are a paragraph each. */
const WIDTH_RANGE: readonly [number, number] = [40, 100]
/** Share of non-blank lines that reach most of the width in wrapped text. */
const FULL_SHARE = 0.4
/** A line this far short of the width (as a share of it, at least 8 characters) with room for the next word ended on purpose. */
const SLACK = 0.15
/** The next line opens a list item, which starts a line on purpose: "a)", "(b)", "1.", "2.1", "-", "*", "•". */
const ITEM_OPENER = /^(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]|\d+(?:\.\d+)+\.?|[-*•▪◦])(?:\s|$)/i

const percentile = (sorted: readonly number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))]

/** The width a text is wrapped at, or null when its lines are not wrapped at one width. */
export function wrapWidth(lines: readonly string[]): number | null {
  const lengths = lines.map((l) => l.trimEnd().length).filter((n) => n > 0)
  if (lengths.length < MIN_LINES) return null
  const sorted = [...lengths].sort((a, b) => a - b)
  const width = percentile(sorted, 0.95)
  if (width < WIDTH_RANGE[0] || width > WIDTH_RANGE[1]) return null
  // Wrapped text fills most lines nearly to the width, and no line runs far past it.
  const full = lengths.filter((n) => n >= width * (1 - SLACK)).length / lengths.length
  return full >= FULL_SHARE && sorted[sorted.length - 1] <= width * 1.2 ? width : null
}

/**
 * The lines whose break only wraps the text: the next line's first word would not have fit on
 * them. Empty for text not wrapped at one width (a paragraph per line).
 */
export function softWraps(lines: readonly string[]): Set<number> {
  const out = new Set<number>()
  const width = wrapWidth(lines)
  if (width === null) return out
  const room = width - Math.max(8, Math.round(width * SLACK))
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i].trimEnd()
    const next = lines[i + 1].trim()
    if (!line.trim() || !next || ITEM_OPENER.test(next)) continue
    if (line.length + 1 + next.split(/\s/)[0].length > room) out.add(i)
  }
  return out
}

/** A line drawn, not written: "=====", "-----", "*****". */
const RULE = /^\s*([=\-~^*_#])\1{2,}\s*$/
/** A line of a box drawn in stars: "*  text  *". */
const BOXED = /^\s*\*.*\*\s*$/
/** Lines in a row it takes to be a box rather than two lines that happen to start and end with "*". */
const MIN_BOX = 3

/** Wrapped plain text as its layout says: boxes opened, rules blank, underlined headings marked, and its soft wraps. */
export interface WrappedLayout {
  lines: MappedText[]
  /** Lines whose break only wraps the text (see softWraps). */
  wraps: Set<number>
  /** Lines underlined by a rule. */
  headings: Set<number>
}

/** The layout of plain text wrapped at one width; text that is not (a paragraph per line) comes back as it was. */
export function wrappedLayout(input: readonly MappedText[]): WrappedLayout {
  const none: WrappedLayout = { lines: [...input], wraps: new Set(), headings: new Set() }
  if (wrapWidth(input.map((l) => l.text)) === null) return none
  const lines = [...input]
  // A box's frame goes, its text stays where it stood.
  for (let i = 0; i < lines.length; ) {
    let j = i
    while (j < lines.length && BOXED.test(lines[j].text)) j++
    if (j - i >= MIN_BOX)
      for (let k = i; k < j; k++) {
        const t = lines[k].text
        lines[k] = RULE.test(t) ? lines[k].slice(0, 0) : lines[k].slice(t.indexOf('*') + 1, t.lastIndexOf('*'))
      }
    i = Math.max(j, i + 1)
  }
  const headings = new Set<number>()
  lines.forEach((l, i) => {
    if (!RULE.test(l.text)) return
    const above = lines[i - 1]?.text.trim()
    if (above && !RULE.test(above) && /^[=\-~^]/.test(l.text.trim())) headings.add(i - 1)
    lines[i] = l.slice(0, 0)
  })
  const wraps = softWraps(lines.map((l) => l.text))
  for (const h of headings) wraps.delete(h)
  return { lines, wraps, headings }
}
