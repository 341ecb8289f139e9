import { ApiError, askQuestion, fetchDocument, listDocuments, MAX_QUESTION_CHARS, type AskResponse, type Source } from './api.js'
import { AskedQuestions } from './asked-questions.js'
import { keepFocusIn } from './focus-trap.js'
import { citedSpans, el, highlightedText, NEAREST_LABEL, renderMarkdown, sourceCard, type Span } from './render.js'
import { readStored, saveTurns, savedTurns, store, type SavedTurn } from './saved-conversation.js'

const form = document.querySelector<HTMLFormElement>('#ask')!
const input = document.querySelector<HTMLTextAreaElement>('#question')!
input.maxLength = MAX_QUESTION_CHARS
const askButton = form.querySelector<HTMLButtonElement>('button[type=submit]')!
const conversation = document.querySelector<HTMLOListElement>('#conversation')!
const status = document.querySelector<HTMLElement>('#status')!
const viewer = document.querySelector<HTMLElement>('#document-view')!
const viewerTitle = viewer.querySelector<HTMLElement>('.doc-title')!
const viewerText = viewer.querySelector<HTMLElement>('.doc-text')!
const viewerNav = viewer.querySelector<HTMLElement>('.doc-nav')!
const viewerPosition = viewer.querySelector<HTMLElement>('.doc-position')!
const history = new AskedQuestions()
let lastFocus: HTMLElement | null = null
/** Bumped by "New conversation", so answers still in flight for the old one are dropped. */
let conversationId = 0
let pending = 0

const STATUS_WORDS = { answered: 'Answered', uncertain: 'Possibly answered', not_found: 'Not found in these documents' } as const

/** The conversation so far, kept for this tab, so that a reload or Back shows it again. */
const SAVED_KEY = 'laming-qa:conversation'
/** The question asked and not yet answered (it failed, or the page was left), so a reload asks it after the conversation. */
const ASKING_KEY = 'laming-qa:asking'
let saved: SavedTurn[] = []

function save(): void {
  saved = saveTurns(SAVED_KEY, saved)
}

/**
 * Shows the saved conversation again when the question in the address is its last (true: it is
 * not asked again) or the one it was asking (false: it is asked after them). Any other question
 * (a shared link) starts a conversation of its own.
 */
function restore(question: string): boolean {
  const turns = savedTurns(SAVED_KEY)
  const asking = readStored(ASKING_KEY)
  if (!turns.length) return false
  const answered = turns.at(-1)!.question === question
  if (!answered && asking !== question) return false
  try {
    for (const t of turns) {
      const { body, sources } = turnFor(t.question)
      history.add(t.question)
      showAnswer(t.res, body, sources, t.earlier)
    }
    saved = turns
    status.textContent = 'Conversation restored.'
    return answered
  } catch {
    // Not what this page saved: start afresh with the question in the address.
    history.clear()
    conversation.replaceChildren()
    saved = []
    return false
  }
}

/** Forget the conversation: the next question is asked on its own. */
function startOver(): void {
  saved = []
  save()
  store(ASKING_KEY, null)
  history.clear()
  conversationId++
  conversation.replaceChildren()
  window.history.replaceState(null, '', location.pathname)
  status.textContent = 'New conversation.'
  input.focus()
}

function turnFor(question: string): { body: HTMLElement; sources: HTMLElement } {
  const body = el('div', { className: 'answer', textContent: 'Searching the documents…' })
  body.setAttribute('aria-busy', 'true')
  const sources = el('div', { className: 'sources-panel' })
  // Each question is a heading, so a screen reader can move from answer to answer.
  conversation.append(el('li', { className: 'turn' }, el('h2', { className: 'question', textContent: question }), el('div', { className: 'exchange' }, body, sources)))
  return { body, sources }
}

