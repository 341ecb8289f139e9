import { execFile } from 'node:child_process'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { beforeAll, describe, expect, it } from 'vitest'
import { ingest } from '../../ingest/pipeline.js'
import { documentId, InputError, MAX_FILE_BYTES } from '../../ingest/formats/read-sources.js'
import { writeIndex } from '../../ingest/store/write-index.js'
import { currentIndexFolder, readIndexFiles } from '../../src/node/read-index.js'
import { loadIndex, testApp } from '../setup/app.js'
import { ROOT, SEEDS, TINY_MODEL_DIR } from '../setup/paths.js'
import { encryptedPdf, imageOnlyPdf } from '../setup/pdf-fixtures.js'

const run = promisify(execFile)
let work: string
let out: string
let before: string

function corpusWith(name: string, content: string | Uint8Array): string {
  const dir = mkdtempSync(join(work, 'src-'))
  cpSync(SEEDS, dir, { recursive: true })
  writeFileSync(join(dir, name), content)
  return dir
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'laming-bad-'))
  out = join(work, 'index')
  await ingest({ source: SEEDS, out, model: 'x', lexicalOnly: true })
  before = readFileSync(join(currentIndexFolder(out), 'corpus.json'), 'utf8')
})

describe('small input', () => {
  it('indexes a text file of one line of prose, and counts in the singular', async () => {
    const dir = mkdtempSync(join(work, 'one-'))
    writeFileSync(join(dir, 'notes.txt'), 'Annual membership costs £25 for adults and £10 for students. Members meet monthly.\n')
    const target = join(work, 'one-index')
    const { stdout } = await run('npx', ['tsx', 'ingest/cli.ts', '--source', dir, '--out', target, '--lexical'], { cwd: ROOT })
    expect(stdout).toContain(`Wrote ${target}: 1 document, 1 passage, 2 sentences`)
    expect(stdout).toContain('notes.txt: 1 passage\n')
    // A new folder: no server can be serving an index from it yet.
    expect(stdout).not.toContain('A server already running')
    // Re-run with --out but no --source: the seeds would replace every document there, so it refuses and keeps the index.
    const kept = readFileSync(join(currentIndexFolder(target), 'corpus.json'), 'utf8')
    const refused = await run('npx', ['tsx', 'ingest/cli.ts', '--out', target, '--lexical'], { cwd: ROOT, env: { ...process.env, LAMING_SOURCE_DIR: '', LAMING_INDEX_DIR: '' } }).catch((e: { code: number; stderr: string }) => e)
    expect(refused).toMatchObject({ code: 1 })
    expect((refused as { stderr: string }).stderr).toContain(`${target} holds documents that are not in seeds/ (notes.txt), so ingest did not remove them`)
    expect((refused as { stderr: string }).stderr).toContain(`npm run ingest -- --source YOUR_FOLDER --out ${target}`)
    expect(readFileSync(join(currentIndexFolder(target), 'corpus.json'), 'utf8')).toBe(kept)
  }, 60_000)

  it('will not remove documents indexed beside the seeds when re-run without --source', async () => {
    const beside = mkdtempSync(join(work, 'beside-'))
    cpSync(SEEDS, beside, { recursive: true })
    writeFileSync(join(beside, 'leave-policy.md'), '# Leave\n\nStaff get 28 days of annual leave a year.\n')
    const target = join(work, 'beside-index')
    await ingest({ source: beside, out: target, model: 'x', lexicalOnly: true })
    const refused = await run('npx', ['tsx', 'ingest/cli.ts', '--out', target, '--lexical'], { cwd: ROOT, env: { ...process.env, LAMING_SOURCE_DIR: '', LAMING_INDEX_DIR: '' } }).catch((e: { code: number; stderr: string }) => e)
    expect(refused).toMatchObject({ code: 1 })
    expect((refused as { stderr: string }).stderr).toContain(`${target} holds documents that are not in seeds/ (leave-policy.md), so ingest did not remove them`)
  }, 60_000)
})

