// The README's client examples (curl, Python urllib, JavaScript fetch, an MCP client's mcp.json),
// read from the README and run as written against `npm start`, so they cannot drift from it.
import { execFile } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { AskResponse } from '../../src/answer/ask.js'
import { LEXICAL_INDEX, ROOT } from '../setup/paths.js'
import { startAppServer, type Started } from '../setup/servers.js'

const run = promisify(execFile)
const README = readFileSync(join(ROOT, 'README.md'), 'utf8')
const README_BASE = 'http://localhost:8787'

/** The first code block of `lang` after `heading` in the README. */
function example(heading: string, lang: string): string {
  const at = README.indexOf(`\n${heading}\n`)
  expect(at, heading).toBeGreaterThan(-1)
  const block = new RegExp('```' + lang + '\\n([\\s\\S]*?)```').exec(README.slice(at))
  expect(block, `${heading}: no \`\`\`${lang} block`).not.toBeNull()
  return block![1]
}

let server: Started
let work: string
const here = (code: string) => code.replaceAll(README_BASE, server.url)
const exec = (cmd: string, args: string[]) => run(cmd, args, { env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' }, timeout: 60_000 })

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'laming-clients-'))
  server = await startAppServer(LEXICAL_INDEX)
})
afterAll(async () => {
  await server?.stop()
  rmSync(work, { recursive: true, force: true })
})

describe("the README's clients, run as written", () => {
  it('curl', async () => {
    const code = example('#### curl', 'sh')
    expect(code).toContain(`${README_BASE}/ask`)
    const { stdout } = await exec('bash', ['-c', here(code)])
    const answer = JSON.parse(stdout) as AskResponse
    expect(answer.status).toBe('answered')
    expect(answer.answer.markdown).toMatch(/court fees.*\[1\]/)
  })

  it('Python (urllib), including its error path', async () => {
    const code = here(example('#### Python (urllib)', 'python'))
    const { stdout } = await exec('python3', ['-c', code])
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^answered .*court fees.*\[1\]/)
    expect(lines[1]).toMatch(/^\[1\] .+ \(\w+, \d+-\d+\)$/)
    const failing = await exec('python3', ['-c', `${code}\ntry:\n    ask("   ")\nexcept ValueError as e:\n    print("error:", e)\n`])
    expect(failing.stdout).toContain('error: The question is empty; ask something about the documents.')
  })

  it('JavaScript (fetch), as an ES module in Node', async () => {
    const file = join(work, 'ask.mjs')
    writeFileSync(file, here(example('#### JavaScript (fetch)', 'js')))
    const { stdout } = await exec(process.execPath, [file])
    const lines = stdout.trim().split('\n')
    expect(lines[0]).toMatch(/^answered .*court fees.*\[1\]/)
    expect(lines[1]).toMatch(/^\[1\] .+ \(\w+, \d+-\d+\)$/)
  })

  it("an MCP client configured with the README's mcp.json entry", async () => {
    const config = JSON.parse(example('### MCP', 'json')) as { mcpServers: Record<string, { type: string; url: string }> }
    const entry = config.mcpServers['laming-qa']
    expect(entry.type).toBe('http')
    const client = new Client({ name: 'readme-mcp-json', version: '1.0.0' })
    await client.connect(new StreamableHTTPClientTransport(new URL(here(entry.url))))
    expect((await client.listTools()).tools.map((t) => t.name)).toEqual(['ask', 'list_documents', 'get_passage'])
    const result = (await client.callTool({ name: 'ask', arguments: { question: 'What did Laming say about court fees?' } })) as CallToolResult
    expect((result.structuredContent as { status: string }).status).toBe('answered')
    await client.close()
  })
})