/** The cited sources first; the other passages behind "Show all N passages". */
function sourceList(res: AskResponse, panel: HTMLElement): void {
  const cited = new Set(res.answer.sentences.flatMap((s) => s.sources))
  const list = el('ol', { className: 'sources' })
  list.setAttribute('aria-label', cited.size ? 'Cited passages' : 'Nearest passages')
  const cards = res.sources.map((s) => {
    const card = sourceCard(s, openSource)
    card.id = `src-${conversationId}-${history.count}-${s.n}`
    if (cited.size && !cited.has(s.n)) card.hidden = true
    return card
  })
  list.append(...cards)
  panel.replaceChildren(list)
  // Passages no answer quotes are labelled and muted, so they are not taken for sources of an answer.
  if (!cited.size) {
    list.classList.add('nearest')
    panel.prepend(el('p', { className: 'nearest-label', textContent: NEAREST_LABEL }))
  }
  const hidden = cards.filter((c) => c.hidden)
  if (hidden.length) {
    const more = el('button', { type: 'button', className: 'show-all', textContent: `Show all ${res.sources.length} passages` })
    more.addEventListener('click', () => {
      hidden.forEach((c) => (c.hidden = false))
      // The button goes; focus moves to the first passage it showed, not to the page's start.
      hidden[0].tabIndex = -1
      hidden[0].focus()
      more.remove()
      status.textContent = `Showing all ${res.sources.length} passages.`
    })
    panel.append(more)
  }
}

function showAnswer(res: AskResponse, body: HTMLElement, sources: HTMLElement, earlier: readonly string[]): void {
  body.removeAttribute('aria-busy')
  body.replaceChildren()
  // Say when earlier questions shaped this answer, so a surprising answer can be traced.
  if (res.followUp && earlier.length) body.append(el('p', { className: 'following-up', textContent: `Following up on: “${earlier[earlier.length - 1]}”` }))
  body.classList.toggle('refusal', res.status === 'not_found')
  body.classList.toggle('uncertain', res.status === 'uncertain')
  body.dataset.status = res.status
  if (res.status === 'not_found') body.append(el('p', { className: 'refusal-title', textContent: STATUS_WORDS.not_found }))
  if (res.status === 'uncertain') body.append(el('p', { className: 'uncertain-title', textContent: STATUS_WORDS.uncertain }))
  body.append(renderMarkdown(res.answer.markdown))
  sourceList(res, sources)
  // Each citation follows its sentence, in order: it opens that sentence, with the answer's
  // other quotes from the same document a key press away.
  const spans = citedSpans(res)
  body.querySelectorAll<HTMLAnchorElement>('a.cite').forEach((a, k) => {
    const span = spans[k]
    if (!span) return a.replaceWith(a.textContent ?? '')
    const source = res.sources.find((s) => s.n === span.n)!
    a.href = `?doc=${encodeURIComponent(span.docId)}&start=${span.start}&end=${span.end}`
    a.setAttribute('aria-label', `Source ${span.n}: ${source.title}${span.page ? `, page ${span.page}` : ''}, opens the quoted sentence`)
    a.addEventListener('click', (e) => {
      e.preventDefault()
      void openDocument(span.docId, spans.filter((s) => s.docId === span.docId), span)
    })
  })
  const n = res.answer.sentences.length
  status.textContent = `${STATUS_WORDS[res.status]}. ${n ? `${n} quoted ${n === 1 ? 'sentence' : 'sentences'}.` : ''}`
}

async function submit(question: string): Promise<void> {
  const q = question.trim()
  if (!q) {
    // Spaces alone: cleared, so the browser says the question is missing, as for an empty box.
    input.value = ''
    input.reportValidity()
    return
  }
  if (pending) return
  input.value = ''
  const { body, sources } = turnFor(q)
  const earlier = history.add(q)
  const generation = conversationId
  // The address bar holds the latest question, so the page can be shared or reloaded as it is.
  window.history.replaceState(null, '', `?q=${encodeURIComponent(q)}`)
  pending++
  askButton.disabled = true
  status.textContent = 'Searching the documents…'
  // A new conversation (a shared link, or after "New conversation") replaces the one kept.
  if (history.count === 1) {
    saved = []
    save()
  }
  store(ASKING_KEY, q)
  try {
    const res = await askQuestion('', q, earlier)
    if (generation === conversationId) {
      showAnswer(res, body, sources, earlier)
      saved.push({ question: q, earlier, res })
      save()
      store(ASKING_KEY, null)
    }
  } catch (e) {
    if (generation === conversationId) history.drop(q)
    body.removeAttribute('aria-busy')
    body.classList.add('error')
    body.textContent = e instanceof ApiError ? e.message : 'Something went wrong; please try again.'
    status.textContent = body.textContent
  } finally {
    pending--
    askButton.disabled = false
  }
  // scroll-padding keeps it clear of the fixed question bar.
  body.closest('.turn')?.scrollIntoView({ block: 'nearest' })
}

let spans: Span[] = []
let current = 0

