import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { cleanDocument, type CleanedDocument } from '../../ingest/cleaning/clean.js'
import { buildPassages } from '../../ingest/passages/passages.js'
import { PAGE_BREAK, pdfToText, type PdfText } from '../../ingest/formats/pdf-to-text.js'
import { ingest } from '../../ingest/pipeline.js'
import type { AskResponse } from '../../src/answer/ask.js'
import { compactIndex, expandCompactIndex } from '../../src/index/compact-index.js'
import type { PassageRecord } from '../../src/index/corpus.js'
import { buildSearchIndex } from '../../src/index/search-index.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { testApp } from '../setup/app.js'
import { ROOT } from '../setup/paths.js'
import { policyDocx } from '../setup/docx-fixtures.js'
import { reportPdf } from '../setup/pdf-fixtures.js'

const FIXTURES = join(ROOT, 'tests/ingest/fixtures')
const fixture = (name: string) => readFileSync(join(FIXTURES, name), 'utf8')

// Every passage and sentence is its span of the cleaned text, and its original span starts and
// ends with the same letters and holds all of them in order (markup, furniture, page breaks and
// a broken word's hyphen aside; ASCII only, as a repaired "é" was a "?" in the original).
/** The original characters a phrase of the cleaned text maps back to. */
function originalOf(src: string, doc: CleanedDocument, phrase: string): string {
  const at = doc.text.text.indexOf(phrase)
  return src.slice(...doc.text.originalSpan(at, at + phrase.length))
}
const letters = (s: string) => s.replace(/<[^>]*>/g, ' ').replace(/[^A-Za-z0-9]/g, '').toLowerCase()
function expectOffsetsMap(doc: CleanedDocument, original: string, passages: PassageRecord[]) {
  expect(passages.length).toBeGreaterThan(0)
  for (const p of passages) {
    expect(doc.text.text.slice(p.start, p.end)).toBe(p.text)
    for (const span of [p, ...p.sentences]) {
      const cleaned = letters(span.text)
      const inOriginal = letters(original.slice(span.origStart, span.origEnd))
      expect(inOriginal.slice(0, 6), span.text).toBe(cleaned.slice(0, 6))
      expect(inOriginal.slice(-6), span.text).toBe(cleaned.slice(-6))
      let i = 0
      for (const c of inOriginal) if (c === cleaned[i]) i++
      expect(i, span.text).toBe(cleaned.length)
    }
  }
}

describe('HTML: a gov.uk-style page', () => {
  const src = fixture('gov-page.html')
  const doc = cleanDocument(src, new Set(), 'html')
  const passages = buildPassages('gov', doc)

  it('takes its title from the page, not the skip link or the site name', () => {
    expect(doc.title).toBe('Child protection review: progress report')
  })
  it('keeps the lead paragraph, the "Published" line and the first <h2> as a section', () => {
    expect(doc.text.text).toContain('The review sets out how local services protect children & families.')
    expect(doc.text.text).toContain('Published 12 March 2009')
    expect(passages.find((p) => p.text.includes('safeguarding boards'))!.section).toBe('Findings of the review')
    expect(passages.at(-1)!.section).toBe('Next steps')
  })
  it('drops the skip link, navigation, cookie banner and footer', () => {
    expect(doc.text.text).not.toMatch(/Skip to main content|essential cookies|Accept additional|Home|Crown copyright|Privacy|Cookies/)
    expect(passages.every((p) => p.section !== 'Privacy')).toBe(true)
  })
  it('keeps inline markup out of the text and list items as a list', () => {
    expect(doc.text.text).not.toMatch(/<\/?[a-z]/)
    expect(doc.text.text).toContain('The review found that safeguarding boards were not given the resources they needed')
    expect(passages.find((p) => p.text.includes('More training'))!.unit).toBe('list')
  })
  it('maps every passage and sentence back to the HTML file', () => {
    expectOffsetsMap(doc, src, passages)
    const s = passages.flatMap((p) => p.sentences).find((x) => x.text.startsWith('The review found'))!
    expect(src.slice(s.origStart, s.origEnd)).toMatch(/^The review found that <strong>safeguarding boards<\/strong> were not given the\nresources/)
    const amp = doc.text.text.indexOf('&')
    expect(src.slice(...doc.text.originalSpan(amp, amp + 1))).toBe('&amp;')
  })
})

