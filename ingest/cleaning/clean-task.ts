// Cleaning one document and cutting it into passages: the per-document work of ingest, run in
// this thread or in a worker (clean-worker.ts), so it takes and returns plain data.
import type { DocumentKind, PassageRecord } from '../../src/index/corpus.js'
import { cleanDocument, type SourceFormat } from './clean.js'
import { buildPassages } from '../passages/passages.js'
import type { SourceFile } from '../formats/read-sources.js'

export type CleanTask = Pick<SourceFile, 'id' | 'text' | 'format' | 'pdf'>

export interface CleanResult {
  title: string
  kind: DocumentKind
  text: string
  pageStarts?: number[]
  passages: PassageRecord[]
}

export function cleanAndSplit(task: CleanTask, vocabulary: ReadonlySet<string>): CleanResult {
  const cleaned = cleanDocument(task.text, vocabulary, task.format as SourceFormat, task.pdf)
  return {
    title: cleaned.title,
    kind: cleaned.kind,
    text: cleaned.text.text,
    ...(cleaned.pageStarts ? { pageStarts: cleaned.pageStarts } : {}),
    passages: buildPassages(task.id, cleaned),
  }
}
