// An acronym that spells a stop word ("IT"), in a team's own documents.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingest } from '../../ingest/pipeline.js'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import type { SearchIndex } from '../../src/index/search-index.js'
import { nodeSearchIndex } from '../../src/node/load-deps.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { buildQuery } from '../../src/retrieval/query.js'
import { capitalAcronyms } from '../../src/language/terms.js'
import { loadIndex } from '../setup/app.js'

let index: SearchIndex
beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'capital-acronyms-'))
  const source = join(dir, 'docs')
  const out = join(dir, 'index')
  mkdirSync(source)
  writeFileSync(join(source, 'devices.md'), '# Devices\n\nLost or stolen devices must be reported to the IT Service Desk within one hour, by calling extension 4400.\n\nLaptops are encrypted. Screens lock after five minutes.\n')
  writeFileSync(join(source, 'contacts.md'), '# Contacts\n\nPlease report anything you find on the premises to reception, and report it the same day.\n\nVisitors should contact reception on arrival and sign in.\n')
  await ingest({ source, out, model: 'x', lexicalOnly: true, log: () => {} })
  index = await nodeSearchIndex(readIndexFiles(out)!)
}, 60_000)

describe('an acronym that spells a stop word', () => {
  it('is a term where it is written between words that are not in capitals, never in a heading in capitals', () => {
    expect(capitalAcronyms('Report it to the IT Service Desk.')).toEqual(['IT'])
    expect(capitalAcronyms('WHAT IT MEANS FOR US')).toEqual([])
    // Only stop words acronyms spell: policies shout others.
    expect(capitalAcronyms('ALL staff MUST lock screens BEFORE leaving, and ONLY managers may approve.')).toEqual([])
    expect(buildQuery('Must ALL staff complete training?', [], loadIndex()).concepts.map((c) => c.word)).toEqual(['staff', 'complete', 'training'])
  })
  it('is searched when the documents write it: "What should I report to IT?" quotes the IT Service Desk, not reception', async () => {
    const r = await ask(index, null, 'What should I report to IT?', [], DEFAULT_CONFIG.ask)
    expect(r.status).not.toBe('not_found')
    expect(r.answer.sentences[0].text).toMatch(/IT Service Desk/)
  })
  it('is no name the documents lack where they never write it, so it does not refuse', async () => {
    const laming = loadIndex()
    expect(buildQuery('Did he blame the IT set-up for slowing things down?', [], laming).concepts.map((c) => c.word)).not.toContain('IT')
    expect((await ask(laming, null, 'What did Laming say about the Integrated Children\'s System and IT?', [], DEFAULT_CONFIG.ask)).status).not.toBe('not_found')
  })
  it('is no pronoun pointing back: a question about IT after another is about IT alone', () => {
    const q = buildQuery('Who should I contact in IT?', ['What is the leave policy?'], index)
    expect(q.followUp).toBe(false)
    expect(q.concepts.map((c) => c.word)).toEqual(['contact', 'IT'])
  })
})
