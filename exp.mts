import { reportPdf, imageOnlyPdf, encryptedPdf } from './tests/setup/pdf-fixtures.js'
import { pdfToText } from './ingest/pdf-to-text.js'
import { cleanDocument } from './ingest/clean.js'
import { buildPassages } from './ingest/passages.js'
const r = await pdfToText(await reportPdf())
console.log(JSON.stringify(r, null, 1))
const c = cleanDocument(r.text, new Set(['Climbié']), 'pdf', r)
console.log(c.title, c.kind, c.pageStarts)
for (const p of buildPassages('r', c)) console.log(p.pages, p.section, '|', p.text)
for (const f of [imageOnlyPdf, encryptedPdf]) await pdfToText(await f()).then(() => console.log('no error'), (e) => console.log(e.message))
