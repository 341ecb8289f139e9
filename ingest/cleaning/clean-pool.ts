// Cleaning is most of a large ingest's time and each document is independent, so a library of
// many documents is cleaned on every core through a piscina worker pool. A few small documents
// are cleaned in this thread: starting workers (each loads the TypeScript sources) costs more.
// Large ones go to a worker even alone: cleaning a 4.5 MB file here held this thread for 14 s,
// and Ctrl-C was not heard until the new index had been written.
import { Piscina } from 'piscina'
import { cleanAndSplit, type CleanResult, type CleanTask } from './clean-task.js'
import type { Progress } from '../pipeline.js'

/** Fewer documents than this, and fewer characters than IN_THREAD_CHARS, are cleaned in this thread, with no progress bar. */
export const PARALLEL_FROM = 64
/** About a second of cleaning on this 2-core machine, which cleans 4.5 MB in 14 s (the seeds are 0.05 MB). */
export const IN_THREAD_CHARS = 300_000

/** `threads`: workers to clean on; 0 cleans every document in this thread (a library caller, whose workers could not load the TypeScript sources). */
export async function cleanAll(tasks: readonly CleanTask[], vocabulary: ReadonlySet<string>, threads: number, progress?: Progress): Promise<CleanResult[]> {
  const chars = tasks.reduce((n, t) => n + t.text.length, 0)
  if (threads <= 0 || (tasks.length < PARALLEL_FROM && chars < IN_THREAD_CHARS)) return tasks.map((t) => cleanAndSplit(t, vocabulary))
  threads = Math.min(threads, tasks.length)
  progress?.start(tasks.length, threads > 1 ? `Cleaning on ${threads} threads` : 'Cleaning', 'document')
  try {
    // A worker even on one core: this thread stays free to hear Ctrl-C.
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
