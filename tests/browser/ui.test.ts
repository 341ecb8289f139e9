import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import AxeBuilder from '@axe-core/playwright'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ingest } from '../../ingest/pipeline.js'
import { LEXICAL_INDEX, ROOT, SEEDS } from '../setup/paths.js'
import { launchBrowser, startAppServer, startHostPage, type Running } from '../setup/servers.js'
import { reportPdf } from '../setup/pdf-fixtures.js'

const SHOTS = join(ROOT, 'tests/artifacts')
let browser: Browser
let app: Running
let host: { port: number; stop(): Promise<void> }

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchBrowser()
  host = await startHostPage(() => `${app.url}/widget.js`)
  app = await startAppServer(LEXICAL_INDEX, [`http://127.0.0.1:${host.port}`])
})

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  await host?.stop()
})

async function newPage(width = 1280, height = 900): Promise<Page> {
  // A context of its own, as axe needs, closed with its page.
  const context = await browser.newContext({ viewport: { width, height } })
  const page = await context.newPage()
  // Not awaited by anyone: when the file's last test closes its page, the browser may close
  // first, and the context's close then rejects with nothing left to close.
  page.on('close', () => void context.close().catch(() => {}))
  page.on('dialog', (d) => {
    throw new Error(`a dialog opened: ${d.message()}`)
  })
  return page
}

async function askOnPage(page: Page, question: string): Promise<void> {
  await page.fill('#question', question)
  await page.press('#question', 'Enter')
  await page.waitForSelector('.turn:last-child .answer:not([aria-busy])')
}

