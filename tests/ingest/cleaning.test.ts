import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { cleanDocument, type CleanBlock } from '../../ingest/cleaning/clean.js'
import { softWraps } from '../../ingest/formats/hard-wrap.js'
import { splitSentences } from '../../ingest/passages/sentences.js'
import { htmlToText } from '../../ingest/formats/html-to-text.js'
import { MappedText } from '../../ingest/formats/mapped-text.js'
import { accentedVocabulary, footnoteMarkers, lostLetters } from '../../ingest/cleaning/repairs.js'
import { seedText } from '../setup/paths.js'

const prefixes = ['000', '001', '002', '003', '004']
const vocabulary = accentedVocabulary(prefixes.map(seedText))
const clean = (prefix: string) => cleanDocument(seedText(prefix), vocabulary)
const [press, article, report, recs, slides] = prefixes.map(clean)

describe('document kind and title, from content', () => {
  it.each([
    [press, 'press release', 'LORD LAMING URGES STEP CHANGE IN LEADERSHIP AND PRACTICE TO IMPROVE CHILD PROTECTION'],
    [article, 'article', 'Put child protection reforms into practice, says Laming'],
    [report, 'report', 'The Protection of Children in England: A Progress Report'],
    [recs, 'recommendations', 'Lord Laming - Recommendations'],
    [slides, 'slides', 'IMPLEMENTING LAMING – A CONTRIBUTION'],
  ])('%#', (doc, kind, title) => {
    expect(doc.kind).toBe(kind)
    expect(doc.title).toBe(title)
  })
})

describe('boilerplate is dropped', () => {
  it('web-page furniture of the press release, including the trailing advert', () => {
    expect(press.text.text).not.toMatch(/Printable version|E-mail this to a friend|WiredGov|Championing Sustainability/)
    expect(press.text.text).toContain('Journalists, please contact the Newdesk on 020 7925 6789')
  })
  it('"Click to follow" and the section kicker of the article', () => {
    expect(article.text.text).not.toMatch(/Click to follow|Indy Politics/)
  })
  it('the slide host page metadata and comments', () => {
    expect(slides.text.text).not.toMatch(/PowerPoint|Number of Views|Write a Comment|PowerShow|Forced Marriage/)
  })
  it('the partial-preview footer of the report', () => {
    expect(report.text.text).not.toMatch(/partial summary|Online Preview|\.{6}/)
  })
})

describe('page furniture of the report', () => {
  it('removes page numbers, running heads and footnotes from mid-sentence', () => {
    expect(report.text.text).toContain('(of 60,000 children looked after by local authorities) and 29,000 children were the subject of child protection plans.')
    expect(report.text.text).toContain('the needs of children and families. However,')
    expect(report.text.text).not.toMatch(/^INTRODUCTION$|^THE PROTECTION OF CHILDREN IN ENGLAND|Cunningham, Hugh|rsgateway/m)
  })
  it('removes footnote markers whose notes were dropped', () => {
    expect(report.text.text).toContain('Hugh Cunningham `Please keep me safe')
    expect(report.text.text).toContain('Every Child Matters clearly')
    expect(report.text.text).not.toMatch(/children3|Matters7/)
  })
})

describe('wrapped lines are joined', () => {
  it('slide bullets wrapped over lines', () => {
    expect(slides.text.text).toContain('• Commitment to reducing delays in court proceedings\n')
    expect(slides.text.text).toContain('• Welcomed Governments investment in early intervention through childrens centres and extended schools.')
    // A year given a bullet of its own finishes the bullet before it.
    expect(slides.text.text).toContain('Report annually to Parliament on progress from April 2010\n')
  })
  it('a recommendation cut by the running header', () => {
    expect(recs.text.text).toContain('will improve quickly and significantly in every Children\'s Trust.')
    expect(recs.text.text).not.toContain('Lord Laming - Recommendations')
  })
})

describe('HTML is parsed, never kept as markup', () => {
  it('has no tags left in the recommendations', () => {
    expect(recs.text.text).not.toMatch(/<\/?[a-z][^>]*>/i)
    expect(recs.text.text).toContain('The DCSF should revise Working Together to Safeguard Children to set out clear expectations')
    expect(recs.text.text).toContain('to ensure:\n• All referrals to children')
  })
  it('maps a decoded entity back to its whole source span', () => {
    const src = '<p>Health &amp; safety</p>'
    const m = htmlToText(src)
    const at = m.text.indexOf('&')
    expect(src.slice(...m.originalSpan(at, at + 1))).toBe('&amp;')
  })
  it('drops script and style contents', () => {
    expect(htmlToText('<p>a</p><script>alert(1)</script><style>p{}</style><p>b</p>').text.replace(/\s/g, '')).toBe('ab')
  })
})

