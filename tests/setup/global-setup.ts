// Builds what the suites share once: the web bundles, the generated model, two indexes of the
// seeds, one of the licences and one of the READMEs.
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { ingest } from '../../ingest/pipeline.js'
import { DEFAULT_MODEL } from '../../src/embedder.js'
import { GENERATED, LEXICAL_INDEX, LICENCES, LICENCES_INDEX, READMES, READMES_INDEX, ROOT, SEEDS, TINY_INDEX, TINY_MODEL_DIR } from './paths.js'
import { generateTinyModel } from './tiny-model.js'

export default async function setup(): Promise<void> {
  rmSync(GENERATED, { recursive: true, force: true })
  execFileSync(process.execPath, ['web/build.mjs'], { cwd: ROOT, stdio: 'inherit' })
  const corpus = readdirSync(SEEDS).map((f) => readFileSync(join(SEEDS, f), 'utf8')).join('\n')
  generateTinyModel(TINY_MODEL_DIR, corpus)
  await ingest({ source: SEEDS, out: LEXICAL_INDEX, model: DEFAULT_MODEL, lexicalOnly: true })
  await ingest({ source: SEEDS, out: TINY_INDEX, model: DEFAULT_MODEL, modelDir: TINY_MODEL_DIR })
  await ingest({ source: LICENCES, out: LICENCES_INDEX, model: DEFAULT_MODEL, lexicalOnly: true })
  await ingest({ source: READMES, out: READMES_INDEX, model: DEFAULT_MODEL, lexicalOnly: true })
}