describe('the chat page', () => {
  it('names the documents it serves in its header', async () => {
    const page = await newPage()
    await page.goto(app.url)
    const about = page.locator('#about')
    await about.locator('cite').first().waitFor()
    expect(await about.textContent()).toMatch(/^Ask about these 5 documents: .*The Protection of Children in England: A Progress Report \(report\)/)
    await page.close()
  })

  it('answers with citations beside highlighted source passages', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    const turn = page.locator('.turn').last()
    expect(await turn.locator('.answer a.cite').count()).toBeGreaterThan(0)
    const marks = await turn.locator('.sources mark').allTextContents()
    expect(marks.length).toBeGreaterThan(0)
    const answerText = await turn.locator('.answer').textContent()
    for (const m of marks) expect(answerText).toContain(m)
    await page.screenshot({ path: join(SHOTS, 'chat-answer.png'), fullPage: true })
    await page.close()
  })

  it('opens the cited document at the cited span when a citation is clicked', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/?q=${encodeURIComponent('How many children were the subject of child protection plans?')}`)
    await page.waitForSelector('.answer:not([aria-busy]) a.cite')
    const api = (await (await fetch(`${app.url}/ask?q=${encodeURIComponent('How many children were the subject of child protection plans?')}`)).json()) as { answer: { sentences: { text: string }[] } }
    const cite = page.locator('.answer a.cite').first()
    await cite.click()
    // The quoted sentence is marked, not its whole passage.
    const mark = page.locator('#document-view .doc-text mark.current')
    await mark.waitFor()
    expect(await mark.textContent()).toBe(api.answer.sentences[0].text)
    expect(await mark.isVisible()).toBe(true)
    const box = (await mark.boundingBox())!
    expect(box.y).toBeGreaterThanOrEqual(0)
    expect(box.y).toBeLessThan(900)
    await page.screenshot({ path: join(SHOTS, 'document-view.png') })
    await page.keyboard.press('Escape')
    expect(await page.locator('#document-view').isHidden()).toBe(true)
    await page.close()
  })

  it('shows a refusal differently, with the nearest passages', async () => {
    const page = await newPage(390)
    await page.goto(app.url)
    await askOnPage(page, 'What is the capital of France?')
    const answer = page.locator('.turn').last().locator('.answer')
    expect(await answer.getAttribute('class')).toContain('refusal')
    expect(await answer.textContent()).toMatch(/Not found in these documents/)
    expect(await page.locator('.turn').last().locator('.source').count()).toBeGreaterThan(0)
    // Labelled and muted, so they are not taken for an answer's sources.
    expect(await page.locator('.turn').last().locator('.nearest-label').textContent()).toBe('Nearest passages (no answer quotes them)')
    expect(await page.locator('.turn').last().locator('.sources.nearest .source').first().evaluate((c) => getComputedStyle(c).borderStyle)).toBe('dashed')
    await page.screenshot({ path: join(SHOTS, 'refusal-phone.png'), fullPage: true })
    await page.close()
  })

  it('shows each graded status distinctly, as the API grades it', async () => {
    const page = await newPage()
    await page.goto(app.url)
    const candidates = ['What did Laming say about court fees?', 'What is the capital of France?', 'Did Laming think Every Child Matters was the wrong framework?', 'What did Laming say about ICS, the Integrated Children\'s System?', 'Which six areas did Laming\'s team visit?']
    const seen = new Set<string>()
    for (const question of candidates) {
      const api = (await (await fetch(`${app.url}/ask?q=${encodeURIComponent(question)}`)).json()) as { status: string }
      await askOnPage(page, question)
      const answer = page.locator('.turn').last().locator('.answer')
      expect(await answer.getAttribute('data-status'), question).toBe(api.status)
      const text = (await answer.textContent()) ?? ''
      if (api.status === 'uncertain') expect(text).toMatch(/Possibly answered[\s\S]*may answer your question, but I am not sure/)
      if (api.status === 'not_found') expect(text).toMatch(/Not found in these documents/)
      if (api.status === 'answered') expect(text).not.toMatch(/Possibly answered|Not found/)
      seen.add(api.status)
    }
    expect([...seen].sort()).toEqual(['answered', 'not_found', 'uncertain'])
    await page.screenshot({ path: join(SHOTS, 'statuses.png'), fullPage: true })
    await page.close()
  })

  it('says when an answer follows on from the question before, and starts over on request', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about health visitors?')
    await askOnPage(page, 'And what about their training?')
    expect(await page.locator('.turn').last().locator('.following-up').textContent()).toBe('Following up on: “What did Laming say about health visitors?”')
    expect(new URL(page.url()).searchParams.get('q')).toBe('And what about their training?')
    await page.click('#new-conversation')
    expect(await page.locator('.turn').count()).toBe(0)
    expect(new URL(page.url()).search).toBe('')
    await askOnPage(page, 'And what about their training?')
    expect(await page.locator('.turn').last().locator('.following-up').count()).toBe(0)
    await page.close()
  })

  it('opens each citation at its own sentence, whatever order the answer quotes a document in', async () => {
    const page = await newPage()
    for (const question of ['What should police child protection teams do?', 'What did Laming say about court fees?', 'What did Laming say about health visitors?']) {
      const api = (await (await fetch(`${app.url}/ask?q=${encodeURIComponent(question)}`)).json()) as { answer: { sentences: { text: string }[] } }
      await page.goto(`${app.url}/?q=${encodeURIComponent(question)}`)
      await page.waitForSelector('.answer:not([aria-busy])')
      const cites = page.locator('.answer a.cite')
      for (let k = 0; k < (await cites.count()); k++) {
        await cites.nth(k).click()
        const mark = page.locator('#document-view mark.current')
        await mark.waitFor()
        expect(await mark.textContent(), `${question} [${k}]`).toBe(api.answer.sentences[k].text)
        await page.keyboard.press('Escape')
      }
    }
    await page.close()
  })

  it('keeps each new answer in view above the question bar', async () => {
    const page = await newPage(1280, 800)
    await page.goto(app.url)
    for (const q of ['What did Laming say about court fees?', 'What did Laming say about health visitors?', 'What should the police do?']) {
      await askOnPage(page, q)
      const answer = (await page.locator('.turn').last().locator('.answer').boundingBox())!
      const bar = (await page.locator('form#ask').boundingBox())!
      expect(answer.y, q).toBeGreaterThanOrEqual(0)
      expect(answer.y + 40, q).toBeLessThan(bar.y)
    }
    await page.close()
  })

  it('shows the cited passages first, and the rest on request', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    const turn = page.locator('.turn').last()
    const cited = await turn.locator('.source:visible').count()
    const all = await turn.locator('.source').count()
    expect(cited).toBeLessThan(all)
    await turn.getByRole('button', { name: `Show all ${all} passages` }).click()
    expect(await turn.locator('.source:visible').count()).toBe(all)
    // Focus goes to the first passage shown, not back to the top of the page.
    expect(await page.evaluate(() => document.activeElement?.classList.contains('source') && !!document.activeElement.closest('.turn'))).toBe(true)
    expect(await turn.locator('.source').nth(cited).evaluate((c) => c === document.activeElement)).toBe(true)
    expect(await page.locator('#status').textContent()).toBe(`Showing all ${all} passages.`)
    const labels = await turn.locator('.open-source').evaluateAll((bs) => bs.map((b) => b.getAttribute('aria-label')))
    expect(new Set(labels).size).toBe(labels.length)
    await page.close()
  })

  it('keeps Tab inside the document view and moves between quotes with n and p', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    await page.locator('.answer a.cite').first().click()
    await page.locator('#document-view mark.current').waitFor()
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press(i % 2 ? 'Shift+Tab' : 'Tab')
      expect(await page.evaluate(() => document.querySelector('#document-view')!.contains(document.activeElement))).toBe(true)
    }
    const marks = await page.locator('#document-view mark').count()
    if (marks > 1) {
      const first = await page.locator('#document-view mark.current').textContent()
      // The first cite may be any of the document's quotes (answers open with their best sentence).
      const at = Number(/Quote (\d+) of/.exec((await page.locator('.doc-position').textContent()) ?? '')![1])
      await page.locator('#document-view mark.current').focus()
      await page.keyboard.press('n')
      expect(await page.locator('#document-view mark.current').textContent()).not.toBe(first)
      expect(await page.locator('.doc-position').textContent()).toMatch(new RegExp(`Quote ${(at % marks) + 1} of ${marks}`))
    }
    await page.screenshot({ path: join(SHOTS, 'document-quotes.png') })
    await page.close()
  })

  it('speaks to a policy officer, not a developer, about bad links', async () => {
    const page = await newPage()
    await page.goto(`${app.url}/?doc=nope&start=1&end=5`)
    await page.locator('#document-view .doc-title').filter({ hasText: /not in the collection/ }).waitFor()
    const docs = (await (await fetch(`${app.url}/documents`)).json()) as { id: string }[]
    await page.goto(`${app.url}/?doc=${docs[0].id}&start=abc&end=-5`)
    await page.locator('#document-view .doc-note').waitFor()
    expect(await page.locator('#document-view mark').count()).toBe(0)
    expect(await page.locator('#document-view').textContent()).not.toMatch(/GET \/documents/)
    await page.close()
  })

  it('shows no passages for a question none of whose words are in the documents, and says what to try', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'Zyxwv qwerty?')
    const turn = page.locator('.turn').last()
    expect(await turn.locator('.source').count()).toBe(0)
    expect(await turn.locator('.answer').textContent()).toMatch(/Try other words/)
    expect(await turn.locator('.answer').textContent()).not.toMatch(/below/)
    await page.close()
  })

  it('disables Ask while a question is in flight, and announces answers in a status region', async () => {
    const page = await newPage()
    await page.goto(app.url)
    let release: () => void = () => {}
    const held = new Promise<void>((r) => (release = r))
    await page.route('**/ask', async (route) => {
      await held
      await route.continue()
    })
    await page.fill('#question', 'What did Laming say about court fees?')
    await page.press('#question', 'Enter')
    await page.waitForFunction(() => document.querySelector<HTMLButtonElement>('form#ask button[type=submit]')!.disabled)
    release()
    await page.waitForSelector('.turn:last-child .answer:not([aria-busy])')
    expect(await page.locator('form#ask button[type=submit]').isDisabled()).toBe(false)
    expect(await page.locator('#conversation').getAttribute('aria-live')).toBeNull()
    expect(await page.locator('#status').textContent()).toMatch(/Answered/)
    await page.close()
  })

  it('says a question is missing when Enter or Ask is pressed on an empty box or on spaces, and asks nothing', async () => {
    const page = await newPage()
    await page.goto(app.url)
    let asked = 0
    await page.route('**/ask', (route) => {
      asked++
      return route.continue()
    })
    // The browser's "fill out this field" is an invalid event on the box: it is what says so.
    await page.evaluate(() => {
      const box = document.querySelector<HTMLTextAreaElement>('#question')!
      box.dataset.invalid = '0'
      box.addEventListener('invalid', () => (box.dataset.invalid = String(Number(box.dataset.invalid) + 1)))
    })
    await page.press('#question', 'Enter')
    await page.fill('#question', '   ')
    await page.press('#question', 'Enter')
    await page.fill('#question', '   ')
    await page.click('form#ask button[type=submit]')
    expect(await page.locator('#question').getAttribute('data-invalid')).toBe('3')
    expect(asked).toBe(0)
    expect(await page.locator('#conversation > *').count()).toBe(0)
    await page.close()
  })

  it('has a question box whose border stands out (3:1) and a placeholder that fits on a phone', async () => {
    const page = await newPage(390)
    await page.goto(app.url)
    const { ratio, fits } = await page.evaluate(() => {
      const box = document.querySelector<HTMLTextAreaElement>('#question')!
      const lum = (c: string) => {
        const [r, g, b] = (c.match(/\d+/g) ?? []).slice(0, 3).map((x) => Number(x) / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
      }
      const border = lum(getComputedStyle(box).borderTopColor)
      const ctx = document.createElement('canvas').getContext('2d')!
      ctx.font = getComputedStyle(box).font
      const style = getComputedStyle(box)
      const room = box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight)
      return { ratio: (1 + 0.05) / (border + 0.05), fits: ctx.measureText(box.placeholder).width <= room }
    })
    expect(ratio).toBeGreaterThanOrEqual(3)
    expect(fits).toBe(true)
    await page.close()
  })

  it('has no serious or critical accessibility violations (axe), on the page and in the document view', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    // label-content-name-mismatch is experimental in axe, so off unless asked for: voice control needs it.
    const serious = async () =>
      (await new AxeBuilder({ page }).options({ rules: { 'label-content-name-mismatch': { enabled: true } } }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.length}`)
    expect(await serious()).toEqual([])
    await page.locator('.answer a.cite').first().click()
    await page.locator('#document-view mark.current').waitFor()
    expect(await serious()).toEqual([])
    await page.close()
  })

  it('wraps a long web address in a quote on a phone, and opens it in a new tab as written', async () => {
    const page = await newPage(390, 844)
    await page.goto(app.url)
    await askOnPage(page, 'Where can I find the report online?')
    const link = page.locator('.turn .answer a[href^="http"]').first()
    expect(await link.getAttribute('href')).toBe('http://publications.everychildmatters.gov.uk/default.aspx?PageFunction=productdetails&PageMode=publications&ProductId=HC+330')
    expect(await link.getAttribute('target')).toBe('_blank')
    expect(await link.getAttribute('rel')).toBe('noopener noreferrer')
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390)
    await page.close()
  })

  it('gives each question a heading and keeps the conversation through a reload, without asking again', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    await askOnPage(page, 'and health visitors?')
    expect(await page.getByRole('heading', { level: 2, name: 'and health visitors?' }).count()).toBe(1)
    const before = await page.locator('#conversation').innerText()
    let asked = 0
    page.on('request', (r) => void (new URL(r.url()).pathname === '/ask' && asked++))
    await page.reload()
    await page.locator('.turn').nth(1).locator('.answer a.cite').first().waitFor()
    expect(await page.locator('#conversation').innerText()).toBe(before)
    expect(asked).toBe(0)
    expect(await page.locator('#status').textContent()).toBe('Conversation restored.')
    // A new conversation forgets them.
    await page.getByRole('button', { name: 'New conversation' }).click()
    await askOnPage(page, 'What is an LSCB?')
    await page.reload()
    await page.locator('.turn .answer a.cite').first().waitFor()
    expect(await page.locator('.turn .question').allTextContents()).toEqual(['What is an LSCB?'])
    await page.close()
  })

  it('after a question that failed, a reload shows the conversation and asks that question after it', async () => {
    const page = await newPage()
    await page.goto(app.url)
    await askOnPage(page, 'What did Laming say about court fees?')
    await page.route('**/ask', (route) => route.abort())
    await page.fill('#question', 'and health visitors?')
    await page.press('#question', 'Enter')
    await page.locator('.turn .answer.error').waitFor()
    await page.unroute('**/ask')
    const sent: string[][] = []
    page.on('request', (r) => void (new URL(r.url()).pathname === '/ask' && sent.push((JSON.parse(r.postData() ?? '{}') as { history?: string[] }).history ?? [])))
    await page.reload()
    await page.locator('.turn').nth(1).locator('.answer:not([aria-busy])').waitFor()
    expect(await page.locator('.turn .question').allTextContents()).toEqual(['What did Laming say about court fees?', 'and health visitors?'])
    expect(sent).toEqual([['What did Laming say about court fees?']])
    // A shared link opened in the same tab is a conversation of its own, asked alone.
    await page.goto(`${app.url}/?q=${encodeURIComponent('What is an LSCB?')}`)
    await page.locator('.turn .answer:not([aria-busy])').first().waitFor()
    expect(await page.locator('.turn .question').allTextContents()).toEqual(['What is an LSCB?'])
    expect(sent.at(-1)).toEqual([])
    await page.close()
  })

  it('lets the question box scroll with the page in a short window (400% zoom)', async () => {
    const page = await newPage(320, 256)
    await page.goto(app.url)
    expect(await page.locator('form#ask').evaluate((f) => getComputedStyle(f).position)).toBe('static')
    await page.close()
  })

  it('is labelled for screen readers and usable by keyboard', async () => {
    const page = await newPage()
    await page.goto(app.url)
    expect(await page.getByLabel('Your question').count()).toBe(1)
    await page.keyboard.press('Tab')
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('question')
    await page.close()
  })
})

