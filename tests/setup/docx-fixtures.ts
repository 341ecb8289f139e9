// A small Word document made with the docx package for the ingest tests: a title, headings, a
// paragraph and a bulleted list, as a team's policy is written.
import { Document, HeadingLevel, Packer, Paragraph } from 'docx'

export async function policyDocx(): Promise<Buffer> {
  const doc = new Document({
    sections: [
      {
        children: [
          new Paragraph({ text: 'Lone working policy', heading: HeadingLevel.HEADING_1 }),
          new Paragraph({ text: 'Home visits', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('A social worker visiting a family alone must tell the duty desk before the visit and phone in within two hours of arriving.'),
          new Paragraph({ text: 'Carry a charged mobile phone.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Leave the address with a colleague.', bullet: { level: 0 } }),
          new Paragraph({ text: 'Reviews', heading: HeadingLevel.HEADING_2 }),
          new Paragraph('The team manager reviews this policy every twelve months.'),
        ],
      },
    ],
  })
  return Packer.toBuffer(doc)
}
