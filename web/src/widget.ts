// <script src="https://HOST/widget.js" data-title="…" data-example="…" data-color="#1f5fa8" data-position="bottom-right" defer></script>
// adds a launcher and a chat panel in a Shadow DOM, so neither page's CSS reaches the other.
import { ApiError, askQuestion, MAX_QUESTION_CHARS, type AskResponse, type Source } from './api.js'
import { AskedQuestions } from './asked-questions.js'
import { keepFocusIn } from './focus-trap.js'
import { citedSpans, el, NEAREST_LABEL, renderMarkdown, sourceCard } from './render.js'
import { readStored, saveTurns, savedTurns, store, type SavedTurn } from './saved-conversation.js'
import css from './widget.css'

const script = document.currentScript as HTMLScriptElement | null
const base = script ? new URL(script.src).origin : location.origin
const settings = {
  title: script?.dataset.title?.slice(0, 80) || 'Ask the documents',
  /** A question to suggest; none by default, since the widget does not know which documents its server holds. */
  example: script?.dataset.example?.slice(0, MAX_QUESTION_CHARS) || null,
  color: /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(script?.dataset.color ?? '') ? script!.dataset.color! : '#1f5fa8',
  position: script?.dataset.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
}
/** A second tag on the page adds no widget: the first one's stands. */
const duplicate = document.querySelector('laming-qa-widget') !== null
// The console says what the page's author would otherwise have to guess.
if (duplicate) console.warn('laming-qa widget: this page includes widget.js more than once; the first tag\'s widget and settings are used.')
else {
  // A setting the widget cannot use falls back to its default.
  if (script?.dataset.color && settings.color !== script.dataset.color) console.warn(`laming-qa widget: data-color="${script.dataset.color}" is not a colour it takes (#rgb, #rrggbb or a colour name); using ${settings.color}.`)
  if (script?.dataset.position && settings.position !== script.dataset.position) console.warn(`laming-qa widget: data-position="${script.dataset.position}" is not bottom-right or bottom-left; using ${settings.position}.`)
}

/** Where the panel covers the whole screen; widget.css's phone layout is written for this query. */
const FULL_SCREEN_QUERY = '(max-width: 480px)'
const FULL_SCREEN = matchMedia(FULL_SCREEN_QUERY)

/**
 * The conversation and whether the panel is open, kept for this tab on the host site, so that it
 * follows the reader from one intranet page to the next; one per assistant the site embeds.
 */
const SAVED_KEY = `laming-qa-widget:${base}`
const OPEN_KEY = `laming-qa-widget:${base}:open`

class LamingQaWidget extends HTMLElement {
  private readonly history = new AskedQuestions()
  private saved: SavedTurn[] = []
  /** Bumped by "New conversation", so an answer still in flight for the old one is dropped. */
  private conversation = 0