describe('safe rendering', () => {
  let probeApp: Running
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'laming-xss-'))
    const src = join(work, 'src')
    cpSync(SEEDS, src, { recursive: true })
    writeFileSync(join(src, 'probe.txt'), 'Probe notes\n\nThe court fees probe note says <img src=x onerror="window.__xss=1;alert(1)"> and <script>window.__xss=2</script> must stay plain text.\n')
    writeFileSync(
      join(src, 'probe-page.html'),
      '<p>The court fees probe page has an image <img src=x onerror="window.__xss=3;alert(3)"> inside it.</p><script>window.__xss=4</script><p>Second paragraph of the probe page.</p><p>Third.</p>',
    )
    await ingest({ source: src, out: join(work, 'index'), model: 'x', lexicalOnly: true })
    probeApp = await startAppServer(join(work, 'index'))
  })
  afterAll(async () => probeApp?.stop())

  it('never runs markup from the documents, in answers, sources or the document view', async () => {
    const page = await newPage()
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    await page.goto(probeApp.url)
    await askOnPage(page, 'What does the court fees probe note say?')
    const text = await page.locator('.turn').last().textContent()
    expect(text).toContain('<img src=x onerror="window.__xss=1;alert(1)">')
    for (const a of await page.locator('.answer a.cite').all()) {
      await a.click()
      await page.locator('#document-view .doc-text mark').waitFor()
      // The document view is a dialog over the answer: closed before the next citation, as a reader would.
      await page.keyboard.press('Escape')
      await page.locator('#document-view').waitFor({ state: 'hidden' })
    }
    await page.waitForTimeout(300)
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined()
    expect(await page.locator('main img, #document-view img').count()).toBe(0)
    expect(await page.locator('main script').count()).toBe(0)
    expect(errors).toEqual([])
    await page.close()
  })
})

