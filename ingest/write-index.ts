import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { basename, dirname, join, resolve } from 'node:path'
import { LocalIndex } from 'vectra'
import type { Corpus, Manifest } from '../src/index/corpus.js'
import type { LexiconData } from '../src/language/lexicon.js'
import { INDEX_FILES } from '../src/node/read-index.js'

/**
 * Write the index into a sibling temporary folder, then swap it in with renames, so a crash or
 * an error part-way leaves the previous index whole.
 */
export async function writeIndex(outDir: string, manifest: Manifest, corpus: Corpus, vectors: Map<string, number[]>, lexicon: LexiconData): Promise<void> {
  const out = resolve(outDir)
  mkdirSync(dirname(out), { recursive: true })
  const stamp = `${process.pid}-${Date.now()}`
  const tmp = join(dirname(out), `.${basename(out)}.tmp-${stamp}`)
  const old = join(dirname(out), `.${basename(out)}.old-${stamp}`)
  try {
    mkdirSync(tmp, { recursive: true })
    const index = new LocalIndex(join(tmp, INDEX_FILES.vectraFolder))
    await index.createIndex({ version: 1, deleteIfExists: true })
    await index.beginUpdate()
    for (const p of corpus.passages) {
      await index.insertItem({
        id: p.id,
        vector: vectors.get(p.id) ?? [],
        metadata: { docId: p.docId, ordinal: p.ordinal, section: p.section ?? '', text: p.text },
      })
    }
    await index.endUpdate()
    writeFileSync(join(tmp, INDEX_FILES.corpus), JSON.stringify(corpus))
    writeFileSync(join(tmp, INDEX_FILES.lexicon), JSON.stringify(lexicon))
    // The manifest goes last: its presence marks a complete index.
    writeFileSync(join(tmp, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2))
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  if (existsSync(out)) renameSync(out, old)
  try {
    renameSync(tmp, out)
  } catch (e) {
    if (existsSync(old)) renameSync(old, out)
    rmSync(tmp, { recursive: true, force: true })
    throw e
  }
  rmSync(old, { recursive: true, force: true })
}
