// A Word document (.docx) read as the HTML that mammoth makes of it: headings, paragraphs and
// lists as their tags, so the HTML reading that follows keeps its structure. A maintained
// converter, not our own reader: a .docx is a zip of XML whose styles, numbering and fields
// mammoth already maps.
import mammoth from 'mammoth'

/** Word documents start as every zip file does. */
const ZIP_SIGNATURE = Buffer.from('PK\x03\x04', 'latin1')

/** The document's HTML; a string naming the file and what to do when it cannot be read, as read-sources reports problems. */
export async function docxToHtml(bytes: Buffer, name: string): Promise<string> {
  if (!bytes.subarray(0, 4).equals(ZIP_SIGNATURE)) throw `${name}: is not a Word document (a .docx file is a zip archive); save it from Word as .docx, or as PDF`
  let html: string
  try {
    html = (await mammoth.convertToHtml({ buffer: bytes })).value
  } catch (e) {
    throw `${name}: could not be read as a Word document (${e instanceof Error ? e.message : e}); save it from Word as .docx again, or as PDF`
  }
  if (!/\S/.test(html.replace(/<[^>]*>/g, ''))) throw `${name}: has no text; remove it or give it some text`
  return html
}
