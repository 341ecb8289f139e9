// The Node server's own limits, through `npm start` as the README runs it.
import { connect, type Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { LEXICAL_INDEX } from '../setup/paths.js'
import { startAppServer, type Started } from '../setup/servers.js'

/** A raw connection, to send a request piece by piece; resolves with what came back when the server closed it. */
function rawConnection(url: string) {
  const { hostname, port } = new URL(url)
  const socket: Socket = connect(Number(port), hostname)
  let received = ''
  socket.on('data', (d) => (received += d.toString()))
  const closed = new Promise<{ received: string; at: number }>((resolve) => {
    socket.on('close', () => resolve({ received, at: performance.now() }))
    socket.on('error', () => {})
  })
  return { socket, closed, received: () => received }
}

const askBody = JSON.stringify({ question: 'What did Laming say about court fees?' })
const askHead = (url: string, length = Buffer.byteLength(askBody)) =>
  `POST /ask HTTP/1.1\r\nHost: ${new URL(url).host}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`

describe('npm start with RATE_LIMIT_PER_MINUTE', () => {
  let server: Started
  beforeAll(async () => {
    server = await startAppServer(LEXICAL_INDEX, [], { RATE_LIMIT_PER_MINUTE: '5' })
  }, 180_000)
  afterAll(() => server?.stop())

  it('prints the limits in effect at start-up', () => {
    expect(server.output()).toMatch(/Limits: 5 API requests per minute per client; no API keys/)
  })

  it('answers five questions a minute from one client, then 429 with Retry-After', async () => {
    const statuses: number[] = []
    let last: Response | null = null
    for (let i = 0; i < 6; i++) {
      last = await fetch(`${server.url}/ask?q=court+fees+${i}`)
      statuses.push(last.status)
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    expect(Number(last!.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(((await last!.json()) as { error: string }).error).toMatch(/Too many requests/)
  })

  it('writes one JSON line per request with no question in it', async () => {
    // The log is written asynchronously; give it a moment to arrive.
    const t0 = Date.now()
    while ((server.output().match(/"route":"\/ask"/g) ?? []).length < 6 && Date.now() - t0 < 5000) await new Promise((r) => setTimeout(r, 50))
    const lines = server
      .output()
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>)
    const asks = lines.filter((l) => l.route === '/ask')
    expect(asks.length).toBeGreaterThanOrEqual(6)
    expect(asks.map((l) => l.status)).toContain(429)
    for (const l of asks) expect(Object.keys(l)).toEqual(expect.arrayContaining(['method', 'route', 'status', 'ms', 'client', 'requestId']))
    expect(server.output()).not.toMatch(/court fees/)
  })

  it('closes a connection whose headers trickle in for over 10 s', async () => {
    const c = rawConnection(server.url)
    const t0 = performance.now()
    c.socket.write(`GET /health HTTP/1.1\r\nHost: ${new URL(server.url).host}\r\n`)
    const trickle = setInterval(() => c.socket.write('X-Slow: 1\r\n'), 1000)
    const { at } = await c.closed
    clearInterval(trickle)
    expect((at - t0) / 1000).toBeGreaterThan(9)
    expect((at - t0) / 1000).toBeLessThan(14)
  }, 20_000)

  it('takes no more than 64 connections from one address at once', async () => {
    const sockets = Array.from({ length: 70 }, () => rawConnection(server.url))
    await new Promise((r) => setTimeout(r, 1000))
    const open = sockets.filter((s) => !s.socket.destroyed && s.socket.readyState === 'open')
    expect(open.length).toBe(64)
    for (const s of sockets) s.socket.destroy()
  })
})

describe('npm start, unlimited', () => {
  let drained: Started
  beforeAll(async () => {
    drained = await startAppServer(LEXICAL_INDEX, [], { RATE_LIMIT_PER_MINUTE: '0' })
  }, 180_000)

  it('cuts off a request whose body trickles in, within 30 s', async () => {
    const c = rawConnection(drained.url)
    const t0 = performance.now()
    c.socket.write(askHead(drained.url, 10_000))
    const trickle = setInterval(() => c.socket.write(' '), 2000)
    const { at } = await c.closed
    clearInterval(trickle)
    expect((at - t0) / 1000).toBeLessThan(33)
  }, 40_000)

  it('counts a chunked body (no Content-Length) against the size limit: 413 over it, an answer under it', async () => {
    const chunked = async (body: string) => {
      const c = rawConnection(drained.url)
      const head = `POST /ask HTTP/1.1\r\nHost: ${new URL(drained.url).host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`
      const pieces = body.match(/[\s\S]{1,4000}/g)!.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`)
      c.socket.write(head + pieces.join('') + '0\r\n\r\n')
      return (await c.closed).received
    }
    const over = await chunked(JSON.stringify({ question: 'court fees', history: ['b'.repeat(20_000)] }))
    expect(over).toMatch(/^HTTP\/1.1 413/)
    expect(over).toMatch(/over 16384 bytes/)
    const under = await chunked(askBody)
    expect(under).toMatch(/^HTTP\/1.1 200/)
    expect(under).toMatch(/court fees/)
  })

  it('on SIGTERM finishes the request in flight, then stops taking connections and exits', async () => {
    const server = drained
    const c = rawConnection(server.url)
    c.socket.write(askHead(server.url))
    c.socket.write(askBody.slice(0, 10))
    await new Promise((r) => setTimeout(r, 300))
    const exited = server.signal('SIGTERM')
    await new Promise((r) => setTimeout(r, 500))
    c.socket.write(askBody.slice(10))
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => {
        if (/\r\n\r\n[\s\S]*"status"/.test(c.received())) clearInterval(poll), resolve()
      }, 50)
    })
    expect(c.received()).toMatch(/^HTTP\/1.1 200/)
    expect(c.received()).toMatch(/court fees/)
    c.socket.end()
    await exited
    await new Promise((r) => setTimeout(r, 1500))
    const refused = await fetch(`${server.url}/health`).then(
      () => false,
      () => true,
    )
    expect(refused).toBe(true)
    expect(server.output()).toMatch(/SIGTERM: finishing requests in flight/)
  }, 60_000)
})

describe('npm start stopped by its own PID', () => {
  it('stops the server it started, as a process manager that ends only the main process expects', async () => {
    const server = await startAppServer(LEXICAL_INDEX)
    try {
      process.kill(server.pid, 'SIGTERM')
      const refused = async () =>
        fetch(`${server.url}/health`).then(
          () => false,
          () => true,
        )
      const deadline = Date.now() + 10_000
      while (!(await refused()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200))
      expect(await refused()).toBe(true)
      expect(server.output()).toMatch(/npm start was stopped: finishing requests in flight/)
    } finally {
      await server.stop()
    }
  }, 180_000)
})
