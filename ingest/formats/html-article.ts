import { Readability } from '@mozilla/readability'
import { Parser } from 'htmlparser2'
import { parseHTML } from 'linkedom'
import { LineBuilder, type Layout } from './layout.js'
import { MappedText } from './mapped-text.js'

// A web page's main content, found by Mozilla's Readability over a linkedom DOM. Readability
// hands back DOM nodes, not offsets, so each text node is matched to its span of the file.

/** Page furniture removed before Readability looks: navigation, banners, footers, cookie notices, skip links. */
const FURNITURE = [
  'script', 'style', 'noscript', 'template', 'svg', 'form', 'button', 'nav', 'footer', 'aside', 'body > header',
  '[role=navigation]', '[role=banner]', '[role=contentinfo]', '[role=search]', '[hidden]', '[aria-hidden=true]',
].join(', ')
const COOKIE = /cookie|consent|gdpr/i
const SKIP_LINK = /^\s*skip to\b/i
const BLOCKS = new Set([
  'address', 'article', 'blockquote', 'br', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure', 'header', 'hr', 'li',
  'main', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'tr', 'ul',
])
const HEADING = /^h[1-6]$/
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'img', 'picture', 'video', 'audio', 'iframe', 'object', 'canvas'])

/** Every text run of the file in order, decoded, each character mapped to its source span. */
function sourceText(source: string): MappedText {
  const parts: MappedText[] = []
  const parser = new Parser(
    {
      ontext(data) {
        const [start, end] = [parser.startIndex, parser.endIndex + 1]
        parts.push(end - start === data.length && source.slice(start, end) === data ? MappedText.of(source, start, end) : MappedText.replacement(data, start, end))
      },
    },
    { decodeEntities: true },
  )
  parser.write(source)
  parser.end()
  return MappedText.concat(parts)
}

type DomNode = { nodeType: number; nodeName: string; childNodes: ArrayLike<DomNode>; data?: string; localName?: string; textContent: string | null }

/** " | GOV.UK", " - Site name": the site's name after the page's own title. */
function withoutSiteName(title: string): string {
  const parts = title.split(/\s+[|–—-]\s+/)
  return parts.length > 1 && parts[0].split(/\s+/).length >= 2 ? parts[0].trim() : title.trim()
}

const clean = (s: string | null | undefined) => (s ?? '').replace(/\s+/g, ' ').trim()

/** Main content of a web page as lines, headings marked, each character mapped to the file. */
export function htmlArticle(source: string): Layout {
  // linkedom makes a fragment's first element the root; a page without <body> gets one. Text is
  // matched to the file by content, so the wrapper shifts no offsets.
  const { document } = parseHTML(/<body[\s>]/i.test(source) ? source : `<!doctype html><html><head></head><body>${source}</body></html>`)
  const full = sourceText(source)
  // Text nodes in document order match the parser's text runs; find each in turn.
  const found = new Map<DomNode, number>()
  let cursor = 0
  const find = (data: string): number | null => {
    if (!/\S/.test(data)) return null
    const at = full.text.startsWith(data, cursor) ? cursor : full.text.indexOf(data, cursor)
    return at < 0 ? null : at
  }
  const index = (node: DomNode) => {
    if (node.nodeType === 3) {
      const at = find(node.data ?? '')
      if (at !== null) {
        found.set(node, at)
        cursor = at + (node.data ?? '').length
      }
    }
    for (const child of Array.from(node.childNodes)) index(child)
  }
  index(document as unknown as DomNode)

  for (const el of document.querySelectorAll(FURNITURE)) el.remove()
  for (const el of document.querySelectorAll('[id], [class], [aria-label]')) {
    if (COOKIE.test(`${el.id} ${el.getAttribute('class') ?? ''} ${el.getAttribute('aria-label') ?? ''}`)) el.remove()
  }
  for (const a of document.querySelectorAll('a')) if (SKIP_LINK.test(a.textContent ?? '')) a.remove()

  // The heading the reader sees, else the title for sharing, else the tab's title without the site's name.
  const h1s = [...document.querySelectorAll('h1')].map((h) => clean(h.textContent)).filter(Boolean)
  const og = clean(document.querySelector('meta[property="og:title"]')?.getAttribute('content'))
  const tab = withoutSiteName(clean(document.querySelector('title')?.textContent))
  const title = (h1s.length === 1 ? h1s[0] : '') || og || tab || h1s[0] || null

  const article = new Readability(document as unknown as Document, { charThreshold: 100, serializer: (n: Node) => n }).parse()
  const root = (article?.content ?? document.body) as unknown as DomNode | null

  // Text that Readability made anew (when it re-parses a page to try again) is found by search.
  cursor = 0
  const b = new LineBuilder()
  const walk = (node: DomNode) => {
    if (node.nodeType === 3) {
      const data = node.data ?? ''
      const at = found.get(node) ?? find(data)
      if (at !== null) {
        cursor = Math.max(cursor, at + data.length)
        b.text(full.slice(at, at + data.length))
      } else if (data) b.filler(/\S/.test(data) ? data : ' ')
      return
    }
    if (node.nodeType !== 1) return
    const tag = node.localName ?? ''
    if (SKIPPED.has(tag)) return
    const kids = () => Array.from(node.childNodes).forEach(walk)
    if (HEADING.test(tag)) {
      b.end()
      kids()
      b.end(true)
    } else if (tag === 'li' || tag === 'dd') {
      b.end()
      b.bullet()
      kids()
      b.end()
    } else if (tag === 'pre') {
      // Preformatted text is code, read whole, as a Markdown code block is.
      b.end()
      kids()
      b.end(false, true)
    } else if (tag === 'td' || tag === 'th') {
      kids()
      b.filler(' ')
    } else if (BLOCKS.has(tag)) {
      b.end()
      kids()
      b.end()
    } else kids()
  }
  if (root) walk(root)
  b.end()
  const titleLine = title === null ? -1 : b.lines.findIndex((l) => l.text === title)
  return { lines: b.lines, headings: b.headings, code: b.code, title, titleLine: titleLine >= 0 ? titleLine : null }
}
