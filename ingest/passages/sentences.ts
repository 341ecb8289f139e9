import { split } from 'sentence-splitter'

export interface SentenceSpan {
  start: number
  end: number
}

// sentence-splitter keeps `...world." Next` and `...at Appendix 1. The` together. A closing
// quote after terminal punctuation, or a number ending with a full stop inside a line (not a
// list number opening it), then a capital, ends a sentence.
const MISSED_END = /[.!?]["'”’]+(?=\s+["“‘`]?[A-Z])|(?<=[a-z,]\s\d{1,4})\.(?=\s+[A-Z][a-z])/g
const BULLET = /^(?:[•▪◦*-]\s*)+/
/** A span's last word is a URL up to its query's "?". */
const URL_QUERY_END = /[^\s]*[/=.][^\s]*\?$/

/** Sentence spans of one line of text, with list markers and surrounding space left out. */
export function splitSentences(line: string): SentenceSpan[] {
  const spans: SentenceSpan[] = []
  for (const node of split(line)) {
    if (node.type !== 'Sentence') continue
    let [from] = node.range
    const [, to] = node.range
    for (const m of node.raw.matchAll(MISSED_END)) {
      const cut = node.range[0] + (m.index ?? 0) + m[0].length
      spans.push({ start: from, end: cut })
      from = cut
    }
    spans.push({ start: from, end: to })
  }
  const tidied: SentenceSpan[] = []
  for (const span of spans) {
    const t = tidy(line, span)
    if (t === null) continue
    // sentence-splitter ends a sentence at a URL's "?" ("…/default.aspx?" and "PageFunction=…"):
    // with no space after it, and a URL's "/", "=" or "." before it, it is no boundary.
    const last = tidied[tidied.length - 1]
    if (last && last.end === t.start && URL_QUERY_END.test(line.slice(last.start, last.end))) last.end = t.end
    else tidied.push(t)
  }
  // A clause number on its own ("1.1.", "(a)") opens the sentence after it rather than standing as one.
  return tidied.flatMap((s, i) => {
    const next = tidied[i + 1]
    if (next && NUMBER_ONLY.test(line.slice(s.start, s.end))) {
      next.start = s.start
      return []
    }
    return [s]
  })
}
/** A list or clause number: "a)", "(b)", "iv.", "3.", "2.1", "1.1.". Wrapped text (hard-wrap.ts) opens a line on purpose with one. */
export const CLAUSE_NUMBER = /(?:\(?(?:[a-z]|[ivx]{1,4}|\d{1,3})[.)]|\d+(?:\.\d+)+\.?)/
/** A clause number and nothing else. */
const NUMBER_ONLY = new RegExp(`^${CLAUSE_NUMBER.source}$`, 'i')

function tidy(line: string, span: SentenceSpan): SentenceSpan | null {
  let { start, end } = span
  const lead = line.slice(start, end).match(BULLET)
  if (lead) start += lead[0].length
  while (start < end && /\s/.test(line[start])) start++
  while (end > start && /\s/.test(line[end - 1])) end--
  return /[\p{L}\p{N}]/u.test(line.slice(start, end)) ? { start, end } : null
}
