import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import type { AskResponse, Source } from './api.js'

// "[3]" in an answer cites source 3, "[3, p. 37]" a page of it; escaped brackets in quoted text never reach this.
const marked = new Marked({
  extensions: [
    {
      name: 'cite',
      level: 'inline',
      start: (src: string) => src.indexOf('['),
      tokenizer(src: string) {
        const m = /^\[(\d{1,2})(?:, p\. (\d{1,5}))?\]/.exec(src)
        return m ? { type: 'cite', raw: m[0], n: Number(m[1]), page: m[2] ? Number(m[2]) : 0 } : undefined
      },
      renderer: (token) => {
        const [n, page] = [Number(token.n), Number(token.page)]
        const label = page ? `[${n}, p. ${page}]` : `[${n}]`
        return `<a class="cite" href="#" data-n="${n}" aria-label="Source ${n}${page ? `, page ${page}` : ''}">${label}</a>`
      },
    },
  ],
})

/** Over a not-found answer's passages, on the page and in the widget: they are not its sources. */
export const NEAREST_LABEL = 'Nearest passages (no answer quotes them)'

/** Answer Markdown to sanitised nodes; nothing in it can become script or live markup. */
export function renderMarkdown(markdown: string, doc: Document = document): DocumentFragment {
  const html = DOMPurify.sanitize(marked.parse(markdown, { async: false }) as string, {
    ALLOWED_TAGS: ['p', 'a', 'em', 'strong', 'code', 'ul', 'ol', 'li', 'br', 'sup'],
    ALLOWED_ATTR: ['class', 'href', 'data-n', 'aria-label'],
  })
  const template = doc.createElement('template')
  template.innerHTML = html
  // A web address a quote holds opens beside the answer, not in its place.
  template.content.querySelectorAll<HTMLAnchorElement>('a[href^="http"]').forEach((a) => Object.assign(a, { target: '_blank', rel: 'noopener noreferrer' }))
  return template.content
}

/**
 * Text with the given spans marked; always text nodes, never HTML. `pageStarts` (a PDF's) puts
 * a "p. N" marker where each page begins, inside a mark when a page begins within a quote.
 */
export function highlightedText(text: string, spans: readonly [number, number][], doc: Document = document, pageStarts: readonly number[] = []): DocumentFragment {
  const out = doc.createDocumentFragment()
  let page = 0
  // A page that begins where a quote begins is marked before the quote, not inside it.
  const append = (parent: Node, from: number, to: number, { last = false, inMark = false } = {}) => {
    let at = from
    for (; page < pageStarts.length && (pageStarts[page] < to || (!inMark && pageStarts[page] === to) || last); page++) {
      const cut = Math.max(at, Math.min(pageStarts[page], to))
      if (cut > at) parent.appendChild(doc.createTextNode(text.slice(at, cut)))
      const marker = doc.createElement('span')
      marker.className = 'page-break'
      marker.textContent = `p. ${page + 1}`
      marker.setAttribute('aria-label', `Page ${page + 1}`)
      parent.appendChild(marker)
      at = cut
    }
    if (to > at) parent.appendChild(doc.createTextNode(text.slice(at, to)))
  }
  let at = 0
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (a < at || b <= a) continue
    append(out, at, a)
    const mark = doc.createElement('mark')
    append(mark, a, b, { inMark: true })
    out.append(mark)
    at = b
  }
  append(out, at, text.length, { last: true })
  return out
}

/** An element with DOM properties (never HTML) and children. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Record<string, string | number | boolean> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props)
  node.append(...children)
  return node
}

/** A quoted sentence's place in its document. */
export interface Span {
  n: number
  docId: string
  start: number
  end: number
  /** A PDF's page the sentence starts on. */
  page?: number
}

/** Each answer sentence's span in its document, in answer order (the order of the citations). */
export function citedSpans(res: AskResponse): Span[] {
  return res.answer.sentences.flatMap((sentence) => {
    const source = res.sources.find((s) => s.n === sentence.sources[0])
    const h = source?.highlights.find(([a, b]) => source.text.slice(a, b) === sentence.text)
    return source && h ? [{ n: source.n, docId: source.docId, start: source.start + h[0], end: source.start + h[1], page: sentence.page }] : []
  })
}

/** One source passage: where it comes from, and its text with the quoted sentences marked. */
export function sourceCard(s: Source, onOpen: (s: Source) => void): HTMLElement {
  const open = el('button', { type: 'button', className: 'open-source', textContent: `Open [${s.n}] in document` })
  // The spoken name starts with the visible one, so "click Open 1 in document" works by voice.
  open.setAttribute('aria-label', `Open [${s.n}] in document: ${s.title}${s.section ? `, ${s.section}` : ''}${s.pageLabel ? `, ${s.pageLabel}` : ''}`)
  open.addEventListener('click', () => onOpen(s))
  return el(
    'li',
    { className: 'source' },
    el('div', { className: 'source-head' }, el('span', { className: 'source-n', textContent: `[${s.n}]` }), el('span', { className: 'source-title', textContent: s.title })),
    s.section || s.pageLabel ? el('div', { className: 'source-section', textContent: [s.section, s.pageLabel].filter(Boolean).join(' · ') }) : '',
    el('blockquote', { className: 'source-text' }, highlightedText(s.text, s.highlights)),
    open,
  )
}
