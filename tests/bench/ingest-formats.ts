// Ingest time per MB for each format, on documents of about 1 MB built from the seed report's
// paragraphs; the same text as .txt is the baseline, measured in the same run.
import { mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { PDFDocument, StandardFonts } from 'pdf-lib'
import { ingest } from '../../ingest/pipeline.js'
import { pdfToText } from '../../ingest/formats/pdf-to-text.js'
import { seedText } from '../setup/paths.js'

const paras = seedText('002').split(/\n\s*\n/).map((p) => p.replace(/\s+/g, ' ').trim()).filter((p) => p.split(' ').length > 12)
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;')
const target = 1024 * 1024

function html(): string {
  let out = '<!doctype html><html><head><title>Report - Intranet</title></head><body><nav><a href="/">Home</a></nav><main><h1>The report</h1>'
  for (let k = 0; out.length < target; k++) out += (k % 8 === 0 ? `<h2>Section ${k / 8 + 1}</h2>` : '') + `<p>${esc(paras[k % paras.length])}</p>\n`
  return out + '</main><footer>Cookies | Privacy</footer></body></html>'
}
function md(): string {
  let out = '# The report\n\n'
  for (let k = 0; out.length < target; k++) out += (k % 8 === 0 ? `## Section ${k / 8 + 1}\n\n` : '') + `${paras[k % paras.length].replace(/([A-Z][a-z]+ [a-z]+)/, '**$1**')}\n\n`
  return out
}
async function pdf(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create()
  const font = await doc.embedFont(StandardFonts.Helvetica)
  const bold = await doc.embedFont(StandardFonts.HelveticaBold)
  const words = paras.join(' ').replace(/[^\x20-\x7e]/g, ' ').split(/\s+/)
  let w = 0
  for (let n = 1; n <= pages; n++) {
    const page = doc.addPage([595, 842])
    page.drawText('THE REPORT', { x: 50, y: 800, size: 9, font })
    if (n % 3 === 1) page.drawText(`Chapter ${Math.ceil(n / 3)}`, { x: 50, y: 770, size: 16, font: bold })
    for (let y = 740; y > 70; y -= 14) {
      let line = ''
      while (font.widthOfTextAtSize(`${line} ${words[w % words.length]}`, 10) < 495) line += (line ? ' ' : '') + words[w++ % words.length]
      page.drawText(line, { x: 50, y, size: 10, font })
    }
    page.drawText(String(n), { x: 290, y: 40, size: 9, font })
  }
  return doc.save()
}

export async function benchFormats(work: string, pdfPages = 150): Promise<void> {
  const pdfBytes = await pdf(pdfPages)
  const t0 = performance.now()
  const extracted = await pdfToText(pdfBytes)
  console.log(
    `PDF text extraction alone: ${((performance.now() - t0) / 1000).toFixed(2)} s for ${extracted.pageCount} pages (${mb(pdfBytes.length)} of PDF, ${mb(extracted.text.length)} of text)`,
  )
  const files: [string, string | Uint8Array][] = [['doc.txt', md().replace(/\*\*/g, '').replace(/^#+ /gm, '')], ['doc.html', html()], ['doc.md', md()], ['doc.pdf', pdfBytes]]
  for (const [name, content] of files) {
    const dir = join(work, `formats-${name}`)
    mkdirSync(dir)
    writeFileSync(join(dir, name), content)
    const bytes = statSync(join(dir, name)).size
    const runs: number[] = []
    let passages = 0
    for (let i = 0; i < 2; i++) {
      const out = join(work, `formats-index-${name}`)
      rmSync(out, { recursive: true, force: true })
      const t = performance.now()
      passages = (await ingest({ source: dir, out, model: 'x', lexicalOnly: true })).manifest.counts.passages
      runs.push(performance.now() - t)
    }
    const best = Math.min(...runs) / 1000
    console.log(`${name}${name === 'doc.txt' ? ' (baseline)' : ''}: ${mb(bytes)}, ${passages} passages, ${best.toFixed(2)} s (best of 2), ${(best / (bytes / 1024 / 1024)).toFixed(2)} s per MB`)
  }
}

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(2)} MB`
