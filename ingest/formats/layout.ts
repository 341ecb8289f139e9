import { MappedText } from './mapped-text.js'

/** A document as its format lays it out: lines of text (mapped to the file) and which are headings. */
export interface Layout {
  lines: MappedText[]
  headings: Set<number>
  /** The title the format declares (<title>, # heading, PDF metadata), if any. */
  title: string | null
  /** The line that shows the title, when the text has one. */
  titleLine: number | null
  /** A PDF's lines set smaller than its body text: where footnotes may stand. */
  smallLines?: Set<number>
  /** Lines that are code (Markdown's code blocks, HTML's `<pre>`): kept whole, apart from the prose. */
  code?: Set<number>
}

/** Collects text runs into lines: one line per block, spaces collapsed, "• " opening a list item. */
export class LineBuilder {
  readonly lines: MappedText[] = []
  readonly headings = new Set<number>()
  readonly code = new Set<number>()
  private parts: MappedText[] = []
  private bulletDue = false
  /** Where the last text came from, for text that has no place of its own. */
  at = 0

  text(t: MappedText): void {
    if (t.length === 0) return
    if (this.bulletDue && /\S/.test(t.text)) {
      const first = t.starts[t.text.search(/\S/)]
      this.parts.push(MappedText.replacement('• ', first, first))
      this.bulletDue = false
    }
    this.parts.push(t)
    this.at = t.ends[t.length - 1]
  }

  /** Text standing for nothing in the file (a space between table cells). */
  filler(s: string): void {
    this.text(MappedText.replacement(s, this.at, this.at))
  }

  bullet(): void {
    this.bulletDue = true
  }

  /** Ends the line being built: a heading, code (its line breaks and indentation kept) or prose. */
  end(heading = false, code = false): void {
    const joined = MappedText.concat(this.parts)
    const line = (code ? joined : joined.replace(/\s+/g, () => ' ')).trim()
    this.parts = []
    this.bulletDue = false
    if (line.length === 0 || !/[\p{L}\p{N}]/u.test(line.text)) return
    if (heading) this.headings.add(this.lines.length)
    if (code) this.code.add(this.lines.length)
    this.lines.push(line)
  }
}