describe('sentences', () => {
  it('do not end at a URL\'s "?": no space, no boundary', () => {
    const line = 'The report can be found at: http://example.gov.uk/default.aspx?PageFunction=productdetails&ProductId=HC+330. Copies cost £19.15.'
    expect(splitSentences(line).map((s) => line.slice(s.start, s.end))).toEqual([
      'The report can be found at: http://example.gov.uk/default.aspx?PageFunction=productdetails&ProductId=HC+330.',
      'Copies cost £19.15.',
    ])
  })
})

describe('extraction damage is repaired only where certain', () => {
  it('a "?" before a price is a pound sign', () => expect(report.text.text).toContain('£19.15'))
  it('a "?" between a chapter number and its title is a dash', () => expect(report.text.text).toContain('Chapter 5 – Children\'s workforce'))
  it('"Climbi?" takes the é the corpus spells it with', () => {
    expect(report.text.text).toContain('death of Victoria Climbié, to identify')
    expect(report.text.text).not.toContain('Climbi?')
  })
  it('drops a dropped note\'s marker, but not the number of a section "1.2"', () => {
    expect(footnoteMarkers(MappedText.of('As section 1.2 says, children3 were seen.'), new Set([2, 3])).text).toBe('As section 1.2 says, children were seen.')
  })
  it('leaves an uncertain "?" alone', () => {
    expect(report.text.text).toContain('? Crown Copyright 2009')
    expect(lostLetters(MappedText.of('Was it Climbi? The end.'), vocabulary).text).toBe('Was it Climbi? The end.')
    expect(lostLetters(MappedText.of('the caf? menu'), new Set(['café', 'cafè'])).text).toBe('the caf? menu')
  })
})

describe('plain text', () => {
  const clean = (src: string) => cleanDocument(src, new Set(), 'text')
  const hasTitleBlock = (src: string) => clean(src).blocks.some((b) => b.unit === 'title')
  it('keeps a first line that reads as prose as text, not as the title', () => {
    const doc = clean('Annual membership costs £25 for adults and £10 for students. Members meet monthly.\n\nThe club was founded in 1987.\n')
    expect(doc.blocks.some((b) => b.unit === 'title')).toBe(false)
    expect(doc.title).toBe('Annual membership costs £25 for adults and £10 for students')
    // A line wrapped mid-sentence is prose too.
    expect(hasTitleBlock('The club meets on the first Monday\nof every month in the hall.\n\nNew members are welcome.\n')).toBe(false)
  })
  it('never takes a file\'s only line as its title', () => {
    const doc = clean('Members meet monthly at the village hall.\n')
    expect(doc.blocks.some((b) => b.unit === 'paragraph')).toBe(true)
    expect(doc.blocks.some((b) => b.unit === 'title')).toBe(false)
  })
  it('takes a heading as the title, in title case even as a question', () => {
    expect(clean('Membership fees\n\nAnnual membership costs £25 for adults and £10 for students this year.\n').title).toBe('Membership fees')
    expect(clean('How To Join The Club?\n\nAnnual membership costs £25 for adults and £10 for students this year.\n').title).toBe('How To Join The Club?')
  })
  it('keeps prose above an all-caps headline as text', () => {
    const doc = clean('Issued by the walking club on Monday morning.\nANNUAL MEETING NOTICE\nThe annual meeting is held in the village hall.\n')
    expect(doc.title).toBe('ANNUAL MEETING NOTICE')
    expect(doc.text.text).toContain('Issued by the walking club')
    expect(doc.blocks.some((b) => b.unit !== 'title' && doc.text.text.slice(b.start, b.end).includes('Issued by the walking club'))).toBe(true)
  })
  it('keeps a heading right under the title when the document sets such headings over its paragraphs', () => {
    const doc = clean(
      'REMOTE WORKING GUIDELINES\n\nEligibility\nEmployees who have completed probation may work from home.\n\nEquipment\nThe company provides a laptop and a headset.\n\nWorking hours\nCore hours are 10am to 4pm, Monday to Friday.\n',
    )
    expect(doc.text.text).toContain('Eligibility')
    const first = doc.blocks.find((b) => doc.text.text.slice(b.start, b.end).includes('probation'))
    expect(first?.section).toBe('Eligibility')
    // A byline over the first paragraph is still a byline, headings or not.
    const news = clean('Council budget rises\n\nBy Jane Smith\nThe council will spend more on services this year, it said today.\n\nSchools\nSchools get a larger share of the budget this year.\n\nRoads\nRoad repairs are cut by a tenth this year.\n')
    expect(news.text.text).not.toContain('Jane Smith')
  })
})

