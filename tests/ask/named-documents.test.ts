// A question that names the document it asks about ("under the GPL", "the Apache licence").
import { describe, expect, it } from 'vitest'
import { ask } from '../../src/answer/ask.js'
import { NO_MATCH } from '../../src/answer/answer-markdown.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { documentNameTable, namedDocuments } from '../../src/retrieval/named-documents.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { loadIndex } from '../setup/app.js'
import { LICENCES_INDEX, READMES_INDEX } from '../setup/paths.js'

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
  ])('%s names %s, by its title, its initials or its file name', (question, doc) => {
    expect([...named(licences, question).documents]).toEqual([doc])
  })
  it('a title\'s last two words written in a row name it, in any case, unless a name already says which', () => {
    expect([...named(licences, 'under the apache license, can I sell copies?').documents]).toEqual(['apache-2-0'])
    const report = named(seeds, 'What does the progress report say about court fees?')
    expect([...report.documents]).toEqual([...seeds.documents.values()].filter((d) => /Progress Report$/.test(d.title)).map((d) => d.id))
    expect([...report.terms].sort()).toEqual(['progress', 'report'])
    // "Public License" ends the GPL's title; "Mozilla" names the MPL.
    expect([...named(licences, 'What does the Mozilla Public License say about patents?').documents]).toEqual(['mpl-2-0'])
  })
  it('the other words of a named document\'s title name it too, numbers aside', () => {
    expect([...named(licences, 'What does the Mozilla Public License say about patents?').terms].sort()).toEqual(['licens', 'mozilla', 'public'])
    expect([...named(licences, 'What month and year is the Apache License 2.0 dated?').terms].sort()).toEqual(['apach', 'licens'])
  })
  it('a word in every title, or one the passages use everywhere, names nothing', () => {
    expect(named(licences, 'What does the License say about patents?').documents.size).toBe(0)
    expect(named(seeds, 'What did Laming say about court fees?').documents.size).toBe(0)
    expect(named(seeds, "What do Directors of Children's Services do?").documents.size).toBe(0)
    // In one title, but used in passages of other documents as much.
    expect(named(seeds, 'How many children are in need in England?').documents.size).toBe(0)
    // "child protection" ends the press release's title, but every document uses it: a topic.
    expect(named(seeds, 'What did Laming say about child protection in Scotland?').documents.size).toBe(0)
  })
  it("a title's last two words that a fifth of all passages use name nothing, though some documents never use them", () => {
    const documents = ['news', 'policy', 'leave', 'expenses', 'parking'].map((id) => ({ id, title: id === 'news' ? 'Council acts to improve child protection' : `${id} rules`, file: `${id}.md` }))
    // 10 passages, 2 per document; "child protection" in 3 of them (30%), in three documents of five.
    const docOfPassage = documents.flatMap((d) => [d.id, d.id])
    const uses: Record<string, number[]> = { child: [0, 2, 4], protect: [0, 2, 4], rule: [3, 5, 7, 9] }
    const table = documentNameTable(documents, docOfPassage, { passagesWith: (t) => (uses[t] ? Int32Array.from(uses[t]) : null) }, { knows: () => true })
    expect([...table.keys()].some((k) => k.includes('child protect'))).toBe(false)
    // Used by one passage of ten, the same ending would name its document.
    const rare = documentNameTable(documents, docOfPassage, { passagesWith: (t) => (t === 'child' || t === 'protect' ? Int32Array.of(0) : null) }, { knows: () => true })
    expect([...rare.keys()].some((k) => k.includes('child protect'))).toBe(true)
  })
})

describe('a file name of several words', () => {
  const readmes = loadIndex(READMES_INDEX)
  it('names its document when the question writes it joined as the file does', () => {
    expect([...named(readmes, 'Tell me about sentiment analysis in wink-nlp').documents]).toEqual(['wink-nlp'])
    expect([...named(readmes, 'What does proper-lockfile do when the process crashes?').documents]).toEqual(['proper-lockfile'])
  })
  it('names it for a follow-up only through the question before when that wrote it', () => {
    const follow = (q: string, h: string) => namedDocuments(readmes, buildQuery(q, [h], readmes), q)
    expect([...follow('And what about DOMPurify on the server?', 'Does node-server support http2?').documents]).toEqual(['dompurify'])
    expect([...follow('and what does it cost?', 'Does node-server support http2?').documents]).toEqual(['node-server'])
  })
  it('names nothing when its words stand apart', () => {
    expect(named(readmes, 'How do I run a node server?').documents.size).toBe(0)
  })
})

describe('which names count', () => {
  const docs = [
    { id: 'pino', title: 'Logging', file: 'pino.md' },
    { id: 'policy', title: 'Staff handbook', file: 'policy.txt' },
    { id: 'big', title: 'Annual Review', file: 'review.txt' },
  ]
  const lexicon = { knows: (forms: readonly string[]) => forms.includes('policy') }
  // Passages 0–1 are pino's, 2 the handbook's, 3–9 the review's.
  const docOfPassage = ['pino', 'pino', 'policy', 'big', 'big', 'big', 'big', 'big', 'big', 'big']
  const using: Record<string, number[]> = { pino: [0, 1], review: [3, 4, 5, 6, 7, 2], annual: [3] }
  const table = documentNameTable(docs, docOfPassage, { passagesWith: (t) => (using[t] ? Int32Array.from(using[t]) : null) }, lexicon)
  it('a file\'s one-word name counts however it is written, unless English knows the word', () => {
    expect(table.get('pino')).toEqual({ documents: ['pino'], fileWord: true })
    expect(table.get('polici')?.fileWord).toBe(false)
  })
  it('a name the other documents use as well, or one of a document holding most passages, is a topic', () => {
    // "review": 5 of 6 passages in the review, which holds 7 of 10: not twice its share.
    expect(table.has('review')).toBe(false)
    expect(table.has('annual')).toBe(false)
    expect(table.has('handbook')).toBe(true)
  })
})

describe('answers from the document named', () => {
  it('quotes the named licence, not the passage that repeats its name', async () => {
    const r = await askLicences('What does the Apache licence say about patents?')
    expect(r.sources[0].docId).toBe('apache-2-0')
    expect(r.answer.sentences.map((s) => s.text).join(' ')).toMatch(/patent license to make, have made, use, offer to sell/)
    expect(r.status).not.toBe('not_found')
  })
  it('a follow-up that names no document keeps the one the question before it named; one that names its own does not', async () => {
    const r = await ask(licences, null, 'And can I charge for support?', ['Under the GPL, can I charge for copies?'], DEFAULT_CONFIG.ask)
    expect(r.sources[0].docId).toBe('gpl-3')
    const own = namedDocuments(licences, buildQuery('And what about the MPL?', ['What does the Apache licence say about warranties?'], licences))
    expect([...own.documents]).toEqual(['mpl-2-0'])
  })
  it('a question whose only other word is not in the documents is searched by all its words, and says so rightly', async () => {
    const r = await ask(seeds, null, 'What does the report say about child protection in Scotland?', [], DEFAULT_CONFIG.ask)
    expect(r.status).not.toBe('answered')
    expect(r.sources.length).toBeGreaterThan(0)
    expect(r.answer.markdown).not.toBe(NO_MATCH)
    expect((await ask(seeds, null, 'Scotland Brexit', [], DEFAULT_CONFIG.ask)).answer.markdown).toBe(NO_MATCH)
  })
  it('does not answer from another licence what the named one does not say', async () => {
    const r = await askLicences('What does the Artistic License say about patents?')
    expect(r.status).not.toBe('answered')
  })
})