  connectedCallback(): void {
    if (this.shadowRoot) return
    // Host-page rules aimed at this element (`body > * { position: relative !important;
    // z-index: 1 !important }`) would sink the launcher under the page's fixed bars. Inline
    // !important declarations outrank any stylesheet's.
    for (const [k, v] of Object.entries({ position: 'fixed', 'z-index': '2147483647', transform: 'none', filter: 'none', top: '0', left: '0', width: '0', height: '0', display: 'block' })) {
      this.style.setProperty(k, v, 'important')
    }
    const root = this.attachShadow({ mode: 'open' })
    // A constructed sheet, not a <style>: a host page whose CSP allows styles only from itself
    // ("style-src 'self'") blocks a <style> the widget adds, and governs no constructed sheet.
    // Browsers before constructed sheets (Safari < 16.4) get the <style>.
    const styles = css.replace('--accent: #1f5fa8', `--accent: ${settings.color}`).replace('@media (full-screen)', `@media ${FULL_SCREEN_QUERY}`)
    if ('adoptedStyleSheets' in ShadowRoot.prototype) {
      const sheet = new CSSStyleSheet()
      sheet.replaceSync(styles)
      root.adoptedStyleSheets = [sheet]
    } else root.append(el('style', { textContent: styles }))
    const panelId = 'laming-qa-panel'
    const launcher = el('button', { className: `launcher ${settings.position}`, type: 'button', textContent: '?' })
    launcher.setAttribute('aria-label', settings.title)
    launcher.setAttribute('aria-controls', panelId)
    launcher.setAttribute('aria-expanded', 'false')
    const messages = el('ol', { className: 'messages' }, el('li', { className: 'intro', textContent: `Answers are quoted from the documents, with their sources.${settings.example ? ` Try: “${settings.example}”` : ''}` }))
    messages.setAttribute('aria-live', 'polite')
    const input = el('input', { type: 'text', maxLength: MAX_QUESTION_CHARS, placeholder: 'Ask a question…' })
    input.setAttribute('aria-label', 'Your question')
    const form = el('form', { className: 'ask' }, input, el('button', { type: 'submit', textContent: 'Ask' }))
    const close = el('button', { type: 'button', className: 'close', textContent: '×' })
    close.setAttribute('aria-label', 'Close')
    // The conversation follows the reader across the site's pages, so it can be started afresh.
    const restart = el('button', { type: 'button', className: 'restart', textContent: 'New', title: 'New conversation' })
    restart.setAttribute('aria-label', 'New conversation')
    const panel = el('section', { className: `panel ${settings.position}`, id: panelId, hidden: true }, el('header', {}, el('h2', { textContent: settings.title }), el('span', { className: 'actions' }, restart, close)), messages, form)
    panel.setAttribute('aria-label', settings.title)
    // Host-page rules on the element itself outrank :host, so reset on an inner root.
    root.append(el('div', { className: 'root' }, launcher, panel))

    const toggle = (open: boolean, focus = true) => {
      panel.hidden = !open
      launcher.setAttribute('aria-expanded', String(open))
      store(OPEN_KEY, open ? '1' : null)
      if (!focus) return
      if (open) input.focus()
      else launcher.focus()
    }
    launcher.addEventListener('click', () => toggle(panel.hidden))
    close.addEventListener('click', () => toggle(false))
    restart.addEventListener('click', () => {
      // Said in the live list, so a screen reader hears that the conversation was cleared.
      this.clear(messages, el('li', { className: 'intro', textContent: 'New conversation.' }))
      input.focus()
    })
    panel.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') toggle(false)
      else if (e.key === 'Tab' && FULL_SCREEN.matches) keepFocusIn(panel, focusableIn(panel), e)
    })
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const q = input.value.trim()
      if (!q) return
      input.value = ''
      void this.ask(q, messages)
    })
    this.restore(messages)
    // Open again on the next page if it was open when the reader left, focus left where the page
    // puts it; not on a phone, where the panel would cover the page the reader just opened.
    if (readStored(OPEN_KEY) && !FULL_SCREEN.matches) toggle(true, false)
  }

  /** The conversation kept from the site's previous page; one that cannot be shown (another version's answers) is dropped. */
  private restore(messages: HTMLElement): void {
    try {
      for (const t of savedTurns(SAVED_KEY)) {
        const answer = el('div', { className: 'answer' })
        messages.append(el('li', {}, el('p', { className: 'question', textContent: t.question }), answer))
        this.showTurn(t, answer)
        this.history.add(t.question)
        this.saved.push(t)
      }
    } catch {
      this.clear(messages)
    }
  }

  /** No conversation: the intro (and any notes) alone shown, nothing kept, and an answer in flight dropped. */
  private clear(messages: HTMLElement, ...notes: HTMLElement[]): void {
    messages.replaceChildren(messages.firstElementChild!, ...notes)
    this.conversation++
    this.history.clear()
    this.saved = saveTurns(SAVED_KEY, [])
  }

  private async ask(question: string, messages: HTMLElement): Promise<void> {
    const answer = el('div', { className: 'answer', textContent: 'Searching…' })
    messages.append(el('li', {}, el('p', { className: 'question', textContent: question }), answer))
    const earlier = this.history.add(question)
    const conversation = this.conversation
    try {
      const turn = { question, earlier, res: await askQuestion(base, question, earlier) }
      if (conversation !== this.conversation) return
      this.showTurn(turn, answer)
      this.saved = saveTurns(SAVED_KEY, [...this.saved, turn])
    } catch (e) {
      if (conversation !== this.conversation) return
      this.history.drop(question)
      answer.className = 'answer error'
      answer.textContent = e instanceof ApiError ? e.message : 'Something went wrong; please try again.'
    }
    answer.scrollIntoView({ block: 'nearest' })
  }

  private showTurn({ res, earlier }: SavedTurn, answer: HTMLElement): void {
    this.show(res, answer)
    if (res.followUp && earlier.length) answer.prepend(el('p', { className: 'following-up', textContent: `Following up on: “${earlier[earlier.length - 1]}”` }))
  }

  private show(res: AskResponse, answer: HTMLElement): void {
    answer.replaceChildren(renderMarkdown(res.answer.markdown))
    answer.classList.toggle('refusal', res.status === 'not_found')
    answer.classList.toggle('uncertain', res.status === 'uncertain')
    answer.dataset.status = res.status
    if (res.status !== 'answered') answer.prepend(el('p', { className: 'status-title', textContent: res.status === 'uncertain' ? 'Possibly answered' : 'Not found in these documents' }))
    const quoting = res.status !== 'not_found'
    const shown = quoting ? res.sources.filter((s) => res.answer.sentences.some((x) => x.sources.includes(s.n))) : res.sources.slice(0, 3)
    // Opens the page's document view at the passage's first quoted sentence (or the passage).
    const open = (s: Source) => {
      const [a, b] = s.highlights[0] ?? [0, s.end - s.start]
      window.open(`${base}/?doc=${encodeURIComponent(s.docId)}&start=${s.start + a}&end=${s.start + b}`, '_blank', 'noopener')
    }
    const list = el('ol', { className: 'sources' }, ...shown.map((s) => sourceCard(s, open)))
    answer.append(el('p', { className: 'sources-label', textContent: quoting ? 'Sources' : NEAREST_LABEL }), list)
    const spans = citedSpans(res)
    answer.querySelectorAll<HTMLAnchorElement>('a.cite').forEach((a, k) => {
      const s = spans[k]
      if (!s) return a.replaceWith(a.textContent ?? '')
      a.href = `${base}/?doc=${encodeURIComponent(s.docId)}&start=${s.start}&end=${s.end}`
      a.target = '_blank'
      a.rel = 'noopener'
    })
  }
}

/** What Tab moves between in the panel: on a phone it covers the whole screen, so Tab stays inside it, as in a dialog. */
const focusableIn = (panel: HTMLElement) => [...panel.querySelectorAll<HTMLElement>('button, input, a[href]')].filter((x) => !x.hidden && x.getClientRects().length > 0)

if (!customElements.get('laming-qa-widget')) customElements.define('laming-qa-widget', LamingQaWidget)
// On the root element, not <body>: a transform or filter on <body> would make "fixed" mean fixed
// to the page's bottom, not the screen's.
if (!duplicate) document.documentElement.append(document.createElement('laming-qa-widget'))
