// `npm run d1:load [-- --remote]`: loads what `npm run build:worker` wrote for D1 when the index
// was too large to bundle. Locally (what `npm run dev` reads) it goes through wrangler's
// getPlatformProxy into wrangler dev's own storage: `wrangler d1 execute --local` re-parses the
// SQL character by character (118 s at 100×, against 6 s). Remotely, `wrangler d1 execute`
// uploads each file, and `wrangler vectorize upsert` the vectors (Vectorize has no local simulation).
import { existsSync, readFileSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import { META_SELECT, splitStatements } from '../../index/d1-format.js'
import type { D1Database } from '../../worker/d1-store.js'
import { D1_VERSION, d1SqlFiles, vectorFiles } from './worker-index-files.js'

const BINDING = 'INDEX_DB'
const USAGE = 'Usage: npm run d1:load -- [--remote] [--vectorize-index NAME] [--persist-to DIR] [--if-needed]'
/** wrangler.toml's [[vectorize]] index_name. */
const VECTORIZE_INDEX = 'laming-qa-passages'

/** Prints progress after each file; returns the seconds since the first. */
function progressOf(files: string[]) {
  const total = files.reduce((n, f) => n + statSync(f).size, 0)
  const t0 = Date.now()
  let done = 0
  return {
    size: `${(total / 2 ** 20).toFixed(1)} MiB of SQL in ${files.length} files`,
    fileDone(k: number, file: string) {
      done += statSync(file).size
      const s = (Date.now() - t0) / 1000
      console.log(`  ${k + 1}/${files.length} files, ${Math.round((100 * done) / total)}%, ${s.toFixed(0)} s, about ${((s * (total - done)) / done).toFixed(0)} s left`)
    },
    seconds: () => ((Date.now() - t0) / 1000).toFixed(1),
  }
}

async function loadLocal(files: string[], version: string, persistTo: string | undefined, ifNeeded: boolean): Promise<number> {
  const { getPlatformProxy } = await import('wrangler')
  const proxy = await getPlatformProxy<{ INDEX_DB?: D1Database }>({ persist: persistTo ? { path: persistTo } : true, remoteBindings: false })
  try {
    const db = proxy.env.INDEX_DB
    if (!db) {
      console.error(`wrangler.toml has no D1 binding named ${BINDING}; add the [[d1_databases]] block the README shows.`)
      return 1
    }
    const held = await db
      .batch<{ value: string }>([db.prepare(META_SELECT)])
      .then((r) => r[0].results[0]?.value)
      .catch(() => undefined)
    if (ifNeeded && held === version) {
      console.log(`The local D1 database already holds this index (${version}).`)
      return 0
    }
    const progress = progressOf(files)
    console.log(`Loading the index (${version}) into the local D1 database (${BINDING}): ${progress.size}.`)
    for (const [k, file] of files.entries()) {
      // One batch per file: D1 runs a batch as one transaction.
      await db.batch(splitStatements(readFileSync(file, 'utf8')).map((s) => db.prepare(s)))
      progress.fileDone(k, file)
    }
    console.log(`Loaded the index (${version}) into the local D1 database in ${progress.seconds()} s.`)
    return 0
  } finally {
    await proxy.dispose()
  }
}

const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx'

/** Runs wrangler; on failure prints the end of its output and `advice`, and returns false. */
function wrangler(args: string[], advice: string): boolean {
  const run = spawnSync(npx, ['wrangler', ...args], { encoding: 'utf8', stdio: 'pipe' })
  if (run.status === 0) return true
  console.error((run.stdout + run.stderr).trim().split('\n').slice(-8).join('\n'))
  console.error(`wrangler ${args.slice(0, 2).join(' ')} failed (exit ${run.status}); its message is above. ${advice}`)
  return false
}

/** Whether wrangler.toml binds a Vectorize index (an uncommented [[vectorize]] block). */
const bindsVectorize = () => /^\[\[vectorize\]\]/m.test(readFileSync('wrangler.toml', 'utf8'))

function loadRemote(files: string[], version: string, vectors: string[], vectorizeIndex: string): number {
  const progress = progressOf(files)
  console.log(`Loading the index (${version}) into the remote D1 database (${BINDING}): ${progress.size}. Load it before deploying the Worker built with it: a Worker answers 503 while its database holds another build.`)
  for (const [k, file] of files.entries()) {
    const advice = `Check "npx wrangler whoami", and that wrangler.toml's [[d1_databases]] block has the database_id that "npx wrangler d1 create laming-qa-index" printed (README: Large corpora).`
    if (!wrangler(['d1', 'execute', BINDING, '--remote', '--yes', '--file', file], advice)) return 1
    progress.fileDone(k, file)
  }
  console.log(`Loaded the index (${version}) into the remote D1 database in ${progress.seconds()} s.`)
  if (!vectors.length) return 0
  if (!bindsVectorize()) {
    console.log(`The index has passage vectors, but wrangler.toml binds no Vectorize index, so they were not loaded and the Worker answers lexically (README: Large corpora).`)
    return 0
  }
  console.log(`Upserting the passage vectors into Vectorize (${vectorizeIndex}), namespace "${version}": ${vectors.length} files.`)
  for (const [k, file] of vectors.entries()) {
    const advice = `Create the index first: npx wrangler vectorize create ${vectorizeIndex} --dimensions=DIMS --metric=cosine (README: Large corpora).`
    if (!wrangler(['vectorize', 'upsert', vectorizeIndex, '--file', file], advice)) return 1
    console.log(`  ${k + 1}/${vectors.length} files`)
  }
  return 0
}

async function main(): Promise<number> {
  let values
  try {
    ;({ values } = parseArgs({
      options: {
        remote: { type: 'boolean', default: false },
        'vectorize-index': { type: 'string', default: VECTORIZE_INDEX },
        'persist-to': { type: 'string' },
        'if-needed': { type: 'boolean', default: false },
      },
    }))
  } catch (e) {
    console.error(`${(e as Error).message}. ${USAGE}`)
    return 1
  }
  const files = d1SqlFiles()
  if (!files.length || !existsSync(D1_VERSION)) {
    if (!values['if-needed']) console.log('The Worker bundles its whole index (npm run build:worker chose that path); there is nothing to load into D1.')
    return 0
  }
  const version = readFileSync(D1_VERSION, 'utf8').trim()
  return values.remote ? loadRemote(files, version, vectorFiles(), values['vectorize-index']) : loadLocal(files, version, values['persist-to'], values['if-needed'])
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Loading D1 failed: ${e instanceof Error ? e.message : e}. ${USAGE}`)
    process.exit(1)
  },
)
