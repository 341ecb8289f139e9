import DOMPurify from 'dompurify'
import { Marked } from 'marked'
import type { AskResponse, Source } from './api.js'

// "[3]" in an answer cites source 3; escaped brackets in quoted text never reach this.
const marked = new Marked({
  extensions: [
    {
      name: 'cite',
      level: 'inline',
      start: (src: string) => src.indexOf('['),
      tokenizer(src: string) {
        const m = /^\[(\d{1,2})\]/.exec(src)
        return m ? { type: 'cite', raw: m[0], n: Number(m[1]) } : undefined
      },
      renderer: (token) => `<a class="cite" href="#" data-n="${Number(token.n)}" aria-label="Source ${Number(token.n)}">[${Number(token.n)}]</a>`,
    },
  ],
})

/** Answer Markdown to sanitised nodes; nothing in it can become script or live markup. */
export function renderMarkdown(markdown: string, doc: Document = document): DocumentFragment {
  const html = DOMPurify.sanitize(marked.parse(markdown, { async: false }) as string, {
    ALLOWED_TAGS: ['p', 'a', 'em', 'strong', 'code', 'ul', 'ol', 'li', 'br', 'sup'],
    ALLOWED_ATTR: ['class', 'href', 'data-n', 'aria-label'],
  })
  const template = doc.createElement('template')
  template.innerHTML = html
  return template.content
}

/** Text with the given spans marked; always text nodes, never HTML. */
export function highlightedText(text: string, spans: readonly [number, number][], doc: Document = document): DocumentFragment {
  const out = doc.createDocumentFragment()
  let at = 0
  for (const [a, b] of [...spans].sort((x, y) => x[0] - y[0])) {
    if (a < at || b <= a) continue
    out.append(doc.createTextNode(text.slice(at, a)))
    const mark = doc.createElement('mark')
    mark.textContent = text.slice(a, b)
    out.append(mark)
    at = b
  }
  out.append(doc.createTextNode(text.slice(at)))
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
}

/** Each answer sentence's span in its document, in answer order (the order of the citations). */
export function citedSpans(res: AskResponse): Span[] {
  return res.answer.sentences.flatMap((sentence) => {
    const source = res.sources.find((s) => s.n === sentence.sources[0])
    const h = source?.highlights.find(([a, b]) => source.text.slice(a, b) === sentence.text)
    return source && h ? [{ n: source.n, docId: source.docId, start: source.start + h[0], end: source.start + h[1] }] : []
  })
}

/** One source passage: where it comes from, and its text with the quoted sentences marked. */
export function sourceCard(s: Source, onOpen: (s: Source) => void): HTMLElement {
  const open = el('button', { type: 'button', className: 'open-source', textContent: `Open [${s.n}] in document` })
  open.setAttribute('aria-label', `Open source ${s.n}, ${s.title}${s.section ? `, ${s.section}` : ''}, in the document`)
  open.addEventListener('click', () => onOpen(s))
  return el(
    'li',
    { className: 'source' },
    el('div', { className: 'source-head' }, el('span', { className: 'source-n', textContent: `[${s.n}]` }), el('span', { className: 'source-title', textContent: s.title })),
    s.section ? el('div', { className: 'source-section', textContent: s.section }) : '',
    el('blockquote', { className: 'source-text' }, highlightedText(s.text, s.highlights)),
    open,
  )
}