describe('a PDF in the collection', () => {
  let pdfApp: Running
  let pdfHost: { port: number; stop(): Promise<void> }
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'laming-pdf-'))
    mkdirSync(join(work, 'src'))
    writeFileSync(join(work, 'src', 'review.pdf'), await reportPdf())
    await ingest({ source: join(work, 'src'), out: join(work, 'index'), model: 'x', lexicalOnly: true })
    pdfHost = await startHostPage(() => `${pdfApp.url}/widget.js`, {})
    pdfApp = await startAppServer(join(work, 'index'), [`http://127.0.0.1:${pdfHost.port}`])
  })
  afterAll(async () => {
    await pdfApp?.stop()
    await pdfHost?.stop()
  })

  it('the page describes this collection, not the seeds', async () => {
    const [doc] = (await (await fetch(`${pdfApp.url}/documents`)).json()) as { title: string; kind: string }[]
    const page = await newPage()
    await page.goto(pdfApp.url)
    const about = page.locator('#about')
    await about.locator('cite').waitFor()
    expect(await about.textContent()).toBe(`Ask about this document: ${doc.title} (${doc.kind}).`)
    expect(await page.locator('header.site').textContent()).not.toMatch(/Laming's 2009 report/)
    await page.close()
  })

  it('the widget\'s citations and sources say the page', async () => {
    const page = await newPage()
    await page.goto(`http://127.0.0.1:${pdfHost.port}/`)
    await page.locator('laming-qa-widget .launcher').click()
    // This host page gives no data-example: the widget suggests no question of its own.
    expect(await page.locator('laming-qa-widget .intro').textContent()).toBe('Answers are quoted from the documents, with their sources.')
    await page.locator('laming-qa-widget input').fill('How much are the court fees for each application?')
    await page.locator('laming-qa-widget input').press('Enter')
    const answer = page.locator('laming-qa-widget .answer').last()
    await answer.locator('a.cite').first().waitFor()
    expect(await answer.locator('a.cite').allTextContents()).toContainEqual(expect.stringMatching(/^\[\d, p\. 3\]$/))
    expect(await answer.locator('.source-section').allTextContents()).toContain('Recommendations · p. 3')
    await page.close()
  })

  it('citations and sources say the page; the document view shows the page breaks', async () => {
    const page = await newPage()
    await page.goto(pdfApp.url)
    await askOnPage(page, 'How much are the court fees for each application?')
    const turn = page.locator('.turn').last()
    const cite = turn.locator('.answer a.cite', { hasText: 'p. 3' }).first()
    expect(await cite.textContent()).toMatch(/^\[\d, p\. 3\]$/)
    expect(await cite.getAttribute('aria-label')).toMatch(/, page 3, opens the quoted sentence$/)
    expect(await turn.locator('.source:not([hidden]) .source-section').allTextContents()).toContain('Recommendations · p. 3')
    await cite.click()
    await page.locator('#document-view .doc-text mark.current').waitFor()
    expect(await page.locator('#document-view .page-break').allTextContents()).toEqual(['p. 1', 'p. 2', 'p. 3', 'p. 4'])
    expect(await page.locator('#document-view mark.current').textContent()).toBe('Court fees of £19.15 for each application should be reviewed within six months.')
    // The quote sits after page 3's break and before page 4's.
    const order = await page.evaluate(() => {
      const marks = [...document.querySelectorAll('#document-view .page-break, #document-view mark.current')]
      return marks.map((m) => m.textContent?.slice(0, 5))
    })
    expect(order).toEqual(['p. 1', 'p. 2', 'p. 3', 'Court', 'p. 4'])
    await page.screenshot({ path: join(SHOTS, 'pdf-page-breaks.png') })
    await page.close()
  })
})

