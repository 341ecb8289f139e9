// Where `npm run build:worker` writes the Worker's index, shared by the build and `npm run d1:load`.
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'

export const WORKER_INDEX_MODULE = 'dist/worker-index.js'
/** Written only when the index goes to D1: the tables' SQL in parts, and which index they hold. */
export const D1_DIR = 'dist/d1'
/** Which index the SQL holds: a hash of the tables' rows (write-d1-index.ts). */
export const D1_VERSION = join(D1_DIR, 'version')

const filesLike = (pattern: RegExp): string[] =>
  existsSync(D1_DIR)
    ? readdirSync(D1_DIR)
        .filter((f) => pattern.test(f))
        .sort()
        .map((f) => join(D1_DIR, f))
    : []

/** The SQL files, in the order they load. */
export const d1SqlFiles = (): string[] => filesLike(/^index-\d+\.sql$/)
/** The passage vectors for Vectorize (an index built with a model). */
export const vectorFiles = (): string[] => filesLike(/^vectors-\d+\.ndjson$/)