describe('an HTML policy whose last sections follow an e-mail address', () => {
  it('keeps their headings: they are sections, not an advert', () => {
    const doc = cleanDocument(
      '<html><body><article><h1>Security Policy</h1><p>Staff must lock their screens.</p><h2>Incidents</h2><p>Report incidents to security@example.org within 24 hours.</p><h2>Software</h2><p>Only approved software may be installed.</p><h2>Data classification</h2><p>Restricted data must never be sent by email.</p></article></body></html>',
      new Set(),
      'html',
    )
    expect(doc.text.text).toContain('Software')
    expect(doc.blocks.find((b) => doc.text.text.slice(b.start, b.end).includes('approved software'))?.section).toBe('Software')
    // Lines after the contact that head no sentence are still an advert's.
    const ad = cleanDocument('<html><body><article><h1>Policy</h1><p>Staff must lock their screens.</p><p>Questions to help@example.org please.</p><p>Share this page</p><p>© 2024 Northwind</p></article></body></html>', new Set(), 'html')
    expect(ad.text.text).not.toMatch(/Share this page|Northwind/)
  })
})

describe('Markdown', () => {
  it('reads # headings as headings, without the markers, keeping offsets', () => {
    const src = '# Court fees\n\nThe review of court fees is due in the coming months, the unit said today.\n\n## Next steps ##\n\nMore detail follows in a later note to be published soon.\n'
    const doc = cleanDocument(src, new Set(), 'markdown')
    expect(doc.title).toBe('Court fees')
    expect(doc.text.text).not.toContain('#')
    const next = doc.blocks.find((b) => b.unit === 'heading')!
    expect(doc.text.text.slice(next.start, next.end)).toBe('Next steps')
    expect(src.slice(...doc.text.originalSpan(next.start, next.end))).toBe('Next steps')
    expect(doc.blocks.filter((b) => b.unit === 'paragraph').at(-1)!.section).toBe('Next steps')
  })
})

describe('plain text with a paragraph per line', () => {
  const source = 'REMOTE WORKING GUIDELINES\n\nAcme Ltd, People Team, version 3\n\nWho can work remotely\n---------------------\n\nAny employee who has passed probation can work from home for up to three days a week, with the agreement of their manager.\n\nEquipment\n\nThe company provides a laptop, a monitor and a headset for home working, and replaces them when they fail.\n'
  const doc = cleanDocument(source, new Set(), 'text')
  it('drops a rule and reads the line it underlines as a heading', () => {
    expect(doc.text.text).not.toMatch(/---/)
    expect(doc.blocks.find((b) => doc.text.text.slice(b.start, b.end).startsWith('Any employee'))?.section).toBe('Who can work remotely')
  })
  it('keeps a line that looks like a heading but heads nothing as text', () => {
    const byline = doc.blocks.find((b) => doc.text.text.slice(b.start, b.end) === 'Acme Ltd, People Team, version 3')
    expect(byline?.unit).toBe('paragraph')
    expect(byline?.section).toBeNull()
  })
})

