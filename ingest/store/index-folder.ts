// Keeping an index folder whole: one writer at a time, recovery of what a crash left, and
// removal of leftovers. The write itself is in write-index.ts.
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import lockfile from 'proper-lockfile'
import { CURRENT_FILE, INDEX_FILES, indexExists } from '../../src/node/read-index.js'

export const GENERATION_PREFIX = 'gen-'
/** A lock not refreshed for this long belongs to a process that died; the next ingest takes it over. */
const STALE_LOCK_MS = 10_000

export class FolderLockedError extends Error {}

/** Set when the lock was taken over (this process stalled past STALE_LOCK_MS): write-index must not swap then. */
let lockLost: string | null = null
export const lostLock = () => lockLost

/**
 * Take the folder for this process alone (proper-lockfile: an atomic mkdir, refreshed while we
 * run, taken over when stale). Resolves with the release function.
 */
export async function lockIndexFolder(outDir: string): Promise<() => Promise<void>> {
  const out = resolve(outDir)
  mkdirSync(dirname(out), { recursive: true })
  try {
    return await lockfile.lock(out, {
      realpath: false,
      lockfilePath: join(dirname(out), `.${basename(out)}.lock`),
      stale: STALE_LOCK_MS,
      retries: 0,
      // Another ingest may now own the folder: stop before the swap, never write over it.
      onCompromised: (e) => {
        lockLost = `lost the lock on ${outDir} (${e.message}), so another ingest may be writing it`
      },
    })
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ELOCKED') {
      throw new FolderLockedError(
        `Another ingest is writing ${outDir}; wait for it to finish and run this again. (If none is running, its lock clears by itself within ${STALE_LOCK_MS / 1000} s.)`,
      )
    }
    throw e
  }
}

const generationTime = (name: string) => Number(name.slice(GENERATION_PREFIX.length).split('-')[0]) || 0
/** Only folders ingest named: `gen-<ms>-<pid>` or `gen-<ms>-recovered`; anything else in the folder is left alone. */
const GENERATION = /^gen-\d+-(\d+|recovered)$/
const complete = (dir: string) => existsSync(join(dir, INDEX_FILES.manifest))

function generations(out: string): string[] {
  if (!existsSync(out)) return []
  return readdirSync(out)
    .filter((n) => GENERATION.test(n))
    .sort((a, b) => generationTime(a) - generationTime(b))
}

/**
 * Keep the generation in use and the complete one before it (a server starting during the
 * swap may still be reading it); remove the others, incomplete ones included, and the files of
 * an index written before generations. Call only while holding the lock, or right after writing.
 */
export function pruneGenerations(out: string): string[] {
  const pointer = join(out, CURRENT_FILE)
  if (!existsSync(out)) return []
  // Pointers a killed run wrote but never renamed.
  for (const n of readdirSync(out)) if (n.startsWith(`${CURRENT_FILE}.`) && n.endsWith('.tmp')) rmSync(join(out, n), { force: true })
  if (!existsSync(pointer)) {
    // No index yet: every generation is an unfinished first write (recovery has taken any complete one).
    const removed = generations(out)
    for (const g of removed) rmSync(join(out, g), { recursive: true, force: true })
    return removed
  }
  const current = readFileSync(pointer, 'utf8').trim()
  const older = generations(out).filter((g) => g !== current && generationTime(g) <= generationTime(current) && complete(join(out, g)))
  const keep = new Set([current, older.at(-1)])
  const removed = generations(out).filter((g) => !keep.has(g))
  for (const g of removed) rmSync(join(out, g), { recursive: true, force: true })
  for (const f of [INDEX_FILES.manifest, INDEX_FILES.corpus, INDEX_FILES.lexicon, INDEX_FILES.vectraFolder]) rmSync(join(out, f), { recursive: true, force: true })
  return removed
}

/** Make `generation` the index in `out`: CURRENT is written aside and renamed over, so a reader sees the old pointer or the new, never half of one. */
export function pointCurrentAt(out: string, generation: string): void {
  const tmp = join(out, `${CURRENT_FILE}.${process.pid}.tmp`)
  writeFileSync(tmp, generation)
  renameSync(tmp, join(out, CURRENT_FILE))
}

/**
 * Before an ingest (holding the lock): restore a complete index a crash left unused, then
 * remove leftovers. A folder without CURRENT takes its newest complete generation; one with no
 * index at all takes a complete copy an older version of ingest left beside it
 * (`.NAME.tmp-*` or `.NAME.old-*`). Returns one line per thing done.
 */
export function recoverIndexFolder(outDir: string): string[] {
  const out = resolve(outDir)
  const said: string[] = []
  if (!existsSync(join(out, CURRENT_FILE))) {
    const newest = generations(out).filter((g) => complete(join(out, g))).at(-1)
    if (newest) {
      pointCurrentAt(out, newest)
      said.push(`Recovered the complete index an interrupted ingest left in ${outDir}/${newest}.`)
    }
  }
  const parent = dirname(out)
  const legacy = existsSync(parent) ? readdirSync(parent).filter((n) => n.startsWith(`.${basename(out)}.tmp-`) || n.startsWith(`.${basename(out)}.old-`)) : []
  if (!indexExists(out)) {
    const restorable = legacy.filter((n) => complete(join(parent, n))).sort((a, b) => (a.includes('.old-') === b.includes('.old-') ? 0 : a.includes('.old-') ? -1 : 1)).at(0)
    if (restorable) {
      mkdirSync(out, { recursive: true })
      const generation = `${GENERATION_PREFIX}${Date.now()}-recovered`
      renameSync(join(parent, restorable), join(out, generation))
      pointCurrentAt(out, generation)
      said.push(`Restored the complete index an interrupted ingest left in ${join(parent, restorable)}.`)
    }
  }
  for (const n of legacy) {
    if (!existsSync(join(parent, n))) continue
    rmSync(join(parent, n), { recursive: true, force: true })
    said.push(`Removed ${join(parent, n)}, left by an interrupted ingest.`)
  }
  for (const g of pruneGenerations(out)) said.push(`Removed ${outDir}/${g}, left by an interrupted ingest.`)
  return said
}
