// A team's own procedure document: numbered stages, an acronym spelt out with a hyphenated
// word, and a version line dated by month (found by a new-user review of the widget).
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

const PROCEDURE = `# Escalation Procedure

This procedure sets out what a practitioner should do when they disagree with a decision made by another agency about a child's safety.

## Stage 1: Practitioner to practitioner

The practitioner should first raise the concern with the colleague in the other agency within two working days of the decision.

## Stage 2: Manager to manager

If the disagreement is not resolved at stage 1, the line manager should contact their counterpart within five working days.

## Stage 3: Safeguarding Partnership

If managers cannot agree, the matter is referred to the partnership business manager, who will arrange a meeting within ten working days.

At any stage, if a child is at immediate risk, the practitioner must make a referral to the Multi-Agency Safeguarding Hub (MASH) without waiting.

## Document control

Version 3.2, approved by the Director of Children's Services in March 2024.
`

let index: SearchIndex
const askIt = (question: string, history: string[] = []) => ask(index, null, question, history, DEFAULT_CONFIG.ask)

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), 'procedure-'))
  const source = join(dir, 'docs')
  const out = join(dir, 'index')
  mkdirSync(source)
  writeFileSync(join(source, 'escalation.md'), PROCEDURE)
  writeFileSync(join(source, 'visits.md'), '# Home visits\n\nVisits after 6pm must be made in pairs.\n\nEvery visit is logged on the case record within one working day.\n')
  await ingest({ source, out, model: 'x', lexicalOnly: true, log: () => {} })
  index = await nodeSearchIndex(readIndexFiles(out)!)
}, 60_000)

describe("a team's procedure document", () => {
  it('answers "and stage 2?" from stage 2 first, not from "two working days" under stage 1', async () => {
    const r = await askIt('and stage 2?')
    expect(r.answer.sentences[0].text).toMatch(/not resolved at stage 1, the line manager/)
  })
  it('reads an acronym spelt out with a hyphenated word: MASH is the Multi-Agency Safeguarding Hub', async () => {
    const r = await askIt('What does MASH stand for?')
    expect(r.status).toBe('answered')
    expect(r.answer.sentences[0].text).toMatch(/Multi-Agency Safeguarding Hub \(MASH\)/)
  })
  it('does not take a month for the name a "who" question asks for', async () => {
    // The quote names only the role asked about, and a month: no one is named.
    const r = await askIt("Who is the Director of Children's Services?")
    expect(r.answer.sentences[0]?.text).toMatch(/approved by the Director/)
    expect(r.features.typeGap).toBe(1)
  })
})