describe('HTML: preformatted text', () => {
  it('reads a <pre> block whole, with its line breaks, as code', () => {
    const src = '<html><head><title>Desk</title></head><body><main><h1>Desk</h1><p>Restart the phone queue from the desk terminal when it stops answering calls.</p><pre>queue restart --desk duty.\n  queue status --desk duty.</pre><p>Then tell the team leader that the queue is back.</p></main></body></html>'
    const d = cleanDocument(src, new Set(), 'html')
    const ps = buildPassages('desk', d)
    const p = ps.find((x) => x.code)!
    expect(p.code!.map((k) => p.sentences[k].text)).toEqual(['queue restart --desk duty.\n  queue status --desk duty.'])
    expectOffsetsMap(d, src, ps)
  })
})

describe('HTML: a simpler page', () => {
  const doc = cleanDocument(fixture('simple-page.html'), new Set(), 'html')
  it('takes the <h1>, not "Home | News" from its nav or tab title', () => expect(doc.title).toBe('New duty desk hours from April'))
  it('keeps both paragraphs and drops the menu and footer', () => {
    expect(doc.text.text).toContain('Calls outside these hours go to the emergency duty team')
    expect(doc.text.text).not.toMatch(/Home|News|Cookies|Crown/)
  })
})

describe('HTML: a fragment, with no <html> or <body>', () => {
  it('keeps every paragraph, and drops scripts and images', () => {
    const src = '<p>The duty desk <img src=x alt="logo"> opens at 8am.</p><script>track()</script><p>It closes at 8pm on weekdays.</p>'
    const doc = cleanDocument(src, new Set(), 'html')
    expect(doc.text.text).toBe('The duty desk opens at 8am.\n\nIt closes at 8pm on weekdays.')
    expect(originalOf(src, doc, 'It closes')).toBe('It closes')
  })
})

