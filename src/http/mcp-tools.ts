// The MCP server behind /mcp: the same answers as /ask, as tools an agent can call.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js'
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv-provider.js'
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js'
import { z } from '@hono/zod-openapi'
import type { AskResponse } from '../answer/ask.js'
import { readDocument } from '../index/index-store.js'
import type { RouteDeps } from './app.js'
import { OPENAPI_INFO } from './openapi.js'
import { describeDocuments, documentSummaries, unknownDocument } from './routes/documents.js'
import { askArguments, AskResponseSchema, DocumentSummarySchema } from './schemas.js'
import { countNoun } from '../language/count-noun.js'

/** Longest span get_passage returns: a few passages, not a whole report in one reply. */
const MAX_PASSAGE_CHARS = 10_000

const askOutputSchema = AskResponseSchema.pick({ question: true, status: true, answer: true, sources: true, confidence: true, followUp: true })
const listDocumentsOutputSchema = z.object({ documents: z.array(DocumentSummarySchema) })
const GIVE_DOC_ID = 'Give "docId", a document id from list_documents or an ask source.'
/** A character offset's error: missing, or not a number. */
const offsetError = (name: string) => (issue: { input: unknown }) =>
  issue.input === undefined ? `Give "${name}": a character offset into the document, e.g. an ask source's "${name}".` : `"${name}" must be a number: a character offset into the document.`
const getPassageInput = z.strictObject(
  {
    docId: z.string({ error: GIVE_DOC_ID }).min(1, GIVE_DOC_ID).describe('A document id, from list_documents or an ask source.'),
    start: z.number({ error: offsetError('start') }).int('"start" must be a whole number.').min(0, '"start" cannot be negative.').describe('Offset of the first character, from 0.'),
    end: z.number({ error: offsetError('end') }).int('"end" must be a whole number.').min(1, '"end" must be at least 1.').describe('Offset just past the last character.'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Unknown argument${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => JSON.stringify(k)).join(', ')}: get_passage takes "docId", "start" and "end".` : 'The arguments must be an object such as {"docId": "...", "start": 0, "end": 100}.') },
)
const getPassageOutputSchema = z.object({
  docId: z.string(),
  title: z.string(),
  start: z.number().int(),
  end: z.number().int(),
  text: z.string().describe('doc.text.slice(start, end), verbatim.'),
  sections: z.array(z.string()).describe('The headings of the passages the span overlaps.'),
})

const toolError = (text: string): CallToolResult => ({ isError: true, content: [{ type: 'text', text }] })

/** The answer as an agent reads it: the cited markdown, then what each [n] is. */
function askText(res: AskResponse): string {
  const cited = new Set(res.answer.sentences.flatMap((s) => s.sources))
  const listed = cited.size ? res.sources.filter((s) => cited.has(s.n)) : res.sources
  const lines = listed.map((s) => `[${s.n}] ${s.title}${s.section ? `, "${s.section}"` : ''} (docId ${s.docId}, characters ${s.start}–${s.end})`)
  const heading = cited.size ? 'Sources:' : 'Nearest passages:'
  return [res.answer.markdown, `Status: ${res.status} (confidence ${res.confidence}).`, ...(lines.length ? [[heading, ...lines].join('\n')] : [])].join('\n\n')
}

/**
 * Makes a fresh MCP server per request: /mcp is stateless, so any isolate or process can answer
 * any call. What does not change between requests (schemas, the SDK's JSON Schema validator) is
 * built once here.
 */
export function mcpServers({ index, config, cache }: RouteDeps): () => McpServer {
  const askInput = askArguments(config)
  const jsonSchemaValidator = new AjvJsonSchemaValidator()
  // Once per app, not per MCP request: it reads every document's summary.
  const corpus = describeDocuments(index)
  return () => tools(new McpServer({ name: 'laming-qa', version: OPENAPI_INFO.info.version }, { jsonSchemaValidator }))

  function tools(server: McpServer): McpServer {
    const readOnly = { readOnlyHint: true, openWorldHint: false } as const

    server.registerTool(
      'ask',
      {
        title: 'Ask the documents',
        // Names the documents this server holds, so an agent knows when to call it.
        description: `Answers a question about these documents: ${corpus}; in the documents' own words: each answer sentence is quoted verbatim and cites a source as [n]. \`status\` says whether it answers (answered), may answer (uncertain) or the documents do not say (not_found). Pass earlier questions as \`history\` for follow-ups.`,
        inputSchema: askInput,
        outputSchema: askOutputSchema,
        annotations: readOnly,
      },
      async ({ question, history }) => {
        const res = (await cache.answer(question, history ?? [])).response()
        const { question: q, status, answer, sources, confidence, followUp } = res
        return { content: [{ type: 'text', text: askText(res) }], structuredContent: { question: q, status, answer, sources, confidence, followUp } }
      },
    )

    server.registerTool(
      'list_documents',
      {
        title: 'List the documents',
        description: 'The documents answers come from: id, title, kind, source file and passage count.',
        outputSchema: listDocumentsOutputSchema,
        annotations: readOnly,
      },
      async () => {
        const documents = documentSummaries(index)
        const text = documents.map((d) => `${d.id}: ${d.title} (${d.kind}, ${countNoun(d.passages, 'passage')})`).join('\n')
        return { content: [{ type: 'text', text }], structuredContent: { documents } }
      },
    )

    server.registerTool(
      'get_passage',
      {
        title: 'Read part of a document',
        description: `The verbatim text of a document between two character offsets, e.g. an ask source's start and end, or wider to read around it (at most ${MAX_PASSAGE_CHARS} characters).`,
        inputSchema: getPassageInput,
        outputSchema: getPassageOutputSchema,
        annotations: readOnly,
      },
      async ({ docId, start, end }) => {
        const found = await readDocument(index, docId)
        if (!found) return toolError(unknownDocument(docId, 'list_documents'))
        const { doc, passages } = found
        const length = doc.text.length
        if (start >= length) return toolError(`"start" ${start} is past the end of "${docId}", which has ${length} characters.`)
        if (end <= start) return toolError(`"end" (${end}) must be greater than "start" (${start}).`)
        if (end > length) return toolError(`"end" ${end} is past the end of "${docId}", which has ${length} characters; use at most ${length}.`)
        if (end - start > MAX_PASSAGE_CHARS) return toolError(`Ask for at most ${MAX_PASSAGE_CHARS} characters at a time; ${start}–${end} is ${end - start}.`)
        const sections = [...new Set(passages.filter((p) => p.start < end && p.end > start && p.section).map((p) => p.section!))]
        const text = doc.text.slice(start, end)
        return { content: [{ type: 'text', text }], structuredContent: { docId, title: doc.title, start, end, text, sections } }
      },
    )
    return server
  }
}
