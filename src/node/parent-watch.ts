import { existsSync, readFileSync } from 'node:fs'

/** How many ancestors to watch: the shell npm starts, and npm itself. */
const LEVELS = 2

function parentOf(pid: number): number | null {
  const stat = `/proc/${pid}/stat`
  if (!existsSync(stat)) return null
  // Fields after the command name, which is in parentheses and may hold spaces.
  const after = readFileSync(stat, 'utf8').split(') ').at(-1)!.split(' ')
  return Number(after[1]) || null
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM'
  }
}

let ancestors: number[] | null = null
/** Under npm, at least npm's shell sits between npm and this process. */
let orphanedAtStart = false

/**
 * Whether a process that started this one has exited. Killing `npm run ingest` or `npm start` by
 * its PID ends npm and its shell, but this process would run on (swap in its index, keep the
 * port): nothing tells it, so it looks. Linux only (/proc); elsewhere always false.
 */
export function orphaned(): boolean {
  if (ancestors === null) return false
  return orphanedAtStart || !ancestors.every(alive)
}

/** Start watching this process's ancestors; `onOrphaned` runs when one exits. Call it first thing. */
export function whenParentsExit(onOrphaned: () => void, everyMs = 250): void {
  // Only under npm: run directly (nohup, a CI wrapper), an ancestor's exit is no request to stop.
  if (process.env.npm_lifecycle_event === undefined || !existsSync(`/proc/${process.ppid}`)) return
  ancestors = []
  for (let pid = process.ppid; pid > 1 && ancestors.length < LEVELS; pid = parentOf(pid) ?? 0) ancestors.push(pid)
  orphanedAtStart = ancestors.length < 1
  setInterval(() => {
    if (orphaned()) onOrphaned()
  }, everyMs).unref()
}
