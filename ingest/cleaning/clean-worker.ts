// A worker thread of the cleaning pool (clean-pool.ts): the corpus vocabulary arrives once,
// then one document per task.
import { workerData } from 'node:worker_threads'
import { cleanAndSplit, type CleanResult, type CleanTask } from './clean-task.js'

const vocabulary = new Set<string>((workerData as { vocabulary: string[] }).vocabulary)

export default function clean(task: CleanTask): CleanResult {
  return cleanAndSplit(task, vocabulary)
}
