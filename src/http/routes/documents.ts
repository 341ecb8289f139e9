import { Hono } from 'hono'
import { etag } from 'hono/etag'
import type { AppDeps } from '../app.js'
import { methodNotAllowed } from '../middleware/method-not-allowed.js'

export function documentRoutes({ index }: AppDeps) {
  const app = new Hono()
  app.use('*', etag())
  app.get('/', (c) =>
    c.json(
      [...index.documents.values()].map((d) => ({
        id: d.id,
        title: d.title,
        kind: d.kind,
        file: d.file,
        passages: index.passages.filter((p) => p.docId === d.id).length,
      })),
    ),
  )
  app.get('/:id', (c) => {
    const doc = index.documents.get(c.req.param('id'))
    if (!doc) return c.json({ error: `No document "${c.req.param('id')}"; GET /documents lists them.` }, 404)
    return c.json({
      id: doc.id,
      title: doc.title,
      kind: doc.kind,
      file: doc.file,
      text: doc.text,
      ...(doc.pageStarts ? { pageStarts: doc.pageStarts } : {}),
      passages: index.passages
        .filter((p) => p.docId === doc.id)
        .map((p) => ({
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
    })
  })
  app.all('/', methodNotAllowed(['GET', 'HEAD', 'OPTIONS']))
  app.all('/:id', methodNotAllowed(['GET', 'HEAD', 'OPTIONS']))
  return app
}