describe('Markdown', () => {
  const src = fixture('team-notes.md')
  const doc = cleanDocument(src, new Set(), 'markdown')
  const passages = buildPassages('notes', doc)

  it('takes the # heading as the title and the first ## heading as a section', () => {
    expect(doc.title).toBe('Team notes on the Laming review')
    expect(passages[0].section).toBe('Background')
    expect(passages[0].text.startsWith('The Laming review was published in March 2009')).toBe(true)
  })
  it('removes emphasis, link and code markup; keeps the link text', () => {
    expect(doc.text.text).not.toMatch(/\*|\]\(|https?:|`|#/)
    expect(doc.text.text).toContain('after the death of Baby P in Haringey')
    expect(doc.text.text).toContain('and the Social Work Task Force will set out a national standard.')
    expect(doc.text.text).toContain('as caseload-report.xlsx.')
  })
  it('reads list items as a list, and ### headings as sections', () => {
    const list = passages.find((p) => p.text.includes('protected caseload'))!
    expect(list.unit).toBe('list')
    expect(list.section).toBe('What the review asks of us')
    expect(passages.at(-1)!.section).toBe('Questions for the team')
  })
  it('maps every passage and sentence back into the Markdown file', () => {
    expectOffsetsMap(doc, src, passages)
    const s = passages[0].sentences[0]
    expect(src.slice(s.origStart, s.origEnd)).toMatch(/^The \*\*Laming review\*\* was published/)
  })
  it('reads an entity as its character, mapped to the whole entity', () => {
    const src = 'A note on health &amp; safety at the duty desk, for every member of the team to read.\n'
    const d = cleanDocument(src, new Set(), 'markdown')
    expect(d.text.text).toBe('A note on health & safety at the duty desk, for every member of the team to read.')
    expect(originalOf(src, d, '&')).toBe('&amp;')
  })
  it('reads a title from front matter, which stays out of the text', () => {
    const fm = '---\ntitle: "Duty desk rota"\nowner: ops\n---\n\nThe rota for the duty desk changes every Monday, and the team leader signs it off on Friday.\n'
    const d = cleanDocument(fm, new Set(), 'markdown')
    expect(d.title).toBe('Duty desk rota')
    expect(d.text.text).toBe('The rota for the duty desk changes every Monday, and the team leader signs it off on Friday.')
  })
})

describe('Markdown: list items and quotes over several lines', () => {
  const src = fixture('wrapped-items.md')
  const doc = cleanDocument(src, new Set(), 'markdown')
  const passages = buildPassages('handbook', doc)
  const sentences = passages.flatMap((p) => p.sentences.map((s) => s.text))

  it('reads an item or quote that goes on over lines as its own words, markup left out', () => {
    expect(sentences).toContain('Check the overnight log before anything else, and call the on-call manager if any referral was left without a named worker.')
    expect(sentences).toContain('Read the handover note from the evening shift, which lists every child seen after six and the status of each visit.')
    expect(sentences).toContain('If cover runs short or the phone queue passes ten, the team leader joins the desk.')
    expect(sentences).toContain('The 999 call comes before any note is written.')
  })
  it('leaves out the label of a GitHub alert ("> [!NOTE]")', () => {
    expect(doc.text.text).not.toMatch(/\[!NOTE\]|>/)
    expect(sentences).toContain('Calls about a child in immediate danger go to the police first.')
  })
  it('reads an item whose next line is indented further, and an alert using a link defined elsewhere in the file', () => {
    const src = '- If \`cover\` runs short or\n      the queue passes \`ten\` calls, call the leader.\n- Sign in.\n\n> [!TIP]\n> See [the rota][r] for cover.\n\n[r]: https://example.org/rota\n'
    const d = cleanDocument(src, new Set(), 'markdown')
    const ps = buildPassages('desk', d)
    expect(ps.flatMap((p) => p.sentences.map((s) => s.text))).toEqual(['If cover runs short or the queue passes ten calls, call the leader.', 'Sign in.', 'See the rota for cover.'])
    expectOffsetsMap(d, src, ps)
  })
  it('ends a code block before the list after it, even when its last line ends in a colon', () => {
    const src = 'Set it up.\n\n```yaml\nserver:\n  port: 8080\nlogging:\n```\n\n- The port is 8080 when none is set.\n- Logging is off.\n'
    const ps = buildPassages('setup', cleanDocument(src, new Set(), 'markdown'))
    const list = ps.find((p) => p.unit === 'list')!
    expect(list.sentences.map((s) => s.text)).toEqual(['The port is 8080 when none is set.', 'Logging is off.'])
    expect(list.code).toBeUndefined()
  })
  it('keeps the cells of an HTML table apart', () => {
    const d = cleanDocument('<table><tr><td>Friendly <a href="/api">API</a></td><td>With it, any text is read in a few lines of code.</td></tr></table>\n', new Set(), 'markdown')
    expect(d.text.text).toBe('Friendly API With it, any text is read in a few lines of code.')
  })
  it('keeps a code block whole, its lines and indentation too, as one sentence marked as code', () => {
    const p = passages.find((x) => x.text.includes('queue restart'))!
    const code = p.sentences.findIndex((x) => x.text.startsWith('queue restart'))
    expect(p.sentences[code].text).toBe('queue restart --desk duty.\n  queue status --desk duty. # the queue answers "ready" when the desk is back')
    expect(p.code).toEqual([code])
    expect(passages.filter((x) => x.code).map((x) => x.id)).toEqual([p.id])
  })
  it('keeps a heading written in camel case as it is', () => {
    expect(passages.map((p) => p.section)).toEqual(expect.arrayContaining(['resetRota(week, [options])', 'allowCallsAfterSeven', 'ReadableStreamDefaultReader']))
  })
  it('maps every passage and sentence back into the Markdown file', () => {
    expectOffsetsMap(doc, src, passages)
    const quote = passages.flatMap((p) => p.sentences).find((s) => s.text.startsWith('If cover'))!
    expect(src.slice(quote.origStart, quote.origEnd)).toBe('If `cover` runs short or the phone\n> queue passes ten, the team leader joins the desk.')
  })
})

describe('PDF', () => {
  let pdf: PdfText
  let doc: CleanedDocument
  let passages: PassageRecord[]
  beforeAll(async () => {
    pdf = await pdfToText(await reportPdf())
    doc = cleanDocument(pdf.text, new Set(['Climbié']), 'pdf', pdf)
    passages = buildPassages('report', doc)
  })

  it('the original is the pages\' text, one line per printed line, pages separated by a form feed', () => {
    expect(pdf.pageCount).toBe(4)
    expect(pdf.text.split(`\n${PAGE_BREAK}\n`)).toHaveLength(4)
    expect(pdf.text).toContain('The review found that frontline profes-\nsionals carried')
  })
  it('takes the title from the metadata, else from the largest line of the first page', async () => {
    expect(doc.title).toBe('Safeguarding in Practice: an independent review')
    const bare = await pdfToText(await reportPdf({ metadataTitle: false }))
    expect(cleanDocument(bare.text, new Set(), 'pdf', bare).title).toBe('Safeguarding in Practice')
  })
  it('reads larger lines as headings, and sections follow them', () => {
    expect(passages[0].section).toBeNull()
    expect(passages.find((p) => p.text.includes('frontline professionals'))!.section).toBe('Findings of the review')
    expect(passages.find((p) => p.text.includes('Court fees'))!.section).toBe('Recommendations')
    expect(passages.at(-1)!.section).toBe('Next steps, and how the Board will follow them up')
  })
  it('joins a heading over two lines only where the second carries on the first', () => {
    const src = 'Part One\nIntroduction\nThe review began in November 2008 and reported to the Secretary of State in March 2009.'
    const d = cleanDocument(src, new Set(), 'pdf', { headingLines: [0, 1], smallLines: [], title: null, titleLine: null })
    expect(d.blocks.filter((b) => b.unit === 'heading').map((b) => b.section)).toEqual(['Part One', 'Introduction'])
  })
  it('drops running heads and page numbers', () => {
    expect(doc.text.text).not.toMatch(/SAFEGUARDING IN PRACTICE|^\d$/m)
  })
  it('drops running feet that carry the chapter and the printed page number', () => {
    expect(pdf.text).toContain('Chapter 2: Recommendations 3')
    expect(doc.text.text).not.toMatch(/Chapter \d:/)
  })
  it('drops a footnote in small print and its marker; a line at body size opening with a number, and a name ending in a digit, stay', () => {
    expect(doc.text.text).not.toContain('Paper forms were used in 9')
    expect(doc.text.text).toContain('Most areas still relied on paper forms and on the eform2 system.')
    expect(doc.text.text).toContain('2 Areas had no spare capacity at all, the inspectors said.')
  })
  it('puts a space where a line is drawn out of order (flush right first)', () => {
    expect(doc.text.text).toContain('Annex A Minutes of the Board are published monthly.')
  })
  it('joins a word hyphenated across a line break, but keeps a compound\'s hyphen', () => {
    expect(doc.text.text).toContain('frontline professionals carried caseloads')
    expect(doc.text.text).toContain('Staff said a child-centred service needs time')
  })
  it('joins a sentence across a page break, and its passage spans both pages', () => {
    const p = passages.find((x) => x.text.includes('the local authorities told the review'))!
    expect(p.pages).toEqual([2, 3])
    const s = p.sentences.find((x) => x.text.includes('the local authorities'))!
    expect(pdf.text.slice(s.origStart, s.origEnd)).toContain(`\n2\n${PAGE_BREAK}\nSAFEGUARDING IN PRACTICE\nauthorities`)
  })
  it('repairs lost characters as in the seeds', () => {
    expect(doc.text.text).toContain('Court fees of £19.15 for each application')
    expect(doc.text.text).toContain('the Climbié inquiry was still cited')
  })
  it('keeps each passage\'s pages and where each page starts', () => {
    expect(doc.pageStarts).toHaveLength(4)
    expect(passages[0].pages).toEqual([1, 1])
    expect(passages.find((p) => p.text.includes('Court fees'))!.pages).toEqual([3, 3])
    expect(passages.at(-1)!.pages).toEqual([4, 4])
    expect(doc.text.text.slice(doc.pageStarts![3])).toMatch(/^Next steps, and how the Board will follow them up\n\nThe Board will report/)
  })
  it('maps every passage and sentence back to the pages\' text', () => expectOffsetsMap(doc, pdf.text, passages))
})

describe('a Word document (.docx), end to end', () => {
  let out: string
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'laming-docx-'))
    const dir = join(work, 'src')
    out = join(work, 'index')
    mkdirSync(dir)
    writeFileSync(join(dir, 'lone-working.docx'), await policyDocx())
    await ingest({ source: dir, out, model: 'x', lexicalOnly: true, log: () => {} })
  })

  it('is indexed with its title, its headings as sections and its list items as sentences', () => {
    const { corpus } = readIndexFiles(out)!
    expect(corpus.documents.map((d) => [d.file, d.title])).toEqual([['lone-working.docx', 'Lone working policy']])
    expect(corpus.passages.find((p) => p.text.includes('tell the duty desk'))!.section).toBe('Home visits')
    const list = corpus.passages.find((p) => p.text.includes('Leave the address'))!
    expect(list.section).toBe('Home visits')
    expect(list.sentences.map((s) => s.text)).toEqual(['Carry a charged mobile phone.', 'Leave the address with a colleague.'])
  })

  it('answers from it with a citation that opens the document at the quote', async () => {
    const app = testApp({ index: buildSearchIndex(readIndexFiles(out)!) })
    const res = (await (await app.request('/ask?q=' + encodeURIComponent('When must a social worker on a home visit phone in?'))).json()) as AskResponse
    const quote = res.answer.sentences.find((s) => s.text.includes('phone in within two hours'))!
    expect(quote).toBeDefined()
    const source = res.sources.find((s) => s.n === quote.sources[0])!
    const doc = (await (await app.request(`/documents/${source.docId}`)).json()) as { text: string }
    expect(doc.text.slice(source.start, source.end)).toBe(source.text)
  })
})

describe('a corpus of all formats, end to end', () => {
  let out: string
  let dir: string
  const lines: string[] = []
  beforeAll(async () => {
    const work = mkdtempSync(join(tmpdir(), 'laming-formats-'))
    dir = join(work, 'src')
    out = join(work, 'index')
    mkdirSync(dir)
    for (const f of ['gov-page.html', 'team-notes.md', 'wrapped-items.md']) writeFileSync(join(dir, 'src-' + f), fixture(f))
    writeFileSync(join(dir, 'src-report.pdf'), await reportPdf())
    await ingest({ source: dir, out, model: 'x', lexicalOnly: true, log: (l) => lines.push(l) })
  })

  it('indexes each file with its title, and the PDF with pages', () => {
    const { corpus } = readIndexFiles(out)!
    expect(corpus.documents.map((d) => [d.file, d.title])).toEqual([
      ['src-gov-page.html', 'Child protection review: progress report'],
      ['src-report.pdf', 'Safeguarding in Practice: an independent review'],
      ['src-team-notes.md', 'Team notes on the Laming review'],
      ['src-wrapped-items.md', 'Duty desk handbook'],
    ])
    expect(corpus.documents.find((d) => d.file.endsWith('.pdf'))!.pageStarts).toHaveLength(4)
    expect(corpus.passages.filter((p) => p.pages).every((p) => p.docId === 'src-report')).toBe(true)
  })

  it('searches a code block with its passage, and quotes it only after the sentence that introduces it', async () => {
    const app = testApp({ index: buildSearchIndex(readIndexFiles(out)!) })
    const res = (await (await app.request('/ask?q=' + encodeURIComponent('How do I restart the queue status on the desk?'))).json()) as AskResponse
    expect(res.sources[0].text).toContain('queue restart --desk duty.')
    const quoted = res.answer.sentences.map((s) => s.text)
    const intro = quoted.indexOf('Restart the phone queue from the desk terminal:')
    expect(intro).toBeGreaterThanOrEqual(0)
    expect(quoted[intro + 1]).toMatch(/^queue restart --desk duty\.\n/)
    expect(quoted.filter((t) => t.includes('--desk'))).toHaveLength(1)
  })
  it('cites the PDF\'s page in the /ask answer and its sources', async () => {
    const app = testApp({ index: buildSearchIndex(readIndexFiles(out)!) })
    const res = (await (await app.request('/ask?q=' + encodeURIComponent('How much are the court fees for each application?'))).json()) as AskResponse
    const sentence = res.answer.sentences.find((s) => s.text.includes('£19.15'))!
    expect(sentence.page).toBe(3)
    expect(res.answer.markdown).toMatch(/£19\.15 for each application should be reviewed within six months\. \[\d, p\. 3\]/)
    const source = res.sources.find((s) => s.n === sentence.sources[0])!
    expect(source.pages).toEqual([3, 3])
    expect(source.pageLabel).toBe('p. 3')
    const html = res.sources.find((s) => s.docId === 'src-gov-page')
    if (html) expect(html.pageLabel).toBeUndefined()
  })

  it('serves where each page starts with the document, for the page breaks', async () => {
    const app = testApp({ index: buildSearchIndex(readIndexFiles(out)!) })
    const doc = (await (await app.request('/documents/src-report')).json()) as { text: string; pageStarts: number[]; passages: { pages: number[] }[] }
    expect(doc.pageStarts).toHaveLength(4)
    expect(doc.text.slice(doc.pageStarts[2])).toMatch(/^authorities told the review/)
    expect(doc.passages.every((p) => p.pages.length === 2)).toBe(true)
    const md = (await (await app.request('/documents/src-team-notes')).json()) as Record<string, unknown>
    expect(md.pageStarts).toBeUndefined()
  })

  it('the Worker\'s compact index carries pages and page starts', () => {
    const files = readIndexFiles(out)!
    const { files: back } = expandCompactIndex(JSON.parse(JSON.stringify(compactIndex(files))))
    expect(back.corpus.passages).toEqual(files.corpus.passages)
    expect(back.corpus.documents.map((d) => d.pageStarts)).toEqual(files.corpus.documents.map((d) => d.pageStarts))
  })

  it('says when it reads a PDF, and does not read an unchanged one again, even to clean it anew', async () => {
    expect(lines).toContainEqual(expect.stringMatching(/^Read src-report\.pdf: 4 pages in \d+\.\d s$/))
    const before = readIndexFiles(out)!.corpus.passages.filter((p) => p.docId === 'src-report')
    const again: string[] = []
    expect((await ingest({ source: dir, out, model: 'x', lexicalOnly: true, log: (l) => again.push(l) })).status).toBe('unchanged')
    // A new accented word changes the corpus's repair vocabulary, so every document is cleaned again.
    writeFileSync(join(dir, 'src-cafe.md'), 'The café on the ground floor opens at eight for staff on the early duty desk shift.\n')
    const third = await ingest({ source: dir, out, model: 'x', lexicalOnly: true, log: (l) => again.push(l) })
    expect(third.processed).toContain('src-report.pdf')
    expect(again.filter((l) => l.includes('.pdf'))).toEqual([])
    expect(readIndexFiles(out)!.corpus.passages.filter((p) => p.docId === 'src-report')).toEqual(before)
  })
})
