// Cleaning is most of a large ingest's time and each document is independent, so a library of
// many documents is cleaned on every core through a piscina worker pool. A few documents are
// cleaned in this thread: starting workers (each loads the TypeScript sources) costs more.
import { Piscina } from 'piscina'
import { cleanAndSplit, type CleanResult, type CleanTask } from './clean-task.js'
import type { Progress } from './pipeline.js'

/** Fewer documents than this are cleaned in this thread, with no progress bar. */
export const PARALLEL_FROM = 64

export async function cleanAll(tasks: readonly CleanTask[], vocabulary: ReadonlySet<string>, threads: number, progress?: Progress): Promise<CleanResult[]> {
  if (tasks.length < PARALLEL_FROM) return tasks.map((t) => cleanAndSplit(t, vocabulary))
  progress?.start(tasks.length, threads > 1 ? `Cleaning on ${threads} threads` : 'Cleaning', 'documents')
  try {
    if (threads <= 1) {
      return tasks.map((t) => {
        const r = cleanAndSplit(t, vocabulary)
        progress?.tick(1)
        return r
      })
    }
    const pool = new Piscina<CleanTask, CleanResult>({
      filename: new URL('./clean-worker.ts', import.meta.url).href,
      workerData: { vocabulary: [...vocabulary] },
      minThreads: threads,
      maxThreads: threads,
    })
    try {
      return await Promise.all(tasks.map((t) => pool.run(t).then((r) => (progress?.tick(1), r))))
    } finally {
      await pool.destroy()
    }
  } finally {
    progress?.stop()
  }
}
