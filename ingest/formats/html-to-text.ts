import { Parser } from 'htmlparser2'
import { MappedText } from './mapped-text.js'

const BLOCK_TAGS = new Set([
  'p', 'div', 'br', 'ul', 'ol', 'li', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'tr', 'table',
  'section', 'article', 'header', 'footer', 'blockquote', 'pre', 'hr', 'dl', 'dt', 'dd',
])
const SKIPPED_TAGS = new Set(['script', 'style', 'noscript', 'template', 'head'])
/** Table cells: a row stays one line, its cells apart ("API" | "With winkNLP" is not "APIWith"). */
const CELL_TAGS = new Set(['td', 'th'])

/** Tags a document must contain, a few times over, to be read as HTML. */
const HTML_TAG = /<\/?(p|div|ul|ol|li|br|span|i|b|em|strong|a|h[1-6]|table|tr|td)\b[^>]*>/gi

export function looksLikeHtml(text: string): boolean {
  return (text.match(HTML_TAG)?.length ?? 0) >= 3
}

/**
 * Parse HTML to text with a real parser. Block elements become line breaks; every text
 * character keeps its source offsets (a decoded entity maps to the whole entity).
 */
export function htmlToText(source: string): MappedText {
  const parts: MappedText[] = []
  let skipDepth = 0
  const lineBreak = (at: number) => parts.push(MappedText.replacement('\n', at, at))
  const space = (at: number) => parts.push(MappedText.replacement(' ', at, at))
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED_TAGS.has(name)) skipDepth++
        else if (BLOCK_TAGS.has(name)) lineBreak(parser.startIndex)
        else if (CELL_TAGS.has(name)) space(parser.startIndex)
      },
      onclosetag(name) {
        if (SKIPPED_TAGS.has(name)) skipDepth = Math.max(0, skipDepth - 1)
        else if (BLOCK_TAGS.has(name)) lineBreak(parser.endIndex + 1)
        else if (CELL_TAGS.has(name)) space(parser.endIndex + 1)
      },
      ontext(data) {
        if (skipDepth > 0) return
        const start = parser.startIndex
        const end = parser.endIndex + 1
        parts.push(
          end - start === data.length && source.slice(start, end) === data
            ? MappedText.of(source, start, end)
            : MappedText.replacement(data, start, end),
        )
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  )
  parser.write(source)
  parser.end()
  return MappedText.concat(parts)
}
