// The baseline for npm run bench:load: Hono's hello world on the same Node adapter.
import { serve } from '@hono/node-server'
import { Hono } from 'hono'

const app = new Hono()
app.get('/', (c) => c.text('Hello Hono!'))
app.post('/ask', (c) => c.json({ hello: 'Hono' }))
serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 0) }, (info) => console.log(`Open http://localhost:${info.port}/`))