describe('a maintainer\'s slips', () => {
  const cli = (args: string[]) => run('npx', ['tsx', 'ingest/cli.ts', ...args, '--lexical'], { cwd: ROOT, env: { ...process.env, LAMING_SOURCE_DIR: '', LAMING_INDEX_DIR: '' } }).catch((e: { code: number; stdout: string; stderr: string }) => e)
  const folderOf = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(work, 'slip-'))
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text)
    return dir
  }
  const doc = (title: string) => `# ${title}\n\nThe ${title.toLowerCase()} policy applies to all staff from April.\n`

  it('skips the files systems and editors leave beside documents, and says so', async () => {
    const dir = folderOf({ 'leave.md': doc('Leave'), 'Thumbs.db': 'x\0y', '~$notes.docx': 'lock', 'leave.md~': doc('Old leave'), 'desktop.ini': '[x]', 'draft.bak': 'old' })
    const r = await cli(['--source', dir, '--out', join(work, 'slip-junk')])
    expect(r).toMatchObject({ stdout: expect.stringContaining('1 document') })
    expect(r.stderr).toContain('Skipped 5 system or backup files: Thumbs.db, desktop.ini, draft.bak, leave.md~, ~$notes.docx')
  }, 60_000)

  it('refuses an index folder inside the documents folder', async () => {
    const dir = folderOf({ 'leave.md': doc('Leave') })
    for (const out of [join(dir, 'index'), join(dir, '..idx'), dir]) {
      const r = await cli(['--source', dir, '--out', out])
      expect(r, out).toMatchObject({ code: 1 })
      expect(r.stderr).toContain(`is inside the documents folder ${dir}, so the next ingest would read the index as documents`)
    }
  }, 60_000)

  it('asks for --allow-removal before removing most of the documents, names what changed, and says to restart the server', async () => {
    const all = folderOf({ 'a.md': doc('Leave'), 'b.md': doc('Travel'), 'c.md': doc('Expenses'), 'd.md': doc('Security') })
    const target = join(work, 'slip-removal')
    await ingest({ source: all, out: target, model: 'x', lexicalOnly: true })
    const sub = folderOf({ 'a.md': doc('Leave') })
    const refused = await cli(['--source', sub, '--out', target])
    expect(refused).toMatchObject({ code: 1 })
    expect(refused.stderr).toContain(`${sub} lacks 3 of the 4 documents in ${target} (b.md, c.md, d.md), so ingest did not remove them. If that is the right folder, run again with --allow-removal`)
    expect(readIndexFiles(target)!.corpus.documents).toHaveLength(4)
    // One document gone of four is an ordinary update; a changed one is named.
    writeFileSync(join(all, 'a.md'), doc('Annual leave'))
    rmSync(join(all, 'd.md'))
    const r = await cli(['--source', all, '--out', target])
    expect(r.stdout).toContain('Processed: a.md.')
    expect(r.stdout).toContain('Removed from the index, as they are not in')
    expect(r.stdout).toContain('A server already running (npm start) still serves the index it started with: restart it to serve this one.')
    const allowed = await cli(['--source', sub, '--out', target, '--allow-removal'])
    expect(allowed.stdout).toContain('removed 2')
    expect(readIndexFiles(target)!.corpus.documents).toHaveLength(1)
  }, 120_000)
})

