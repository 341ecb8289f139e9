import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi'
import { etag } from 'hono/etag'
import type { SearchIndex } from '../../index/search-index.js'
import { passageCount, readDocument } from '../../index/index-store.js'
import type { AppDeps } from '../app.js'
import type { AppEnv } from '../env.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'
import { errorResponse, meteredSecurity, mergeResponses, sharedErrorResponses } from '../openapi.js'
import { DocumentSchema, DocumentSummarySchema } from '../schemas.js'

const ALLOW = 'GET, HEAD, OPTIONS'

/** What GET /documents and the MCP `list_documents` tool list. */
export function documentSummaries(index: SearchIndex): z.infer<typeof DocumentSummarySchema>[] {
  return [...index.documents.values()].map((d) => ({
    id: d.id,
    title: d.title,
    kind: d.kind,
    file: d.file,
    passages: passageCount(index, d.id),
  }))
}

/** Most titles a description names; a larger corpus is summed up as "and N more". */
const TITLES_NAMED = 5

/** The documents in a sentence's worth: the first few titles with their kinds, then how many more. */
export function describeDocuments(index: SearchIndex): string {
  const docs = [...index.documents.values()]
  const named = docs.slice(0, TITLES_NAMED).map((d) => `"${d.title}" (${d.kind})`)
  const more = docs.length - named.length
  return `${named.join('; ')}${more > 0 ? `; and ${more} more` : ''}`
}

export const unknownDocument = (id: string, listedBy = 'GET /documents') => `No document "${id}"; ${listedBy} lists them.`

export function documentRoutes({ index, config }: AppDeps) {
  const app = new OpenAPIHono<AppEnv>()
  app.use('*', etag())

  // Both routes answer a current If-None-Match with 304 (Hono's etag middleware).
  const ETAG_HEADER = { ETag: { description: 'Send it back as If-None-Match to get 304 while the index is unchanged.', schema: { type: 'string' as const } } }
  const NOT_MODIFIED = { description: 'Not modified: the If-None-Match ETag is current. No body.' }
  const list = createRoute({
    method: 'get',
    path: '/',
    operationId: 'listDocuments',
    tags: ['Documents'],
    summary: 'List the documents',
    description: 'Answers can come from any of these. Sent with an ETag; If-None-Match gets 304.',
    responses: mergeResponses(
      {
        200: { description: 'The documents.', headers: ETAG_HEADER, content: { 'application/json': { schema: z.array(DocumentSummarySchema) } } },
        304: NOT_MODIFIED,
      },
      sharedErrorResponses('/documents', ALLOW, { metered: true }),
    ),
    ...meteredSecurity(config),
  })
  app.openapi(list, (c) => c.json(documentSummaries(index), 200))

  const one = createRoute({
    method: 'get',
    path: '/{id}',
    operationId: 'getDocument',
    tags: ['Documents'],
    summary: 'Get a document',
    description: "A document's cleaned text, with its passages and sentences as offsets into that text. Answer sources' `start`/`end` point into the same text.",
    request: { params: z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' }, example: '004_c70c0011b1986d2f' }) }) },
    responses: mergeResponses(
      {
        200: { description: 'The document.', headers: ETAG_HEADER, content: { 'application/json': { schema: DocumentSchema } } },
        304: NOT_MODIFIED,
        404: errorResponse('No document has that id.', { 'unknown document': unknownDocument('nope') }),
      },
      sharedErrorResponses('/documents/{id}', ALLOW, { metered: true }),
    ),
    ...meteredSecurity(config),
  })
  app.openapi(one, async (c) => {
    const id = c.req.valid('param').id
    const found = await readDocument(index, id)
    if (!found) return c.json({ error: unknownDocument(id) }, 404)
    const { doc, passages } = found
    return c.json(
      {
        id: doc.id,
        title: doc.title,
        kind: doc.kind,
        file: doc.file,
        text: doc.text,
        ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}),
        passages: passages.map((p) => ({
          id: p.id,
          section: p.section,
          unit: p.unit,
          start: p.start,
          end: p.end,
          origStart: p.origStart,
          origEnd: p.origEnd,
          ...(p.pages ? { pages: p.pages } : {}),
          sentences: p.sentences.map((s) => ({ start: s.start, end: s.end, origStart: s.origStart, origEnd: s.origEnd })),
        })),
      },
      200,
    )
  })
  app.all('/', methodNotAllowed(ALLOW.split(', ')))
  app.all('/:id', methodNotAllowed(ALLOW.split(', ')))
  return app
}