describe('the widget', () => {
  it('works on a page from an allowed origin, isolated from its CSS', async () => {
    const page = await newPage()
    await page.goto(`http://127.0.0.1:${host.port}/`)
    const launcher = page.locator('laming-qa-widget .launcher')
    await launcher.waitFor()
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(122, 31, 168)')
    await launcher.click()
    expect(await page.locator('laming-qa-widget .intro').textContent()).toMatch(/Try: “What did Laming say about court fees\?”/)
    await page.locator('laming-qa-widget input').fill('What did Laming say about police child protection teams?')
    await page.locator('laming-qa-widget input').press('Enter')
    const answer = page.locator('laming-qa-widget .answer').last()
    await answer.locator('a.cite').first().waitFor()
    expect(await answer.locator('.source mark').count()).toBeGreaterThan(0)
    expect(await answer.locator('a.cite').first().getAttribute('href')).toMatch(new RegExp(`^${app.url}/\\?doc=`))
    const api = (await (await fetch(`${app.url}/ask?q=${encodeURIComponent('What did Laming say about police child protection teams?')}`)).json()) as { status: string }
    expect(await answer.getAttribute('data-status')).toBe(api.status)
    await page.locator('laming-qa-widget input').fill('What is the capital of France?')
    await page.locator('laming-qa-widget input').press('Enter')
    const refused = page.locator('laming-qa-widget .answer[data-status="not_found"]')
    await refused.waitFor()
    expect(await refused.locator('.status-title').textContent()).toBe('Not found in these documents')
    expect(await page.locator('laming-qa-widget .question').first().evaluate((q) => getComputedStyle(q).color)).not.toBe('rgb(0, 128, 0)')
    expect(await page.locator('.host-button').evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(255, 0, 0)')
    expect(await page.locator('.probe').evaluate((p) => getComputedStyle(p).fontSize)).toBe('18px')
    await page.screenshot({ path: join(SHOTS, 'widget-allowed.png') })
    const axe = await new AxeBuilder({ page }).include('laming-qa-widget').analyze()
    expect(axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id)).toEqual([])
    await page.close()
  })

  it('stays on top of the host page\'s fixed and sticky bars, on desktop and on a phone', async () => {
    for (const width of [1280, 390]) {
      const page = await newPage(width)
      await page.goto(`http://127.0.0.1:${host.port}/`)
      const launcher = page.locator('laming-qa-widget .launcher')
      await launcher.waitFor()
      // A click lands on the launcher, not the cookie bar over its corner (Playwright checks what is on top).
      await launcher.click()
      const close = page.locator('laming-qa-widget .close')
      await close.waitFor()
      const onTop = await close.evaluate((b) => {
        const r = b.getBoundingClientRect()
        return document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)?.tagName
      })
      expect(onTop, `${width}px`).toBe('LAMING-QA-WIDGET')
      await page.locator('laming-qa-widget input').fill('court fees')
      expect(await page.locator('laming-qa-widget input').isVisible()).toBe(true)
      await page.screenshot({ path: join(SHOTS, `widget-hostile-${width}.png`) })
      await close.click()
      await page.close()
    }
  })

  it('is styled and answers on a page whose Content-Security-Policy allows styles only from the page itself', async () => {
    const page = await newPage()
    const violations: string[] = []
    page.on('console', (m) => /Content Security Policy/i.test(m.text()) && violations.push(m.text()))
    await page.goto(`http://127.0.0.1:${host.port}/csp`)
    const launcher = page.locator('laming-qa-widget .launcher')
    await launcher.waitFor()
    expect(await launcher.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(122, 31, 168)')
    await launcher.click()
    expect(await page.locator('laming-qa-widget .panel').evaluate((p) => getComputedStyle(p).position)).toBe('fixed')
    await page.locator('laming-qa-widget input').fill('What did Laming say about court fees?')
    await page.locator('laming-qa-widget input').press('Enter')
    await page.locator('laming-qa-widget .answer a.cite').first().waitFor()
    expect(violations).toEqual([])
    await page.close()
  })

  it('is refused on a page from an origin that is not allowed, and says why', async () => {
    const page = await newPage()
    await page.goto(`http://localhost:${host.port}/`)
    await page.locator('laming-qa-widget .launcher').click()
    await page.locator('laming-qa-widget input').fill('court fees')
    await page.locator('laming-qa-widget input').press('Enter')
    const error = page.locator('laming-qa-widget .answer.error')
    await error.waitFor()
    expect(await error.textContent()).toMatch(new RegExp(`does not answer pages from http://localhost:${host.port}.*ALLOWED_ORIGINS`))
    await page.screenshot({ path: join(SHOTS, 'widget-refused.png') })
    await page.close()
  })

  it('stays on the screen when the host page transforms its <body>, and is added once when its script tag is there twice', async () => {
    const page = await newPage(1280, 800)
    const warnings: string[] = []
    page.on('console', (m) => m.type() === 'warning' && warnings.push(m.text()))
    await page.goto(`http://127.0.0.1:${host.port}/transformed`)
    const launcher = page.locator('laming-qa-widget .launcher')
    await launcher.waitFor()
    expect(await page.locator('laming-qa-widget').count()).toBe(1)
    const box = (await launcher.boundingBox())!
    expect(box.y + box.height).toBeLessThanOrEqual(800)
    // The second tag adds nothing, and the console says so.
    expect(warnings).toEqual([expect.stringMatching(/includes widget.js more than once; the first tag's widget and settings are used/)])
    await page.close()
  })

  it('keeps the conversation from one page of the host site to the next, as a follow-up, until "New conversation"', async () => {
    const page = await newPage()
    const sent: { question: string; history: string[] }[] = []
    page.on('request', (r) => r.url() === `${app.url}/ask` && r.method() === 'POST' && sent.push(JSON.parse(r.postData()!)))
    await page.goto(`http://127.0.0.1:${host.port}/policies`)
    await page.locator('laming-qa-widget .launcher').click()
    await page.locator('laming-qa-widget input').fill('What did Laming say about court fees?')
    await page.locator('laming-qa-widget input').press('Enter')
    await page.locator('laming-qa-widget .answer a.cite').first().waitFor()
    const first = await page.locator('laming-qa-widget .answer').first().innerHTML()
    // Another page of the intranet: the panel is open again with the answer as it was.
    await page.goto(`http://127.0.0.1:${host.port}/contacts`)
    const restored = page.locator('laming-qa-widget .answer').first()
    await restored.waitFor()
    expect(await page.locator('laming-qa-widget .panel').isVisible()).toBe(true)
    expect(await page.locator('laming-qa-widget .question').first().textContent()).toBe('What did Laming say about court fees?')
    expect(await restored.innerHTML()).toBe(first)
    await page.locator('laming-qa-widget input').fill('and for the police?')
    await page.locator('laming-qa-widget input').press('Enter')
    await page.locator('laming-qa-widget .answer').nth(1).locator('.sources-label').waitFor()
    expect(sent.at(-1)).toEqual({ question: 'and for the police?', history: ['What did Laming say about court fees?'] })
    await page.locator('laming-qa-widget .restart').click()
    expect(await page.locator('laming-qa-widget .question').count()).toBe(0)
    expect(await page.locator('laming-qa-widget .messages li').last().textContent()).toBe('New conversation.')
    await page.reload()
    await page.locator('laming-qa-widget .launcher').waitFor()
    expect(await page.locator('laming-qa-widget .question').count()).toBe(0)
    // What another version saved, which this one cannot show, is dropped, and the widget still answers.
    for (const kept of ['[{"question":"q","earlier":[],"res":{"answer":{"sentences":[{"text":"a"}]},"sources":[{"n":1}]}}]', '{not json']) {
      await page.evaluate(([key, value]) => sessionStorage.setItem(key, value), [`laming-qa-widget:${app.url}`, kept])
      await page.reload()
      await page.locator('laming-qa-widget .launcher').waitFor()
      expect(await page.locator('laming-qa-widget .question').count()).toBe(0)
      await page.locator('laming-qa-widget input').fill('court fees')
      await page.locator('laming-qa-widget input').press('Enter')
      await page.locator('laming-qa-widget .answer .sources-label').waitFor()
      await page.locator('laming-qa-widget .restart').click()
    }
    await page.close()
  })

  it('keeps keyboard focus inside the panel while it covers a phone\'s screen', async () => {
    const page = await newPage(375, 700)
    await page.goto(`http://127.0.0.1:${host.port}/`)
    await page.locator('laming-qa-widget .launcher').click()
    await page.locator('laming-qa-widget input').waitFor()
    // Inside the panel, not just the widget: the launcher under the panel is in the widget too.
    const inPanel = () => page.evaluate(() => !!document.querySelector('laming-qa-widget')?.shadowRoot?.activeElement?.closest('.panel'))
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab')
      expect(await inPanel(), `Tab ${i + 1}`).toBe(true)
    }
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Shift+Tab')
      expect(await inPanel(), `Shift+Tab ${i + 1}`).toBe(true)
    }
    // On the next page of the site the panel stays closed: open, it would cover the page with focus under it.
    await page.goto(`http://127.0.0.1:${host.port}/next`)
    await page.locator('laming-qa-widget .launcher').waitFor()
    expect(await page.locator('laming-qa-widget .panel').isVisible()).toBe(false)
    await page.close()
  })

  it('tells a person to wait when the server is busy (429), and stops waiting for a server that does not answer', async () => {
    const page = await newPage()
    await page.clock.install()
    let stall = false
    await page.route(`${app.url}/ask`, async (route) => {
      if (stall) return // never answered
      await route.fulfill({ status: 429, headers: { 'retry-after': '40', 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' }, contentType: 'application/json', body: JSON.stringify({ error: 'Too many requests: each client may make 5 API requests a minute. An API key (ask the administrator) gives yours its own.' }) })
    })
    await page.goto(`http://127.0.0.1:${host.port}/`)
    await page.locator('laming-qa-widget .launcher').click()
    await page.locator('laming-qa-widget input').fill('court fees')
    await page.locator('laming-qa-widget input').press('Enter')
    const busy = page.locator('laming-qa-widget .answer.error').last()
    await busy.waitFor()
    expect(await busy.textContent()).toBe('Too many questions have come from this network in the last minute. Please try again in 40 seconds.')
    stall = true
    await page.locator('laming-qa-widget input').fill('court fees again')
    await page.locator('laming-qa-widget input').press('Enter')
    await page.locator('laming-qa-widget .answer').nth(1).waitFor()
    expect(await page.locator('laming-qa-widget .answer').nth(1).textContent()).toBe('Searching…')
    await page.clock.runFor(31_000)
    const late = page.locator('laming-qa-widget .answer.error').nth(1)
    await late.waitFor()
    expect(await late.textContent()).toMatch(/did not answer within 30 seconds/)
    await page.close()
  })
})

describe('the API reference at /docs', () => {
  /** What the strict CSP refuses (as the page's own events report it, and the console) and every request that leaves the server. */
  async function watch(page: Page) {
    const logged: string[] = []
    const elsewhere: string[] = []
    // Kept in the page and read back, rather than a binding, which can race the page closing.
    await page.addInitScript(() => {
      const seen: string[] = ((window as unknown as { cspViolations: string[] }).cspViolations = [])
      document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`))
    })
    page.on('console', (m) => {
      if (/Content.Security.Policy/i.test(m.text())) logged.push(m.text())
    })
    page.on('request', (r) => {
      if (!r.url().startsWith(app.url) && !r.url().startsWith('data:')) elsewhere.push(r.url())
    })
    const violations = async () => [...(await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations)), ...logged]
    return { violations, elsewhere }
  }

  it('is linked from the page footer, above the question bar', async () => {
    for (const width of [1280, 375]) {
      const page = await newPage(width, 800)
      await page.goto(app.url)
      const link = page.locator('footer a[href="/docs"]')
      await link.scrollIntoViewIfNeeded()
      await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight))
      const box = (await link.boundingBox())!
      // Not under the fixed question bar: the link itself is what is at its centre.
      expect(await page.evaluate(([x, y]) => document.elementFromPoint(x, y)?.closest('a')?.getAttribute('href'), [box.x + box.width / 2, box.y + box.height / 2]), `width ${width}`).toBe('/docs')
      await link.click()
      await page.waitForURL(`${app.url}/docs`)
      await page.context().close()
    }
  })

  it('renders the /ask operation from /openapi.json under the strict CSP, with nothing from elsewhere, tries it, and passes axe', async () => {
    const page = await newPage()
    const { violations, elsewhere } = await watch(page)
    const res = await page.goto(`${app.url}/docs`)
    expect(res!.headers()['content-security-policy']).toMatch(/script-src 'self'; style-src 'self'/)
    const post = page.locator('.opblock-post:has(.opblock-summary-path[data-path="/ask"])')
    await post.waitFor()
    expect(await page.locator('.opblock-get .opblock-summary-path[data-path="/ask"]').count()).toBe(1)
    expect(await page.locator('.opblock-summary-path[data-path="/documents/{id}"]').count()).toBe(1)
    await post.locator('.opblock-summary').click()
    // Every documented status of POST /ask is listed.
    const statuses = await post.locator('tr.response[data-code]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')))
    expect(statuses).toEqual(['200', '400', '401', '403', '405', '413', '415', '429', '500'])
    // Try it out, with the documented example body.
    const tryIt = post.locator('button.try-out__btn')
    if ((await tryIt.textContent())?.match(/Try it out/)) await tryIt.click()
    await post.locator('button.execute').click()
    const live = post.locator('.live-responses-table tr.response .response-col_status').first()
    await live.waitFor()
    expect((await live.textContent())?.trim()).toBe('200')
    expect(await post.locator('.live-responses-table tr.response .response-col_description').first().textContent()).toMatch(/"status": "answered"[\s\S]*court fees/)
    await page.screenshot({ path: join(SHOTS, 'docs.png'), fullPage: false })
    // With the operation open and answered: no serious or critical accessibility violations.
    const serious = (await new AxeBuilder({ page }).analyze()).violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([])
    expect(await violations()).toEqual([])
    expect(elsewhere).toEqual([])
    // The watch does catch a violation when there is one: an inline style, which the CSP refuses.
    await page.evaluate(() => document.head.append(Object.assign(document.createElement('style'), { textContent: 'body { color: red }' })))
    await expect.poll(async () => (await violations()).join()).toMatch(/style-src/)
    await page.context().close()
  })
})
