import { ApiError, askQuestion, fetchDocument, type AskResponse, type Source } from './api.js'
import { el, highlightedText, renderMarkdown, sourceCard } from './render.js'

const form = document.querySelector<HTMLFormElement>('#ask')!
const input = document.querySelector<HTMLTextAreaElement>('#question')!
const conversation = document.querySelector<HTMLOListElement>('#conversation')!
const viewer = document.querySelector<HTMLElement>('#document-view')!
const viewerTitle = viewer.querySelector<HTMLElement>('.doc-title')!
const viewerText = viewer.querySelector<HTMLElement>('.doc-text')!
const history: string[] = []
let lastFocus: HTMLElement | null = null
/** Bumped by "New conversation", so answers still in flight for the old one are dropped. */
let conversationId = 0

/** Forget the conversation: the next question is asked on its own. */
function startOver(): void {
  history.length = 0
  conversationId++
  conversation.replaceChildren()
  input.focus()
}

function turnFor(question: string): { body: HTMLElement; sources: HTMLElement } {
  const body = el('div', { className: 'answer', textContent: 'Searching the documents…' })
  body.setAttribute('aria-busy', 'true')
  const sources = el('ol', { className: 'sources' })
  sources.setAttribute('aria-label', 'Source passages')
  conversation.append(
    el('li', { className: 'turn' }, el('p', { className: 'question', textContent: question }), el('div', { className: 'exchange' }, body, el('aside', { className: 'sources-panel' }, sources))),
  )
  return { body, sources }
}

function showAnswer(res: AskResponse, body: HTMLElement, sources: HTMLElement, earlier: readonly string[]): void {
  body.removeAttribute('aria-busy')
  body.replaceChildren()
  // Say when earlier questions shaped this answer, so a surprising answer can be traced.
  if (res.followUp && earlier.length) body.append(el('p', { className: 'following-up', textContent: `Following up on: “${earlier[earlier.length - 1]}”` }))
  body.classList.toggle('refusal', res.status === 'not_found')
  body.classList.toggle('uncertain', res.status === 'uncertain')
  body.dataset.status = res.status
  if (res.status === 'not_found') body.append(el('p', { className: 'refusal-title', textContent: 'Not found in these documents' }))
  if (res.status === 'uncertain') body.append(el('p', { className: 'uncertain-title', textContent: 'Possibly answered' }))
  body.append(renderMarkdown(res.answer.markdown))
  const cards = res.sources.map((s) => sourceCard(s, 'Open in document', openSource))
  cards.forEach((card, i) => (card.id = `src-${history.length}-${res.sources[i].n}`))
  sources.replaceChildren(...cards)
  body.querySelectorAll<HTMLAnchorElement>('a.cite').forEach((a) => {
    const source = res.sources.find((s) => s.n === Number(a.dataset.n))
    if (!source) return a.replaceWith(a.textContent ?? '')
    a.href = `?doc=${encodeURIComponent(source.docId)}&start=${source.start}&end=${source.end}`
    a.addEventListener('click', (e) => {
      e.preventDefault()
      openSource(source)
    })
  })
}

async function submit(question: string): Promise<void> {
  const q = question.trim()
  if (!q) return
  input.value = ''
  const { body, sources } = turnFor(q)
  // The history is taken when the question is asked, so a question sent while another is
  // loading still follows on from it.
  const earlier = history.slice(-4)
  history.push(q)
  const generation = conversationId
  try {
    const res = await askQuestion('', q, earlier)
    if (generation === conversationId) showAnswer(res, body, sources, earlier)
  } catch (e) {
    if (generation === conversationId) history.splice(history.lastIndexOf(q), 1)
    body.removeAttribute('aria-busy')
    body.classList.add('error')
    body.textContent = e instanceof ApiError ? e.message : 'Something went wrong; please try again.'
  }
  body.scrollIntoView({ block: 'nearest' })
}

async function openDocument(docId: string, start: number, end: number): Promise<void> {
  lastFocus = document.activeElement as HTMLElement | null
  viewer.hidden = false
  viewerTitle.textContent = 'Loading…'
  viewerText.replaceChildren()
  try {
    const doc = await fetchDocument('', docId)
    viewerTitle.textContent = doc.title
    viewerText.replaceChildren(highlightedText(doc.text, [[start, end]]))
    const mark = viewerText.querySelector('mark')
    mark?.setAttribute('tabindex', '-1')
    mark?.scrollIntoView({ block: 'center' })
    ;(mark ?? viewer.querySelector<HTMLElement>('.close'))?.focus({ preventScroll: true })
  } catch (e) {
    viewerTitle.textContent = e instanceof ApiError ? e.message : 'The document could not be loaded.'
  }
}

const openSource = (s: Source) => void openDocument(s.docId, s.start, s.end)

function closeDocument(): void {
  viewer.hidden = true
  lastFocus?.focus()
}

form.addEventListener('submit', (e) => {
  e.preventDefault()
  void submit(input.value)
})
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey) {
    e.preventDefault()
    void submit(input.value)
  }
})
viewer.querySelector('.close')!.addEventListener('click', closeDocument)
document.querySelector('#new-conversation')!.addEventListener('click', startOver)
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !viewer.hidden) closeDocument()
})

const params = new URLSearchParams(location.search)
const q = params.get('q')
if (q) void submit(q)
const docId = params.get('doc')
if (docId) void openDocument(docId, Number(params.get('start') ?? 0), Number(params.get('end') ?? 0))
