// <script src="https://HOST/widget.js" data-title="…" data-color="#1f5fa8" data-position="bottom-right" defer></script>
// adds a launcher and a chat panel in a Shadow DOM, so neither page's CSS reaches the other.
import { ApiError, askQuestion, type AskResponse } from './api.js'
import { el, renderMarkdown, sourceCard } from './render.js'
import css from './widget.css'

const script = document.currentScript as HTMLScriptElement | null
const base = script ? new URL(script.src).origin : location.origin
const settings = {
  title: script?.dataset.title?.slice(0, 80) || 'Ask the Laming documents',
  color: /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i.test(script?.dataset.color ?? '') ? script!.dataset.color! : '#1f5fa8',
  position: script?.dataset.position === 'bottom-left' ? 'bottom-left' : 'bottom-right',
}

class LamingQaWidget extends HTMLElement {
  private readonly history: string[] = []

  connectedCallback(): void {
    if (this.shadowRoot) return
    const root = this.attachShadow({ mode: 'open' })
    const style = document.createElement('style')
    style.textContent = css.replace('--accent: #1f5fa8', `--accent: ${settings.color}`)
    const panelId = 'laming-qa-panel'
    const launcher = el('button', { className: `launcher ${settings.position}`, type: 'button', textContent: '?' })
    launcher.setAttribute('aria-label', settings.title)
    launcher.setAttribute('aria-controls', panelId)
    launcher.setAttribute('aria-expanded', 'false')
    const messages = el('ol', { className: 'messages' })
    messages.setAttribute('aria-live', 'polite')
    const input = el('input', { type: 'text', maxLength: 500, placeholder: 'Ask a question…' })
    input.setAttribute('aria-label', 'Your question')
    const form = el('form', { className: 'ask' }, input, el('button', { type: 'submit', textContent: 'Ask' }))
    const close = el('button', { type: 'button', className: 'close', textContent: '×' })
    close.setAttribute('aria-label', 'Close')
    const panel = el('section', { className: `panel ${settings.position}`, id: panelId, hidden: true }, el('header', {}, el('h2', { textContent: settings.title }), close), messages, form)
    panel.setAttribute('aria-label', settings.title)
    // Host-page rules on the element itself outrank :host, so reset on an inner root.
    root.append(style, el('div', { className: 'root' }, launcher, panel))

    const toggle = (open: boolean) => {
      panel.hidden = !open
      launcher.setAttribute('aria-expanded', String(open))
      if (open) input.focus()
      else launcher.focus()
    }
    launcher.addEventListener('click', () => toggle(panel.hidden))
    close.addEventListener('click', () => toggle(false))
    panel.addEventListener('keydown', (e) => e.key === 'Escape' && toggle(false))
    form.addEventListener('submit', (e) => {
      e.preventDefault()
      const q = input.value.trim()
      if (!q) return
      input.value = ''
      void this.ask(q, messages)
    })
  }

  private async ask(question: string, messages: HTMLElement): Promise<void> {
    const answer = el('div', { className: 'answer', textContent: 'Searching…' })
    messages.append(el('li', {}, el('p', { className: 'question', textContent: question }), answer))
    try {
      const res = await askQuestion(base, question, this.history.slice(-4))
      this.history.push(question)
      this.show(res, answer)
    } catch (e) {
      answer.className = 'answer error'
      answer.textContent = e instanceof ApiError ? e.message : 'Something went wrong; please try again.'
    }
    answer.scrollIntoView({ block: 'nearest' })
  }

  private show(res: AskResponse, answer: HTMLElement): void {
    answer.replaceChildren(renderMarkdown(res.answer.markdown))
    answer.classList.toggle('refusal', res.status === 'not_found')
    answer.classList.toggle('uncertain', res.status === 'uncertain')
    answer.dataset.status = res.status
    if (res.status !== 'answered') answer.prepend(el('p', { className: 'status-title', textContent: res.status === 'uncertain' ? 'Possibly answered' : 'Not found in these documents' }))
    const quoting = res.status !== 'not_found'
    const shown = quoting ? res.sources.filter((s) => res.answer.sentences.some((x) => x.sources.includes(s.n))) : res.sources.slice(0, 3)
    const open = (s: { docId: string; start: number; end: number }) =>
      window.open(`${base}/?doc=${encodeURIComponent(s.docId)}&start=${s.start}&end=${s.end}`, '_blank', 'noopener')
    const list = el('ol', { className: 'sources' }, ...shown.map((s) => sourceCard(s, 'Open source', open)))
    answer.append(el('p', { className: 'sources-label', textContent: quoting ? 'Sources' : 'Nearest passages' }), list)
    answer.querySelectorAll<HTMLAnchorElement>('a.cite').forEach((a) => {
      const s = res.sources.find((x) => x.n === Number(a.dataset.n))
      if (!s) return a.replaceWith(a.textContent ?? '')
      a.href = `${base}/?doc=${encodeURIComponent(s.docId)}&start=${s.start}&end=${s.end}`
      a.target = '_blank'
      a.rel = 'noopener'
    })
  }
}

if (!customElements.get('laming-qa-widget')) customElements.define('laming-qa-widget', LamingQaWidget)
document.body.append(document.createElement('laming-qa-widget'))
