import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { ROOT } from './paths.js'

export interface Running {
  url: string
  stop(): Promise<void>
}

/** The real Node server (`src/node/server.ts`) on a free port. */
export async function startAppServer(indexDir: string, allowedOrigins: string[] = []): Promise<Running> {
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/node/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', LAMING_INDEX_DIR: indexDir, ALLOWED_ORIGINS: allowedOrigins.join(','), LAMING_WEB_DIR: 'web/public' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 30_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /Open (http:\/\/localhost:\d+)\//.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1].replace('localhost', '127.0.0.1'))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`server exited ${code}:\n${output}`)))
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        child.kill()
      }),
  }
}

/** A page on another origin that embeds the widget with one script tag, and CSS that tries to leak into it. */
export async function startHostPage(widgetSrc: () => string): Promise<{ port: number; stop(): Promise<void> }> {
  const html = () => `<!doctype html><html><head><meta charset="utf-8"><title>Intranet</title>
<style>* { color: rgb(0, 128, 0); } button { background: rgb(255, 0, 0) !important; font-size: 40px !important; } .probe { font-size: 18px; }</style></head>
<body><h1>Team intranet</h1><p class="probe">Host content</p><button class="host-button">Host button</button>
<script src="${widgetSrc()}" data-title="Policy helper" data-color="#7a1fa8" data-position="bottom-right" defer></script></body></html>`
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
    res.end(html())
  })
  await new Promise<void>((resolve) => server.listen(0, resolve))
  return { port: (server.address() as AddressInfo).port, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  })
}
