import { spawn } from 'node:child_process'
import { ROOT } from './paths.js'
import type { Running } from './servers.js'

/** `wrangler dev` (workerd, offline) on a free port, built from the given index. */
export async function startWranglerDev(indexDir: string, vars: Record<string, string> = {}): Promise<Running> {
  const args = ['wrangler', 'dev', '--port', '0', '--ip', '127.0.0.1', '--inspector-port', '0', '--show-interactive-dev-session=false']
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  const child = spawn('npx', args, {
    cwd: ROOT,
    env: { ...process.env, LAMING_INDEX_DIR: indexDir, CI: '1', WRANGLER_SEND_METRICS: 'false' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start:\n${output}`)), 120_000)
    const read = (chunk: Buffer) => {
      output += chunk.toString()
      const m = /Ready on (http:\/\/127\.0\.0\.1:\d+)/.exec(output)
      if (m) {
        clearTimeout(timer)
        resolve(m[1])
      }
    }
    child.stdout!.on('data', read)
    child.stderr!.on('data', read)
    child.on('exit', (code) => reject(new Error(`wrangler dev exited ${code}:\n${output}`)))
  })
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve())
        process.kill(-child.pid!, 'SIGTERM')
      }),
  }
}
