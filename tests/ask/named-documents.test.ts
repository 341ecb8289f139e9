// A question that names the document it asks about ("under the GPL", "the Apache licence").
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { namedDocuments } from '../../src/retrieval/named-documents.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { loadIndex } from '../setup/app.js'
import { LICENCES_INDEX } from '../setup/paths.js'

const licences = loadIndex(LICENCES_INDEX)
const seeds = loadIndex()
const named = (index: typeof seeds, question: string) => namedDocuments(index, buildQuery(question, [], index))
const askLicences = (question: string) => ask(licences, null, question, [], DEFAULT_CONFIG.ask)

describe('which documents a question names', () => {
  it.each([
    ['What does the Apache licence say about patents?', 'apache-2-0'],
    ['Under the GPL, can I charge for copies?', 'gpl-3'],
    ['Is there a warranty under the MPL?', 'mpl-2-0'],
    ['Does CC0 keep trademark rights?', 'cc0-1-0'],
    ['Who wrote the Artistic License?', 'artistic'],
    ['What does GPLv3 say about extra terms?', 'gpl-3'],
    // Lower case, but the file's one-word name.
    ['can i sell copies under the artistic licence?', 'artistic'],
  ])('%s names %s, by its title, its initials or its file name', (question, doc) => {
    expect([...named(licences, question).documents]).toEqual([doc])
  })
  it('a word in every title, or one the passages use everywhere, names nothing', () => {
    expect(named(licences, 'What does the License say about patents?').documents.size).toBe(0)
    expect(named(seeds, 'What did Laming say about court fees?').documents.size).toBe(0)
    expect(named(seeds, "What do Directors of Children's Services do?").documents.size).toBe(0)
    // In one title, but used in passages of other documents as much.
    expect(named(seeds, 'How many children are in need in England?').documents.size).toBe(0)
  })
})

describe('answers from the document named', () => {
  it('quotes the named licence, not the passage that repeats its name', async () => {
    const r = await askLicences('What does the Apache licence say about patents?')
    expect(r.sources[0].docId).toBe('apache-2-0')
    expect(r.answer.sentences.map((s) => s.text).join(' ')).toMatch(/patent license to make, have made, use, offer to sell/)
    expect(r.status).not.toBe('not_found')
  })
  it('a follow-up that points back keeps the document the question before it named', async () => {
    const r = await ask(licences, null, 'And can I charge for support?', ['Under the GPL, can I charge for copies?'], DEFAULT_CONFIG.ask)
    expect(r.sources[0].docId).toBe('gpl-3')
  })
  it('does not answer from another licence what the named one does not say', async () => {
    const r = await askLicences('What does the Artistic License say about patents?')
    expect(r.status).not.toBe('answered')
  })
})