describe('plain text wrapped at one width', () => {
  const source = readFileSync(join(__dirname, 'fixtures/wrapped-rules.txt'), 'utf8')
  const doc = cleanDocument(source, new Set(), 'text')
  const blockText = (b: CleanBlock) => doc.text.text.slice(b.start, b.end)
  const blockWith = (s: string) => doc.blocks.find((b) => blockText(b).includes(s))
  it('joins a paragraph across its line breaks, a capital opening the next line or not', () => {
    expect(doc.text.text).toContain('approved by the Club Committee before the start of the season. Members must carry their membership card')
    expect(doc.text.text).toContain('at the Annual General Meeting in January')
  })
  it('takes the centred line for the title and keeps the version line under it as text', () => {
    expect(doc.title).toBe('Riverside Walking Club Rules')
    expect(doc.text.text).toContain('Version 3, May 2021')
  })
  it('reads an underlined line and a numbered title as headings, and a wrapped first line as text', () => {
    expect(blockWith('Membership is open')?.section).toBe('1. Membership')
    expect(blockWith('Each member pays')?.section).toBe('2. Annual Fees and Refunds.')
    // A clause whose title opens its first sentence is headed by it, the title left in its text.
    expect(blockWith('4. Guests and Visitors. A member may bring')?.section).toBe('4. Guests and Visitors.')
    expect(blockWith('5. Leaving the Club. A member who wishes')?.section).toBe('5. Leaving the Club.')
    expect(blockWith('Each member pays')?.unit).toBe('paragraph')
    expect(doc.blocks.some((b) => b.unit === 'heading' && blockText(b).startsWith('Each member'))).toBe(false)
    expect(doc.text.text).not.toMatch(/---/)
  })
  it('opens a box drawn in stars, keeping its text', () => {
    expect(doc.text.text).toContain('the Club Committee accepts no liability for injury or loss on any walk organised by the club.')
    expect(doc.text.text).not.toContain('*')
  })
  it('keeps a clause number with the sentence it opens', () => {
    const sentences = doc.blocks.flatMap((b) => splitSentences(blockText(b)).map((s) => blockText(b).slice(s.start, s.end)))
    expect(sentences).toContain('3.1. "Walk Leader" means the member who plans a walk, checks the route beforehand and decides whether the walk goes ahead in bad weather.')
    expect(sentences).not.toContain('3.1.')
  })
  it('maps every joined line back to its own place in the file', () => {
    const s = doc.text.text.indexOf('Club Committee before')
    const at = doc.text.starts[s]
    expect(source.slice(at, at + 'Club Committee before'.length)).toBe('Club Committee before')
    const boxed = doc.text.text.indexOf('Committee accepts')
    expect(source.slice(doc.text.starts[boxed], doc.text.starts[boxed] + 17)).toBe('Committee accepts')
  })
  it('leaves a sentence per line, and a table, as they were', () => {
    const notes = [
      'Meeting notes',
      'The committee met on Tuesday evening in the village hall.',
      'Eight members attended and two sent their apologies.',
      'The treasurer reported that the accounts are in good order.',
      'Membership has grown by twelve since the last meeting.',
      'The walks programme for the spring was agreed without change.',
      'Next Steps',
      'The secretary will write to the council about the footpath.',
      'Volunteers are needed to repaint the notice board in May.',
      'The next meeting will be held on the first Tuesday of June.',
      'Members are asked to bring ideas for the summer social.',
    ]
    expect(softWraps(notes)).toEqual(new Set())
    const doc = cleanDocument(notes.join('\n') + '\n', new Set(), 'text')
    expect(doc.blocks.filter((b) => b.unit === 'paragraph').length).toBeGreaterThanOrEqual(9)
    expect(doc.blocks.some((b) => b.unit === 'heading' && blockTextOf(doc, b) === 'Next Steps')).toBe(true)
    const table = Array.from({ length: 12 }, (_, i) => `Name ${'A'.repeat(8 + (i % 3))}   Room ${100 + i}   Extension ${2000 + i}   Team Alpha`)
    expect(softWraps(table)).toEqual(new Set())
  })
  it('keeps a numbered list as items, and a rule under a paragraph does not make its last line a heading', () => {
    const list = source.replace('  2. Annual Fees and Refunds.\n', '1. Call the Walk Leader.\n2. Go to the nearest road.\n3. Tell the Club Secretary.\n')
    const listed = cleanDocument(list, new Set(), 'text')
    expect(listed.blocks.some((b) => b.unit === 'heading' && /Go to the nearest road/.test(blockTextOf(listed, b)))).toBe(false)
    const ruled = cleanDocument(source.replace('without any refund of the fee.\n', 'without any refund of the fee.\n----------\n'), new Set(), 'text')
    expect(ruled.text.text).toContain('loses membership for the rest of the season without any refund of the fee.')
    expect(ruled.blocks.some((b) => b.section?.startsWith('membership for the rest'))).toBe(false)
  })
})

const blockTextOf = (doc: { text: { text: string } }, b: CleanBlock) => doc.text.text.slice(b.start, b.end)
