// One writer per index folder, no instant without a complete index, and recovery from what
// crashes and killed runs leave; through the CLI as users run it.
import { spawn, execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { lockIndexFolder, recoverIndexFolder, FolderLockedError } from '../../ingest/store/index-folder.js'
import { ingest } from '../../ingest/pipeline.js'
import { CURRENT_FILE, currentIndexFolder, readIndexFiles } from '../../src/node/read-index.js'
import { ROOT, SEEDS } from '../setup/paths.js'
import { startCommand } from '../setup/servers.js'

const execute = promisify(execFile)
const env = () => ({ PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' })
const runIngest = (args: string[], extra: Record<string, string> = {}) =>
  execute('npm', ['run', 'ingest', '--', ...args], { cwd: ROOT, env: { ...env(), ...extra } }).then(
    (r) => ({ code: 0, out: r.stdout + r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
  )
/** Resolves when no process is ingesting into `out` any more (at most `ms`); false if one still is. */
async function ingestsEnd(out: string, ms = 90_000): Promise<boolean> {
  const t0 = Date.now()
  while (Date.now() - t0 < ms) {
    const running = await execute('pgrep', ['-f', `ingest/cli.ts .*out ${out}( |$)`]).then(
      () => true,
      () => false,
    )
    if (!running) return true
    await new Promise((r) => setTimeout(r, 250))
  }
  return false
}
const documentsIn = (dir: string) => readIndexFiles(dir)!.corpus.documents.map((d) => d.file).sort()
const generationsIn = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('gen-'))

let work: string
/** Enough documents that an ingest takes seconds: 20 varied copies of the seeds. */
let big: string
let small: string

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'laming-folder-'))
  big = join(work, 'big')
  small = join(work, 'small')
  mkdirSync(big)
  mkdirSync(small)
  for (const f of readdirSync(SEEDS)) {
    const text = readFileSync(join(SEEDS, f), 'utf8')
    for (let i = 0; i < 20; i++) writeFileSync(join(big, `${i}-${f}`), text.replace(/\bchildren\b/g, `children${i}`))
  }
  writeFileSync(join(small, 'note.md'), '# A note\n\nCourt fees are discussed in the report.\n')
  // Warm the lexicon cache for the big vocabulary, so the timings below are the ingest's own.
  await ingest({ source: big, out: join(work, 'warm'), model: 'x', lexicalOnly: true })
}, 240_000)
afterAll(() => rmSync(work, { recursive: true, force: true }))

describe('the lock', () => {
  it('lets one process write a folder at a time, and says so to the second', async () => {
    const out = join(work, 'locked')
    const release = await lockIndexFolder(out)
    await expect(lockIndexFolder(out)).rejects.toBeInstanceOf(FolderLockedError)
    const second = await runIngest(['--source', small, '--out', out, '--lexical'])
    expect(second.code).toBe(1)
    expect(second.out).toMatch(/Another ingest is writing .*locked; wait for it to finish/)
    expect(existsSync(join(out, CURRENT_FILE))).toBe(false)
    await release()
    const third = await runIngest(['--source', small, '--out', out, '--lexical'])
    expect(third.code, third.out).toBe(0)
    expect(documentsIn(out)).toEqual(['note.md'])
  }, 60_000)

  it('two ingests started together into one folder: one writes, the other exits 1 saying why', async () => {
    const out = join(work, 'race')
    const [a, b] = await Promise.all([runIngest(['--source', big, '--out', out, '--lexical']), runIngest(['--source', small, '--out', out, '--lexical'])])
    const results = [a, b]
    const wrote = results.filter((r) => r.code === 0 && /Wrote /.test(r.out))
    // Either they overlapped (one refused) or the second started after the first finished (both wrote, in turn).
    if (wrote.length === 1) {
      const refused = results.find((r) => r !== wrote[0])!
      expect(refused.code).toBe(1)
      expect(refused.out).toMatch(/Another ingest is writing/)
      expect(documentsIn(out)).toEqual(wrote[0] === a ? readdirSync(big).sort() : ['note.md'])
    } else {
      expect(wrote).toHaveLength(2)
    }
    expect(generationsIn(out).length).toBeLessThanOrEqual(2)
  }, 120_000)

  it('names the documents an ingest removes because they are not in its source folder', async () => {
    const two = join(work, 'two')
    mkdirSync(two)
    writeFileSync(join(two, 'note.md'), readFileSync(join(small, 'note.md')))
    writeFileSync(join(two, 'leave.md'), '# Leave\n\nStaff get 27 days of annual leave.\n')
    const out = join(work, 'removing')
    await ingest({ source: two, out, model: 'x', lexicalOnly: true })
    const r = await runIngest(['--source', small, '--out', out, '--lexical'])
    expect(r.code, r.out).toBe(0)
    expect(r.out).toMatch(/Removed from the index, as they are not in .*small\/: leave\.md\. To keep documents in an index, keep them in the folder it is built from/)
  }, 60_000)

  it('takes over a lock left by a process that died', async () => {
    const out = join(work, 'stale')
    const lock = join(work, '.stale.lock')
    mkdirSync(lock)
    const old = new Date(Date.now() - 60_000)
    utimesSync(lock, old, old)
    const r = await runIngest(['--source', small, '--out', out, '--lexical'])
    expect(r.code, r.out).toBe(0)
    expect(existsSync(lock)).toBe(false)
  }, 60_000)
})

