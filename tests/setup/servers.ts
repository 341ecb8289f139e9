import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { chromium, type Browser } from 'playwright-core'
import { ROOT } from './paths.js'

export interface Running {
  url: string
  stop(): Promise<void>
}

export interface Started extends Running {
  /** The command's own process (npm's, for `npm start`), not the processes it started. */
  pid: number
  /** Everything the command printed so far, stdout and stderr interleaved. */
  output(): string
  /** Send a signal to the command's process group, as a terminal or a process manager would; resolves with the exit code. */
  signal(name: NodeJS.Signals): Promise<number | null>
}

/**
 * Runs a command as a user would, in its own process group, until `ready` matches its output;
 * resolves with the first capture group as the URL. `env` is all the environment it gets
 * beyond PATH and HOME, so no undocumented variable can make it work.
 */
export async function startCommand(command: string, args: string[], env: Record<string, string>, ready: RegExp, timeoutMs = 120_000, cwd = ROOT): Promise<Started> {
  const child: ChildProcess = spawn(command, args, {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${command} ${args.join(' ')} did not start:\n${output}`)), timeoutMs)
    let started = false
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      // Once started, stop matching: a busy server's log would make every chunk rescan it all.
      const m = started ? null : ready.exec(output)
      if (m) {
        started = true
        clearTimeout(timer)
        resolve(m[1].replace('localhost', '127.0.0.1'))
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${output}`)))
  })
  return {
    url,
    pid: child.pid!,
    output: () => output,
    signal: (name) =>
      new Promise<number | null>((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode)
        child.once('exit', (code) => resolve(code))
        process.kill(-child.pid!, name)
      }),
    stop: () =>
      new Promise<void>((resolve) => {
        // Exited, or killed by a signal (then exitCode stays null).
        if (child.exitCode !== null || child.signalCode !== null) return resolve()
        child.once('exit', () => resolve())
        process.kill(-child.pid!, 'SIGTERM')
      }),
  }
}

/** `npm start`, as the README runs it, on a free port, serving the given index folder (LAMING_INDEX_DIR, documented). */
export function startAppServer(indexDir: string, allowedOrigins: string[] = [], settings: Record<string, string> = {}): Promise<Started> {
  const env: Record<string, string> = { PORT: '0', LAMING_INDEX_DIR: indexDir, ...settings }
  if (allowedOrigins.length) env.ALLOWED_ORIGINS = allowedOrigins.join(',')
  return startCommand('npm', ['start'], env, /Open (http:\/\/localhost:\d+)\//)
}

/** The nonce of the host page's own style sheet, under its Content-Security-Policy (/csp). */
const HOST_NONCE = 'host-styles'

/**
 * A page on another origin that embeds the widget with one script tag, and CSS that tries to leak
 * into it: an intranet page. At /csp, the same page under the Content-Security-Policy
 * the README tells such a page to send: the widget's origin allowed for scripts and requests, and
 * styles only from the page itself (its own sheet by nonce).
 */
export async function startHostPage(widgetSrc: () => string, opts: { example?: string } = { example: 'What did Laming say about court fees?' }): Promise<{ port: number; stop(): Promise<void> }> {
  // Hostile on purpose: CSS that tries to leak into the widget, rules aimed at the widget's own
  // element, a fixed cookie bar over the corner the launcher sits in, and a sticky header.
  // At /transformed, a transform on <body> (which makes "fixed" relative to it) and the script tag twice, the second with settings it cannot use.
  const html = (transformed = false) => {
    const widgetTag = `<script src="${widgetSrc()}" data-title="Policy helper"${opts.example ? ` data-example="${opts.example}"` : ''} data-color="#7a1fa8" data-position="bottom-right" defer></script>`
    return `<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Intranet</title>
<style nonce="${HOST_NONCE}">* { color: rgb(0, 128, 0); } button { background: rgb(255, 0, 0) !important; font-size: 40px !important; } .probe { font-size: 18px; }
body > * { position: relative !important; z-index: 1 !important; }
.cookie-bar { position: fixed !important; left: 0; right: 0; bottom: 0; height: 120px; background: #333; z-index: 1000 !important; }
.sticky-header { position: sticky !important; top: 0; height: 70px; background: #ccc; z-index: 1000 !important; }${transformed ? ' body { transform: translateZ(0); min-height: 4000px; }' : ''}</style></head>
<body><header class="sticky-header">Intranet header</header><h1>Team intranet</h1><p class="probe">Host content</p><button class="host-button">Host button</button>
<div class="cookie-bar">We use cookies.</div>
${widgetTag}${transformed ? widgetTag.replace('data-color="#7a1fa8" data-position="bottom-right"', 'data-color="url(x)" data-position="top-left"') : ''}</body></html>`
  }
  const server: Server = createServer((req, res) => {
    const assistant = new URL(widgetSrc()).origin
    const csp = `default-src 'self'; script-src 'self' ${assistant}; connect-src 'self' ${assistant}; style-src 'self' 'nonce-${HOST_NONCE}'; img-src 'self' data:`
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', ...(req.url === '/csp' ? { 'content-security-policy': csp } : {}) })
    res.end(html(req.url === '/transformed'))
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
