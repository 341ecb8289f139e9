// `npm run d1:load [-- --remote]`: loads the D1 tables written by `npm run build:worker` when the
// index was too large to bundle. The local database (what `npm run dev` reads) is loaded through
// wrangler's getPlatformProxy, the same storage wrangler dev uses: `wrangler d1 execute --local`
// re-parses the SQL character by character and took 118 s at 100× where this takes about 10 s.
// The remote one is loaded with `wrangler d1 execute --remote`, which uploads each file whole, and
// the passage vectors, if the index has them, go to Vectorize (`wrangler vectorize upsert`), which
// has no local simulation.
import { existsSync, readFileSync, statSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { parseArgs } from 'node:util'
import type { D1Database } from '../worker/d1-store.js'
import { D1_VERSION, d1SqlFiles, vectorFiles } from './worker-index-files.js'

const BINDING = 'INDEX_DB'
const USAGE = 'Usage: npm run d1:load -- [--remote] [--vectorize-index NAME] [--persist-to DIR] [--if-needed]'
/** wrangler.toml's [[vectorize]] index_name. */
const VECTORIZE_INDEX = 'laming-qa-passages'

/**
 * The statements of SQL as build:worker writes it: single-quoted literals ('' escaping a quote),
 * no comments; a `;` outside quotes ends a statement.
 */
export function splitStatements(sql: string): string[] {
  const out: string[] = []
  let start = 0
  let at = 0
  while (at < sql.length) {
    const quote = sql.indexOf("'", at)
    const semi = sql.indexOf(';', at)
    if (semi === -1) break
    if (quote !== -1 && quote < semi) {
      const close = sql.indexOf("'", quote + 1)
      if (close === -1) throw new Error('unterminated string literal')
      at = close + 1
      continue
    }
    const statement = sql.slice(start, semi).trim()
    if (statement) out.push(statement)
    start = at = semi + 1
  }
  if (sql.slice(start).trim()) throw new Error('the last statement has no ";"')
  return out
}

const progress = (t0: number, done: number, total: number, k: number, n: number) => {
  const s = (Date.now() - t0) / 1000
  console.log(`  ${k}/${n} files, ${Math.round((100 * done) / total)}%, ${s.toFixed(0)} s, about ${((s * (total - done)) / done).toFixed(0)} s left`)
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
      .prepare("SELECT value FROM meta WHERE key = 'index'")
      .first<{ value: string }>()
      .catch(() => null)
    if (ifNeeded && held?.value === version) {
      console.log(`The local D1 database already holds this index (${version}).`)
      return 0
    }
    const total = files.reduce((n, f) => n + statSync(f).size, 0)
    console.log(`Loading the index (${version}) into the local D1 database (${BINDING}): ${(total / 2 ** 20).toFixed(1)} MiB of SQL in ${files.length} files.`)
    const t0 = Date.now()
    let done = 0
    for (const [k, file] of files.entries()) {
      const statements = splitStatements(readFileSync(file, 'utf8'))
      // One batch per file: D1 runs a batch as one transaction.
      await db.batch(statements.map((s) => db.prepare(s)))
      done += statSync(file).size
      progress(t0, done, total, k + 1, files.length)
    }
    console.log(`Loaded the index (${version}) into the local D1 database in ${((Date.now() - t0) / 1000).toFixed(1)} s.`)
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

function loadRemote(files: string[], version: string, vectors: string[], vectorizeIndex: string): number {
  const total = files.reduce((n, f) => n + statSync(f).size, 0)
  console.log(`Loading the index (${version}) into the remote D1 database (${BINDING}): ${(total / 2 ** 20).toFixed(1)} MiB of SQL in ${files.length} files.`)
  const t0 = Date.now()
  let done = 0
  for (const [k, file] of files.entries()) {
    const advice = `Loading ${file} failed: check "npx wrangler whoami" and that the database exists (README: Large corpora). The Worker refuses the database until a load completes.`
    if (!wrangler(['d1', 'execute', BINDING, '--remote', '--yes', '--file', file], advice)) return 1
    done += statSync(file).size
    progress(t0, done, total, k + 1, files.length)
  }
  console.log(`Loaded the index (${version}) into the remote D1 database in ${((Date.now() - t0) / 1000).toFixed(1)} s.`)
  if (!vectors.length) return 0
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

if (import.meta.url === `file://${process.argv[1]}`) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      console.error(`Loading D1 failed: ${e instanceof Error ? e.message : e}. ${USAGE}`)
      process.exit(1)
    },
  )
}
