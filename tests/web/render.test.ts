import { parseHTML } from 'linkedom'
import { describe, expect, it } from 'vitest'
import { highlightedText } from '../../web/src/render.js'

// The document view's text, rendered into a server-side DOM.
function render(text: string, spans: [number, number][], pageStarts?: number[]) {
  const { document } = parseHTML('<!doctype html><html><body><div></div></body></html>')
  const div = document.querySelector('div')!
  div.append(highlightedText(text, spans, document as unknown as Document, pageStarts))
  return div
}

describe('page breaks in the document view', () => {
  const text = 'First page ends here. Second page, a quoted sentence running on to the third page. Last.'
  const starts = [0, text.indexOf('Second'), text.indexOf('third')]

  it('marks where each page starts, and keeps the text whole', () => {
    const div = render(text, [], starts)
    expect([...div.querySelectorAll('.page-break')].map((m) => m.textContent)).toEqual(['p. 1', 'p. 2', 'p. 3'])
    const withoutMarkers = [...div.childNodes].filter((n) => n.nodeType === 3).map((n) => n.textContent).join('')
    expect(withoutMarkers).toBe(text)
    const second = div.querySelectorAll('.page-break')[1]
    expect(second.getAttribute('aria-label')).toBe('Page 2')
    expect(second.previousSibling?.textContent).toBe('First page ends here. ')
    expect(second.nextSibling?.textContent?.startsWith('Second page')).toBe(true)
  })

  it('a page that begins inside a quote is marked inside it; one that begins with a quote, before it', () => {
    const quote: [number, number] = [text.indexOf('a quoted'), text.indexOf(' Last')]
    const second: [number, number] = [text.indexOf('Second'), text.indexOf(',')]
    const div = render(text, [second, quote], starts)
    const marks = [...div.querySelectorAll('mark')]
    expect(marks).toHaveLength(2)
    expect(marks[0].textContent).toBe('Second page')
    expect(marks[0].previousSibling?.textContent).toBe('p. 2')
    expect(marks[1].querySelector('.page-break')?.textContent).toBe('p. 3')
  })

  it('a document without pages renders as before', () => {
    const div = render(text, [[0, 5]])
    expect(div.querySelectorAll('.page-break')).toHaveLength(0)
    expect(div.innerHTML).toBe('<mark>First</mark> page ends here. Second page, a quoted sentence running on to the third page. Last.')
  })
})
