// Text in which every character remembers the span of the original file it came from,
// so any cleaned span maps back to exact original offsets.

export class MappedText {
  constructor(
    readonly text: string,
    readonly starts: readonly number[],
    readonly ends: readonly number[],
  ) {}

  /** Identity mapping of `source[from, to)`. */
  static of(source: string, from = 0, to = source.length): MappedText {
    const starts: number[] = []
    const ends: number[] = []
    for (let i = from; i < to; i++) {
      starts.push(i)
      ends.push(i + 1)
    }
    return new MappedText(source.slice(from, to), starts, ends)
  }

  /** Text standing for original span [origStart, origEnd), e.g. a decoded entity. */
  static replacement(text: string, origStart: number, origEnd: number): MappedText {
    return new MappedText(text, Array(text.length).fill(origStart), Array(text.length).fill(origEnd))
  }

  static concat(parts: readonly MappedText[]): MappedText {
    return new MappedText(
      parts.map((p) => p.text).join(''),
      parts.flatMap((p) => p.starts as number[]),
      parts.flatMap((p) => p.ends as number[]),
    )
  }

  get length(): number {
    return this.text.length
  }

  slice(from: number, to = this.text.length): MappedText {
    return new MappedText(this.text.slice(from, to), this.starts.slice(from, to), this.ends.slice(from, to))
  }

  /** Original span of cleaned span [from, to). */
  originalSpan(from: number, to: number): [number, number] {
    if (to <= from) {
      const at = this.starts[from] ?? (this.ends[this.ends.length - 1] ?? 0)
      return [at, at]
    }
    return [this.starts[from], this.ends[to - 1]]
  }

  /** Replace every match of `re` (global) by `by(match)`; replacements map to the matched span. */
  replace(re: RegExp, by: (m: RegExpExecArray) => string): MappedText {
    const parts: MappedText[] = []
    let last = 0
    for (const m of this.text.matchAll(re)) {
      const at = m.index ?? 0
      const len = m[0].length
      parts.push(this.slice(last, at))
      const sub = by(m as RegExpExecArray)
      if (sub === m[0]) parts.push(this.slice(at, at + len))
      else if (sub.length > 0) {
        const [s, e] = this.originalSpan(at, at + len)
        parts.push(MappedText.replacement(sub, s, e))
      }
      last = at + len
    }
    if (last === 0) return this
    parts.push(this.slice(last))
    return MappedText.concat(parts)
  }

  /** The same text, its offsets moved by `by` (a piece parsed on its own, then placed in its file). */
  shift(by: number): MappedText {
    return new MappedText(this.text, this.starts.map((s) => s + by), this.ends.map((e) => e + by))
  }

  trim(): MappedText {
    const lead = this.text.length - this.text.trimStart().length
    const kept = this.text.trim().length
    return this.slice(lead, lead + kept)
  }
}
