import { startCommand, type Started } from './servers.js'

/** `npm run dev` (wrangler dev in workerd, offline) as the README runs it, on a free port, built from the given index. */
export function startWranglerDev(indexDir: string, vars: Record<string, string> = {}, timeoutMs?: number): Promise<Started> {
  const args = ['run', 'dev', '--', '--port', '0', '--ip', '127.0.0.1', '--inspector-port', '0', '--show-interactive-dev-session=false']
  for (const [k, v] of Object.entries(vars)) args.push('--var', `${k}:${v}`)
  return startCommand('npm', args, { LAMING_INDEX_DIR: indexDir, CI: '1', WRANGLER_SEND_METRICS: 'false' }, /Ready on (http:\/\/127\.0\.0\.1:\d+)/, timeoutMs)
}
