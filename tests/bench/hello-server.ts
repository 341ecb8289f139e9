// The baselines for npm run bench:load, on the same Node adapter: Hono's hello world, and the
// floor of a cached answer: a route that reads the JSON body and sends back the response it was
// given (FLOOR_RESPONSE, a JSON file of {headers, body}), the least a cached /ask can do.
import { readFileSync } from 'node:fs'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const floor = process.env.FLOOR_RESPONSE ? (JSON.parse(readFileSync(process.env.FLOOR_RESPONSE, 'utf8')) as { headers: Record<string, string>; body: string }) : null

const app = new Hono()
app.get('/', (c) => c.text('Hello Hono!'))
app.post('/ask', (c) => c.json({ hello: 'Hono' }))
if (floor) {
  app.post('/floor/ask', async (c) => {
    await c.req.json()
    return c.body(floor.body, 200, floor.headers)
  })
}
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0) }, (info) => console.log(`Open http://localhost:${info.port}/`))
