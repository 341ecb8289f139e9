// Small PDFs made with pdf-lib for the ingest tests: headings, running heads and numbered running
// feet, page numbers, a footnote, a word hyphenated across a line break, a sentence across a page
// break, lost characters, a line drawn right to left.
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from 'pdf-lib'

/** One page: its lines of body text, with "# " marking a heading line. */
type Page = string[]

const REPORT: Page[] = [
  [
    '# Safeguarding in Practice',
    'An independent review for the Children\'s Services Board, published in March 2009.',
    'ISBN 978-0-10-295893-2',
    'The review looked at how Victoria Climbié\'s case changed the work of local agencies.',
  ],
  [
    '# Findings of the review',
    'The review found that frontline profes-',
    'sionals carried caseloads far above the level that safe practice allows, and',
    'that training for new social workers was uneven across the country.',
    'A child-centred approach was described in every plan we read. Staff said a child-',
    'centred service needs time with each family, which high caseloads do not allow.',
    'Inspectors found that the Climbi? inquiry was still cited in most local procedures.',
    'Most areas still relied on paper forms1 and on the eform2 system.',
    'In the twelve months to March the number of referrals rose by a third, and the local',
  ],
  [
    'authorities told the review that they could not recruit enough social workers.',
    '2 Areas had no spare capacity at all, the inspectors said.',
    '# Recommendations',
    'Every local authority should publish its social work caseloads each year.',
    'Court fees of ?19.15 for each application should be reviewed within six months.',
  ],
  ['# Next steps, and how the Board', '# will follow them up', 'The Board will report to Ministers on progress by the end of the year.'],
]

/** Small print at a page's foot. */
const FOOTNOTES: Record<number, string> = { 2: '1 Paper forms were used in 9 of the 12 areas visited.' }
/** Running feet naming the chapter, with the printed page number. */
const FEET: Record<number, string> = { 2: 'Chapter 1: Findings 2', 3: 'Chapter 2: Recommendations 3', 4: 'Chapter 3: Next steps 4' }

/** The report above: a title in the metadata, running heads and feet on pages 2 to 4, page numbers at the foot. */
export async function reportPdf(opts: { metadataTitle?: boolean } = {}): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  if (opts.metadataTitle ?? true) doc.setTitle('Safeguarding in Practice: an independent review')
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  REPORT.forEach((lines, k) => {
    const page = doc.addPage([595, 842])
    if (k > 0) page.drawText('SAFEGUARDING IN PRACTICE', { x: 50, y: 800, size: 9, font })
    let y = 760
    for (const line of lines) {
      const heading = line.startsWith('# ')
      const size = k === 0 && heading ? 24 : heading ? 16 : 11
      page.drawText(heading ? line.slice(2) : line, { x: 50, y, size, font: heading ? bold : font })
      y -= heading ? size * 2 : 16
    }
    const n = k + 1
    // Drawn right first, then left, on one line: a step back that is a space.
    if (n === 4) page.drawText('Annex A', { x: 480, y: 600, size: 11, font }), page.drawText('Minutes of the Board are published monthly.', { x: 50, y: 600, size: 11, font })
    if (FOOTNOTES[n]) page.drawText(FOOTNOTES[n], { x: 50, y: 90, size: 8, font })
    if (FEET[n]) page.drawText(FEET[n], { x: 50, y: 55, size: 9, font })
    page.drawText(String(n), { x: 290, y: 40, size: 9, font })
  })
  return doc.save()
}

// A 1×1 PNG.
const PNG = Uint8Array.from(atob('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=='), (c) => c.charCodeAt(0))

/** A scan: pages that hold only an image, no text. */
export async function imageOnlyPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const image = await doc.embedPng(PNG)
  for (let k = 0; k < 2; k++) doc.addPage([595, 842]).drawImage(image, { x: 0, y: 0, width: 595, height: 842 })
  return doc.save()
}

/** A PDF whose standard security handler wants a password that is not empty. */
export async function encryptedPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  doc.addPage([595, 842]).drawText('Confidential minutes of the board.', { x: 50, y: 760, size: 11, font })
  const ctx = doc.context
  const hex = (byte: string) => PDFHexString.of(byte.repeat(32))
  const encrypt = ctx.obj({ Filter: 'Standard', V: 1, R: 2, Length: 40, P: -44 })
  encrypt.set(PDFName.of('O'), hex('ab'))
  encrypt.set(PDFName.of('U'), hex('cd'))
  ctx.trailerInfo.Encrypt = ctx.register(encrypt)
  ctx.trailerInfo.ID = ctx.obj([PDFHexString.of('0123456789abcdef0123456789abcdef'), PDFHexString.of('0123456789abcdef0123456789abcdef')])
  return doc.save({ useObjectStreams: false })
}
