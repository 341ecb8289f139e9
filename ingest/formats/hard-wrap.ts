// Plain text wrapped at a fixed width (licences, RFCs, e-mails, exported policies) breaks its
// lines wherever the next word would not fit, capitals and all: "… a combination of Covered /
// Software with …". The line lengths tell those breaks from the writer's own, which end a
// paragraph, a heading or a list item short of the width. Such text also draws: headings
// underlined with "====", rules of "----", notices boxed in "*". No maintained package reflows
// text while keeping each character's place in the file, which citations need, so this is by hand.
import { MappedText } from './mapped-text.js'
import { CLAUSE_NUMBER } from '../passages/sentences.js'

/** Fewer non-blank lines than this say too little about a width. */
const MIN_LINES = 10
/** Widths text is commonly wrapped at; wider lines are a paragraph each. */
const WIDTH_RANGE: readonly [number, number] = [40, 100]
/** Share of non-blank lines that reach most of the width in wrapped text. */
const FULL_SHARE = 0.4
/** A line this far short of the width (as a share of it, at least 8 characters) with room for the next word ended on purpose. */
const SLACK = 0.15
/** The next line opens a list item, which starts a line on purpose: a clause number ("a)", "2.1") or a bullet. */
const ITEM_OPENER = new RegExp(`^(?:${CLAUSE_NUMBER.source}|[-*•▪◦])(?:\\s|$)`, 'i')

const percentile = (sorted: readonly number[], p: number) => sorted[Math.floor(p * (sorted.length - 1))]

/** Share of lines that may run past the width (a long URL) in wrapped text. */
const OVER_SHARE = 0.02
/** Of the breaks where the next word would not have fitted, the share and number whose next line opens in lower case: wrapping breaks sentences, a list of one sentence per line does not. */
const LOWER_SHARE = 0.3
const MIN_LOWER = 3

/** The width a text is wrapped at, or null when its lines are not wrapped at one width. */
function wrapWidth(lines: readonly string[]): number | null {
  const lengths = lines.map((l) => l.trimEnd().length).filter((n) => n > 0)
  if (lengths.length < MIN_LINES) return null
  const sorted = [...lengths].sort((a, b) => a - b)
  const width = percentile(sorted, 0.95)
  if (width < WIDTH_RANGE[0] || width > WIDTH_RANGE[1]) return null
  // Wrapped text fills most lines nearly to the width, and hardly a line runs far past it.
  const full = lengths.filter((n) => n >= width * (1 - SLACK)).length / lengths.length
  if (full < FULL_SHARE || lengths.filter((n) => n > width * 1.2).length > lengths.length * OVER_SHARE) return null
  const breaks = fullBreaks(lines, width)
  const lower = breaks.filter((i) => /^\p{Ll}/u.test(lines[i + 1].trim())).length
  return lower >= MIN_LOWER && lower >= breaks.length * LOWER_SHARE ? width : null
}

/** Lines the next line's first word would not have fitted on at this width. */
function fullBreaks(lines: readonly string[], width: number): number[] {
  const room = width - Math.max(8, Math.round(width * SLACK))
  const out: number[] = []
  for (let i = 0; i + 1 < lines.length; i++) {
    const line = lines[i].trimEnd()
    const next = lines[i + 1].trim()
    if (!line.trim() || !next || ITEM_OPENER.test(next)) continue
    if (line.length + 1 + next.split(/\s/)[0].length > room) out.push(i)
  }
  return out
}

/**
 * The lines whose break only wraps the text: the next line's first word would not have fit on
 * them. Empty for text not wrapped at one width (a paragraph per line).
 */
export function softWraps(lines: readonly string[], width = wrapWidth(lines)): Set<number> {
  return new Set(width === null ? [] : fullBreaks(lines, width))
}

/** A line drawn, not written: "=====", "-----", "*****". */
const RULE = /^\s*([=\-~^*_#])\1{2,}\s*$/
/** A line of a box drawn in stars: "*  text  *". */
const BOXED = /^\s*\*.*\*\s*$/
/** Lines in a row it takes to be a box rather than two lines that happen to start and end with "*". */
const MIN_BOX = 3

/** Plain text as its layout says: rules blank and underlined headings marked; for wrapped text, boxes opened and its soft wraps. */
export interface WrappedLayout {
  lines: MappedText[]
  /** Lines whose break only wraps the text (see softWraps). */
  wraps: Set<number>
  /** Lines underlined by a rule. */
  headings: Set<number>
}

/**
 * The layout of plain text: rules dropped and the lines they underline marked as headings; and
 * for text wrapped at one width, boxes opened and its soft wraps. Text that is not wrapped (a
 * paragraph per line) has no soft wraps.
 */
export function wrappedLayout(input: readonly MappedText[]): WrappedLayout {
  const width = wrapWidth(input.map((l) => l.text))
  const lines = [...input]
  // A box's frame goes, its text stays where it stood.
  for (let i = 0; width !== null && i < lines.length; ) {
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
    // Underlined: a line standing alone above the rule, not the last line of a paragraph.
    const above = lines[i - 1]?.text.trim()
    if (above && !RULE.test(above) && !lines[i - 2]?.text.trim() && /^[=\-~^]/.test(l.text.trim())) headings.add(i - 1)
    lines[i] = l.slice(0, 0)
  })
  // The width found before boxes were opened: their text is wrapped at it too, less the frame.
  const wraps = width === null ? new Set<number>() : softWraps(lines.map((l) => l.text), width)
  for (const h of headings) wraps.delete(h)
  return { lines, wraps, headings }
}