describe('file names', () => {
  it('names a file whose name has no Latin letter by a hash, so each has its own id and its citations open', async () => {
    const dir = mkdtempSync(join(work, 'names-'))
    writeFileSync(join(dir, '食堂 ☕.md'), '# Canteen\n\nThe canteen serves lunch from 12 until 2pm every weekday.\n')
    writeFileSync(join(dir, '防火.md'), '# Fire safety\n\nFire doors must be kept closed at all times.\n')
    const target = join(work, 'names-index')
    await ingest({ source: dir, out: target, model: 'x', lexicalOnly: true })
    const ids = readIndexFiles(target)!.corpus.documents.map((d) => d.id)
    expect(ids).toHaveLength(2)
    for (const id of ids) expect(id).toMatch(/^doc-[0-9a-f]{12}$/)
    expect(new Set(ids).size).toBe(2)
    const app = testApp({ index: loadIndex(target) })
    for (const id of ids) expect((await app.request(`/documents/${id}`)).status).toBe(200)
    // In a subfolder, or with digits, each still has its own; Latin names keep theirs.
    expect(documentId('policies/食堂.md')).not.toBe(documentId('policies/防火.md'))
    expect(documentId('報告2023.md')).not.toBe(documentId('会議2023.md'))
    expect([documentId('2023.md'), documentId('hr/leave-policy.md')]).toEqual(['2023', 'hr-leave-policy'])
  })
})

describe('bad input is named, and the existing index is kept', () => {
  it.each([
    ['empty.txt', '   \n', /empty\.txt: is empty/],
    ['binary.txt', Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00]), /binary\.txt: looks like a binary file/],
    ['latin1.txt', Buffer.from([0x43, 0x6c, 0x69, 0x6d, 0x62, 0x69, 0xe9, 0x0a]), /latin1\.txt: is not valid UTF-8 \(first bad byte at offset 6\)/],
    ['huge.txt', 'a'.repeat(MAX_FILE_BYTES + 1), /huge\.txt: .* over the 5 MiB limit/],
    ['slides.pdf', '%PDF-1.4', /slides\.pdf: is not a readable PDF .*; re-export it/],
    ['notes.pdf', 'Meeting notes, saved with the wrong name.', /notes\.pdf: is not a PDF \(it does not start with "%PDF-"\)/],
    ['scan.pdf', imageOnlyPdf, /scan\.pdf: has no text layer \(a scanned or image-only PDF\); run it through OCR/],
    ['locked.pdf', encryptedPdf, /locked\.pdf: is password-protected; save a copy without a password/],
    ['app.html', readFileSync(join(ROOT, 'tests/ingest/fixtures/only-scripts.html'), 'utf8'), /app\.html: has no readable text \(only scripts, styles or page furniture\)/],
    ['empty.md', '\n\n', /empty\.md: is empty/],
    ['logo.md', '![Logo](logo.png)\n', /logo\.md: has no text to index \(only markup, front matter or images\)/],
  ])('%s', async (name, content, message) => {
    const bytes = typeof content === 'function' ? await content() : content
    const err = await ingest({ source: corpusWith(name, bytes), out, model: 'x', lexicalOnly: true }).catch((e) => e)
    expect(err).toBeInstanceOf(InputError)
    expect(err.message).toMatch(message)
    expect(readFileSync(join(currentIndexFolder(out), 'corpus.json'), 'utf8')).toBe(before)
  })

  it('a source folder that does not exist', async () => {
    await expect(ingest({ source: join(work, 'nope'), out, model: 'x', lexicalOnly: true })).rejects.toThrow(/source folder .*nope does not exist/)
  })

  it('the CLI prints every problem and exits 1, without a stack trace', async () => {
    const dir = corpusWith('empty.md', '')
    writeFileSync(join(dir, 'notes.docx'), 'x')
    writeFileSync(join(dir, 'slides.pptx'), 'x')
    writeFileSync(join(dir, 'scan.pdf'), await imageOnlyPdf())
    // Readable, but nothing to index: named in the same round as the files that cannot be read.
    writeFileSync(join(dir, 'scripts.html'), '<html><head><script>var a = 1</script></head><body><script>go()</script></body></html>')
    const err = await run('npx', ['tsx', 'ingest/cli.ts', '--source', dir, '--out', out, '--lexical'], { cwd: ROOT }).catch((e) => e)
    expect(err.code).toBe(1)
    expect(err.stderr).toMatch(/existing index was left as it was/)
    expect(err.stderr).toMatch(/empty\.md: is empty/)
    expect(err.stderr).toMatch(/slides\.pptx: unsupported file type ".pptx"; supported are .*\.docx\. Save it as PDF, Word \(\.docx\), Markdown or plain text, or move it out of the folder/)
    expect(err.stderr).toMatch(/notes\.docx: is not a Word document \(a \.docx file is a zip archive\); save it from Word as \.docx, or as PDF/)
    expect(err.stderr).toMatch(/scan\.pdf: has no text layer/)
    expect(err.stderr).toMatch(/scripts\.html: has no readable text \(only scripts, styles or page furniture\)/)
    expect(err.stderr).not.toMatch(/\bat .*\.ts:\d+/)
    expect(readFileSync(join(currentIndexFolder(out), 'corpus.json'), 'utf8')).toBe(before)
  })

  it('says to put "--" before options when npm kept them and passed on only the folder', async () => {
    const err = await run('npx', ['tsx', 'ingest/cli.ts', '/some/folder'], { cwd: ROOT }).catch((e) => e)
    expect(err.code).toBe(2)
    expect(err.stderr).toMatch(/npm passes options on only after "--": npm run ingest -- --source DIR/)
  })

  it('a failure half-way through writing leaves the previous index whole', async () => {
    const index = readIndexFiles(out)!
    const generations = readdirSync(out)
    const poisoned = { ...index.corpus, documents: [{ ...index.corpus.documents[0], sha256: 1n as unknown as string }] }
    await expect(writeIndex(out, index.manifest, poisoned, new Map(), index.lexicon!)).rejects.toThrow()
    expect(readFileSync(join(currentIndexFolder(out), 'corpus.json'), 'utf8')).toBe(before)
    expect(readdirSync(out)).toEqual(generations)
  })
})