describe('crashes and stops', () => {
  it('leaves a complete index in the folder whenever an ingest is killed (SIGKILL, 4 times), and the next run clears what they left', async () => {
    const out = join(work, 'killed')
    await ingest({ source: small, out, model: 'x', lexicalOnly: true })
    for (let i = 0; i < 4; i++) {
      const child = spawn('npm', ['run', 'ingest', '--', '--source', big, '--out', out, '--lexical'], { cwd: ROOT, env: env(), detached: true, stdio: 'ignore' })
      const exited = new Promise((r) => child.once('exit', r))
      await new Promise((r) => setTimeout(r, 1000 + i * 600))
      try {
        process.kill(-child.pid!, 'SIGKILL')
      } catch {
        // It had finished already: also an instant to check.
      }
      await exited
      // Whatever instant it died at, the folder holds one complete index: the old or the new.
      const docs = documentsIn(out)
      expect([JSON.stringify(['note.md']), JSON.stringify(readdirSync(big).sort())]).toContain(JSON.stringify(docs))
    }
    // A killed run's lock goes stale after 10 s; until then the next run says another holds it.
    await new Promise((r) => setTimeout(r, 11_000))
    const r = await runIngest(['--source', small, '--out', out, '--lexical'])
    expect(r.code, r.out).toBe(0)
    expect(generationsIn(out).length).toBeLessThanOrEqual(2)
    expect(readdirSync(work).filter((n) => n.startsWith('.killed.'))).toEqual([])
  }, 180_000)

  it('stops when npm run ingest is killed by its PID, leaving the index as it was', async () => {
    const out = join(work, 'stopped')
    await ingest({ source: small, out, model: 'x', lexicalOnly: true })
    const before = readFileSync(join(out, CURRENT_FILE), 'utf8')
    const child = spawn('npm', ['run', 'ingest', '--', '--source', big, '--out', out, '--lexical'], { cwd: ROOT, env: env(), detached: true, stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    child.stderr!.on('data', (d) => (err += d))
    // Once it holds the folder's lock, it is at work.
    while (!existsSync(join(work, '.stopped.lock'))) await new Promise((r) => setTimeout(r, 50))
    process.kill(child.pid!, 'SIGTERM')
    expect(await ingestsEnd(out)).toBe(true)
    expect(err).toMatch(/Ingest stopped \(the npm process that ran it was ended\); the existing index was left as it was/)
    expect(readFileSync(join(out, CURRENT_FILE), 'utf8')).toBe(before)
    expect(documentsIn(out)).toEqual(['note.md'])
    expect(existsSync(join(work, '.stopped.lock'))).toBe(false)
  }, 120_000)

  it('Ctrl-C stops an ingest and says the index was kept', async () => {
    const out = join(work, 'interrupted')
    await ingest({ source: small, out, model: 'x', lexicalOnly: true })
    const run = await startCommand('npm', ['run', 'ingest', '--', '--source', big, '--out', out, '--lexical'], {}, /(> node --import tsx ingest\/cli.ts)/)
    // Once it holds the folder's lock, it is at work.
    while (!existsSync(join(work, '.interrupted.lock'))) await new Promise((r) => setTimeout(r, 50))
    const code = await run.signal('SIGINT')
    expect(await ingestsEnd(out)).toBe(true)
    expect(run.output()).toMatch(/Ingest stopped \(SIGINT\); the existing index was left as it was/)
    expect(code).not.toBe(0)
    expect(documentsIn(out)).toEqual(['note.md'])
    expect(existsSync(join(work, '.interrupted.lock'))).toBe(false)
  }, 120_000)

  it('Ctrl-C stops an ingest of one large file while it is cleaned, before any new index', async () => {
    const large = join(work, 'large')
    mkdirSync(large)
    // 3 MB of Markdown: cleaned in this thread, it held Ctrl-C (and showed nothing) until the new index was in place.
    const report = readFileSync(join(SEEDS, readdirSync(SEEDS).find((f) => f.startsWith('002'))!), 'utf8')
    writeFileSync(join(large, 'large.md'), Array.from({ length: Math.ceil(3e6 / report.length) }, (_, i) => `# Part ${i}\n\n${report}`).join('\n\n'))
    // Stopped once cleaning is under way, as its progress line says.
    await stoppedAt('one-large', large, /(Cleaning: 1 document)\n/)
  }, 120_000)
})

/**
 * Builds the small index in `name`, starts an ingest of `source` into it, sends SIGINT once the
 * output matches `at`, and checks the ingest stopped with that index kept; the stop's duration.
 */
async function stoppedAt(name: string, source: string, at: RegExp): Promise<number> {
  const out = join(work, name)
  await ingest({ source: small, out, model: 'x', lexicalOnly: true })
  const before = readFileSync(join(out, CURRENT_FILE), 'utf8')
  const run = await startCommand('npm', ['run', 'ingest', '--', '--source', source, '--out', out, '--lexical'], {}, at)
  const sent = Date.now()
  const code = await run.signal('SIGINT')
  const took = Date.now() - sent
  expect(code).not.toBe(0)
  expect(run.output()).toMatch(/Ingest stopped \(SIGINT\); the existing index was left as it was/)
  expect(readFileSync(join(out, CURRENT_FILE), 'utf8')).toBe(before)
  expect(documentsIn(out)).toEqual(['note.md'])
  return took
}

describe('Ctrl-C while WordNet is read', () => {
  it('stops the ingest at once, before any new index', async () => {
    const fresh = join(work, 'fresh-words')
    mkdirSync(fresh)
    // Words no cached lexicon has seen, so WordNet is read (7-20 s): on the main thread, Ctrl-C went unheard until the new index was in use.
    const made = Array.from({ length: 40 }, (_, i) => `zorbl${Date.now().toString(36)}${i}`).join(' ')
    writeFileSync(join(fresh, 'note.md'), `# Note\n\nThe duty desk opens at eight and the team meets ${made} on Mondays.\n`)
    expect(await stoppedAt('lexicon-stop', fresh, /(Building the WordNet lexicon)/)).toBeLessThan(3000)
  }, 120_000)
})

describe('going back to the previous index, as the README says', () => {
  it('serves the generation CURRENT names, and the next ingest builds from the documents as usual', async () => {
    const out = join(work, 'rollback')
    const docs = join(work, 'rollback-docs')
    mkdirSync(docs)
    writeFileSync(join(docs, 'leave.md'), '# Leave\n\nStaff get 27 days of leave.\n')
    await ingest({ source: docs, out, model: 'x', lexicalOnly: true })
    const first = readFileSync(join(out, CURRENT_FILE), 'utf8').trim()
    writeFileSync(join(docs, 'leave.md'), '# Leave\n\nStaff get 28 days of leave.\n')
    await ingest({ source: docs, out, model: 'x', lexicalOnly: true })
    const text = () => readIndexFiles(out)!.corpus.passages.map((p) => p.text).join(' ')
    expect(text()).toContain('28 days')
    writeFileSync(join(out, CURRENT_FILE), `${first}\n`)
    expect(text()).toContain('27 days')
    expect((await ingest({ source: docs, out, model: 'x', lexicalOnly: true })).status).toBe('written')
    expect(text()).toContain('28 days')
  }, 60_000)
})

describe('recovery', () => {
  const seedIndex = async (name: string) => {
    const out = join(work, name)
    await ingest({ source: small, out, model: 'x', lexicalOnly: true })
    return out
  }

  it('points CURRENT at the newest complete generation when a crash came before the pointer', async () => {
    const out = await seedIndex('no-pointer')
    rmSync(join(out, CURRENT_FILE))
    mkdirSync(join(out, 'gen-99999999999999-1'))
    const said = recoverIndexFolder(out)
    expect(said.join('\n')).toMatch(/Recovered the complete index/)
    expect(documentsIn(out)).toEqual(['note.md'])
    expect(generationsIn(out)).toHaveLength(1)
  })

  it('removes pointers and generations a killed run left, and leaves folders that are not its own', async () => {
    const out = await seedIndex('leftovers')
    writeFileSync(join(out, `${CURRENT_FILE}.4242.tmp`), 'gen-1-4242')
    mkdirSync(join(out, 'gen-1-4242'))
    mkdirSync(join(out, 'gen-notes'))
    const said = recoverIndexFolder(out)
    expect(said.join('\n')).toMatch(/gen-1-4242, left by an interrupted ingest/)
    expect(readdirSync(out).sort()).toEqual([CURRENT_FILE, readFileSync(join(out, CURRENT_FILE), 'utf8'), 'gen-notes'].sort())
    const empty = join(work, 'first-write-killed')
    mkdirSync(join(empty, 'gen-5-77'), { recursive: true })
    recoverIndexFolder(empty)
    expect(readdirSync(empty)).toEqual([])
  })

  it('reads and replaces an index written before generations', async () => {
    const out = await seedIndex('legacy')
    const gen = currentIndexFolder(out)
    for (const f of readdirSync(gen)) renameSync(join(gen, f), join(out, f))
    rmSync(gen, { recursive: true })
    rmSync(join(out, CURRENT_FILE))
    expect(documentsIn(out)).toEqual(['note.md'])
    await ingest({ source: SEEDS, out, model: 'x', lexicalOnly: true })
    expect(documentsIn(out)).toHaveLength(5)
    expect(readdirSync(out).sort()).toEqual([CURRENT_FILE, ...generationsIn(out)].sort())
  })

  it('npm start restores the complete index an older ingest left beside an empty folder, and serves it, not the seeds', async () => {
    const kept = await seedIndex('kept-src')
    const out = join(work, 'served')
    mkdirSync(out)
    cpSync(currentIndexFolder(kept), join(work, '.served.old-123-456'), { recursive: true })
    mkdirSync(join(work, '.served.tmp-789-1'))
    const server = await startCommand('npm', ['start'], { PORT: '0', LAMING_INDEX_DIR: out }, /Open (http:\/\/localhost:\d+)\//)
    try {
      expect(server.output()).toMatch(/Restored the complete index an interrupted ingest left/)
      const docs = (await (await fetch(`${server.url}/documents`)).json()) as { file: string }[]
      expect(docs.map((d) => d.file)).toEqual(['note.md'])
      expect(readdirSync(work).filter((n) => n.startsWith('.served.') && !n.endsWith('.lock'))).toEqual([])
    } finally {
      await server.stop()
    }
  }, 120_000)

  it('npm start will not fill a folder named by LAMING_INDEX_DIR with the seeds', async () => {
    const out = join(work, 'named-empty')
    const r = await execute('npm', ['start'], { cwd: ROOT, env: { ...env(), PORT: '0', LAMING_INDEX_DIR: out } }).then(
      () => ({ code: 0, out: '' }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, out: e.stdout + e.stderr }),
    )
    expect(r.code).toBe(1)
    expect(r.out).toMatch(/LAMING_INDEX_DIR=.*named-empty holds no index/)
    expect(r.out).toMatch(/LAMING_SOURCE_DIR/)
    // The command it gives names the folder, so copying it without the variable set cannot write data/index.
    expect(r.out).toContain(`npm run ingest -- --source YOUR_FOLDER --out ${out}`)
    expect(existsSync(join(out, CURRENT_FILE))).toBe(false)
  }, 120_000)

  it('/health says when an ingest since start-up left a newer index than the one served', async () => {
    const out = await seedIndex('served')
    const server = await startCommand('npm', ['start'], { PORT: '0', LAMING_INDEX_DIR: out }, /Open (http:\/\/localhost:\d+)\//)
    try {
      const health = async () => ((await (await fetch(`${server.url}/health`)).json()) as { index: { createdAt: string; newerOnDisk?: string } }).index
      const before = await health()
      expect(before.newerOnDisk).toBeUndefined()
      await ingest({ source: SEEDS, out, model: 'x', lexicalOnly: true })
      // Read at most once a second.
      await new Promise((r) => setTimeout(r, 1100))
      const after = await health()
      expect(after.createdAt).toBe(before.createdAt)
      expect(after.newerOnDisk! > before.createdAt).toBe(true)
    } finally {
      await server.stop()
    }
  }, 120_000)
})
