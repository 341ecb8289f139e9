import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

export const ROOT = new URL('../..', import.meta.url).pathname
export const SEEDS = join(ROOT, 'seeds')
export const GENERATED = join(ROOT, 'tests/.generated')
export const TINY_MODEL_DIR = join(GENERATED, 'models/tiny-bert')
export const LEXICAL_INDEX = join(GENERATED, 'index-lexical')
export const TINY_INDEX = join(GENERATED, 'index-tiny')
/** Five software licences as plain text wrapped at one width: a corpus of someone else's documents. */
export const LICENCES = join(ROOT, 'tests/eval/licences')
export const LICENCES_INDEX = join(GENERATED, 'index-licences')
/** Five package READMEs in Markdown (their licences in tests/eval/readme-notices): lists, quotes, tables and code. */
export const READMES = join(ROOT, 'tests/eval/readmes')
export const READMES_INDEX = join(GENERATED, 'index-readmes')

export const seedText = (prefix: string): string => {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix))
  if (!file) throw new Error(`no seed ${prefix}`)
  return readFileSync(join(SEEDS, file), 'utf8')
}