describe('incremental ingest', () => {
  it('is a no-op on unchanged input and re-processes a changed file alone', async () => {
    const dir = mkdtempSync(join(work, 'inc-'))
    cpSync(SEEDS, dir, { recursive: true })
    const target = join(work, 'inc-index')
    const first = await ingest({ source: dir, out: target, model: 'x', lexicalOnly: true })
    expect(first.processed).toHaveLength(5)
    const again = await ingest({ source: dir, out: target, model: 'x', lexicalOnly: true })
    expect(again.status).toBe('unchanged')
    const file = readdirSync(dir).sort()[1]
    writeFileSync(join(dir, file), readFileSync(join(dir, file), 'utf8') + '\n\nA new closing paragraph about court fees was added here.\n')
    const third = await ingest({ source: dir, out: target, model: 'x', lexicalOnly: true })
    expect(third.status).toBe('written')
    expect(third.processed).toEqual([file])
    expect(third.reused).toHaveLength(4)
    expect(readIndexFiles(target)!.corpus.passages.some((p) => p.text.includes('A new closing paragraph'))).toBe(true)
    mkdirSync(join(dir, 'sub'))
    writeFileSync(join(dir, 'sub', 'extra.md'), '# Extra\n\nSome words about things.\n')
    const fourth = await ingest({ source: dir, out: target, model: 'x', lexicalOnly: true })
    expect(fourth.processed).toEqual(['sub/extra.md'])
  })
  it('rebuilds the lexicon of unchanged files when the lexicon builder changed, and only the lexicon', async () => {
    const dir = mkdtempSync(join(work, 'lex-'))
    cpSync(SEEDS, dir, { recursive: true })
    const target = join(work, 'lex-index')
    // A hybrid index, from a copy of the generated model that is then taken away.
    const model = join(work, 'lex-model')
    cpSync(TINY_MODEL_DIR, model, { recursive: true })
    await ingest({ source: dir, out: target, model: 'x', modelDir: model })
    const vectors = readIndexFiles(target)!.vectors.length
    expect(vectors).toBeGreaterThan(0)
    renameSync(model, `${model}-gone`)
    // An index written by another builder (older code, other options or WordNet) says so in its manifest.
    const manifestFile = join(currentIndexFolder(target), 'manifest.json')
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { lexiconBuild?: string; pipelineVersion?: number }
    const current = manifest.lexiconBuild
    expect(current).toBeTruthy()
    expect(manifest.pipelineVersion).toBeGreaterThan(0)
    const upToDate = await run('npx', ['tsx', 'ingest/cli.ts', '--if-missing', '--out', target, '--source', dir], { cwd: ROOT })
    expect(upToDate.stdout).not.toContain('another version')
    writeFileSync(manifestFile, JSON.stringify({ ...manifest, lexiconBuild: 'an older builder', pipelineVersion: 1 }))
    // npm start's --if-missing keeps the index, and says how to bring its documents and lexicon up to date.
    const kept = await run('npx', ['tsx', 'ingest/cli.ts', '--if-missing', '--out', target, '--source', dir], { cwd: ROOT })
    expect(kept.stdout).toContain(`Its documents were read by another version of laming-qa's ingest, which cleans and splits text differently. To read them again: npm run ingest -- --source ${dir} --out ${target}`)
    expect(kept.stdout).toContain(`Its WordNet lexicon was built by another version of laming-qa. To rebuild it (unchanged documents are not processed again): npm run ingest -- --source ${dir} --out ${target}`)
    // Named only by LAMING_INDEX_DIR, the folder's documents are not the seeds: ingest must be told where they are.
    const byEnv = await run('npx', ['tsx', 'ingest/cli.ts', '--if-missing'], { cwd: ROOT, env: { ...process.env, LAMING_INDEX_DIR: target, LAMING_SOURCE_DIR: '' } })
    // The command names the folder: copied without the variable set, it must not write data/index.
    expect(byEnv.stdout).toContain(`not re-ingesting (to refresh it: npm run ingest -- --source YOUR_FOLDER --out ${target}, naming the folder its documents came from)`)
    expect(byEnv.stdout).toContain(`To rebuild it (unchanged documents are not processed again): npm run ingest -- --source YOUR_FOLDER --out ${target}`)
    // And a plain ingest there does not replace the user's documents with the seeds.
    const before = readFileSync(join(currentIndexFolder(target), 'manifest.json'), 'utf8')
    const refused = await run('npx', ['tsx', 'ingest/cli.ts'], { cwd: ROOT, env: { ...process.env, LAMING_INDEX_DIR: target, LAMING_SOURCE_DIR: '' } }).catch((e: { code: number; stderr: string }) => e)
    expect(refused).toMatchObject({ code: 1 })
    expect((refused as { stderr: string }).stderr).toContain(`LAMING_INDEX_DIR=${target} holds an index of your documents, so ingest did not replace it with the seeds`)
    expect(readFileSync(join(currentIndexFolder(target), 'manifest.json'), 'utf8')).toBe(before)
    const again = await ingest({ source: dir, out: target, model: 'x', modelDir: model })
    expect(again.status).toBe('written')
    expect(again.processed).toEqual([])
    const rebuilt = readIndexFiles(target)!
    expect(rebuilt.manifest.lexiconBuild).toBe(current)
    // The documents' cache keys show this version read them: the manifest says so again.
    expect(rebuilt.manifest.pipelineVersion).toBe(manifest.pipelineVersion)
    // The model was not needed: the vectors are kept.
    expect(rebuilt.manifest.embedding?.model).toBe('lex-model')
    expect(rebuilt.vectors).toHaveLength(vectors)
    expect((await ingest({ source: dir, out: target, model: 'x', modelDir: model })).status).toBe('unchanged')
    // An index from before manifests named the builder is judged by its lexicon's key: this one is current.
    const { lexiconBuild: _, ...older } = JSON.parse(readFileSync(join(currentIndexFolder(target), 'manifest.json'), 'utf8')) as { lexiconBuild?: string }
    writeFileSync(join(currentIndexFolder(target), 'manifest.json'), JSON.stringify(older))
    expect((await ingest({ source: dir, out: target, model: 'x', modelDir: model })).status).toBe('unchanged')
  })
})