function showSpan(k: number): void {
  const marks = viewerText.querySelectorAll<HTMLElement>('mark')
  if (!marks.length) return
  current = (k + marks.length) % marks.length
  marks.forEach((m, i) => m.classList.toggle('current', i === current))
  viewerPosition.textContent = marks.length > 1 ? `Quote ${current + 1} of ${marks.length}` : ''
  marks[current].scrollIntoView({ block: 'center' })
  marks[current].focus({ preventScroll: true })
}

/** Opens a document at its cited spans; a link with positions that make no sense shows the document unmarked. */
async function openDocument(docId: string, docSpans: Span[], active?: Span): Promise<void> {
  if (viewer.hidden) lastFocus = document.activeElement as HTMLElement | null
  viewer.hidden = false
  viewerTitle.textContent = 'Loading…'
  viewerText.replaceChildren()
  viewerNav.hidden = true
  try {
    const doc = await fetchDocument('', docId)
    viewerTitle.textContent = doc.title
    // In document order, as the marks are drawn, so quote k is mark k.
    spans = docSpans
      .filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.end > s.start && s.end <= doc.text.length)
      .sort((a, b) => a.start - b.start)
    viewerText.replaceChildren(highlightedText(doc.text, spans.map((s) => [s.start, s.end] as [number, number]), document, doc.pageStarts))
    viewerText.querySelectorAll('mark').forEach((m) => m.setAttribute('tabindex', '-1'))
    if (docSpans.length && !spans.length) viewerText.prepend(el('p', { className: 'doc-note', textContent: 'This link points to a place the document does not have, so the whole document is shown.' }))
    viewerNav.hidden = spans.length < 2
    if (spans.length) showSpan(Math.max(0, spans.findIndex((s) => s.start === active?.start && s.end === active?.end)))
    else viewer.querySelector<HTMLElement>('.close')!.focus()
  } catch (e) {
    viewerTitle.textContent =
      e instanceof ApiError && e.status === 404 ? 'This link points to a document that is not in the collection.' : 'The document could not be loaded; please try again.'
    viewer.querySelector<HTMLElement>('.close')!.focus()
  }
}

const openSource = (s: Source) => {
  const quoted = s.highlights.map(([a, b]) => ({ n: s.n, docId: s.docId, start: s.start + a, end: s.start + b }))
  void openDocument(s.docId, quoted.length ? quoted : [{ n: s.n, docId: s.docId, start: s.start, end: s.end }])
}

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
    // As the Ask button does: an empty box is checked by the browser, which says so.
    form.requestSubmit()
  }
})
viewer.querySelector('.close')!.addEventListener('click', closeDocument)
viewer.querySelector('.prev')!.addEventListener('click', () => showSpan(current - 1))
viewer.querySelector('.next')!.addEventListener('click', () => showSpan(current + 1))
document.querySelector('#new-conversation')!.addEventListener('click', startOver)
viewer.addEventListener('keydown', (e) => {
  // A modal dialog: Tab stays inside it; n and p move between the quoted spans.
  if (e.key === 'Tab') {
    keepFocusIn(viewer, [...viewer.querySelectorAll<HTMLElement>('button:not([hidden] *):not([disabled]), [tabindex="0"]')].filter((x) => x.offsetParent !== null), e)
  } else if ((e.key === 'n' || e.key === 'p') && !e.ctrlKey && !e.metaKey && !e.altKey) {
    showSpan(current + (e.key === 'n' ? 1 : -1))
  }
})
document.addEventListener('keydown', (e) => {
  if (e.key === 'Escape' && !viewer.hidden) closeDocument()
})

/** Most titles the header names; a larger corpus is summed up as "and N more". */
const TITLES_SHOWN = 5

/** The header names the documents served, so a page over one's own documents does not describe the seeds. */
async function describeCorpus(): Promise<void> {
  const docs = await listDocuments('').catch(() => null)
  if (!docs?.length) return
  const about = document.querySelector<HTMLElement>('#about')!
  const shown = docs.slice(0, TITLES_SHOWN)
  const more = docs.length - shown.length
  about.replaceChildren(
    `Ask about ${docs.length === 1 ? 'this document' : `these ${docs.length} documents`}: `,
    ...shown.flatMap((d, i) => [...(i ? ['; '] : []), el('cite', { textContent: d.title }), ` (${d.kind})`]),
    more > 0 ? `; and ${more} more.` : '.',
  )
}
void describeCorpus()

const params = new URLSearchParams(location.search)
const q = params.get('q')
if (q && !restore(q)) void submit(q)
const docId = params.get('doc')
if (docId) void openDocument(docId, [{ n: 0, docId, start: Number(params.get('start')), end: Number(params.get('end')) }])
