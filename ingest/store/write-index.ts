import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { LocalIndex } from 'vectra'
import type { Corpus, Manifest } from '../../src/index/corpus.js'
import type { LexiconData } from '../../src/language/lexicon.js'
import { INDEX_FILES, storedCorpus } from '../../src/node/read-index.js'
import { ANN_FILE, ANN_FROM, writeAnnIndex } from '../../src/node/ann-index.js'
import { normalise } from '../../src/index/search-index.js'
import { GENERATION_PREFIX, lostLock, pointCurrentAt, pruneGenerations } from './index-folder.js'
import { orphaned } from '../../src/node/parent-watch.js'

/**
 * Write the index as a new generation inside `outDir`, then point CURRENT at it with a single
 * rename: at every instant the folder holds a complete index, the old one or the new, and a
 * crash part-way leaves only an unused generation, which the next run removes.
 */
export async function writeIndex(
  outDir: string,
  manifest: Manifest,
  corpus: Corpus,
  vectors: Map<string, number[]>,
  lexicon: LexiconData,
  annFrom: number = ANN_FROM,
  log: (line: string) => void = () => {},
): Promise<void> {
  const out = resolve(outDir)
  const generation = `${GENERATION_PREFIX}${Date.now()}-${process.pid}`
  const dir = join(out, generation)
  try {
    mkdirSync(dir, { recursive: true })
    // Vectors only: a lexical-only index has none to store, and passage text lives in corpus.json.
    // vectra checks each insert against every item before it (quadratic), so it is skipped
    // when there is nothing to insert.
    if (manifest.embedding) {
      const index = new LocalIndex(join(dir, INDEX_FILES.vectraFolder))
      await index.createIndex({ version: 1, deleteIfExists: true })
      await index.beginUpdate()
      for (const p of corpus.passages) {
        await index.insertItem({ id: p.id, vector: vectors.get(p.id) ?? [], metadata: { docId: p.docId, ordinal: p.ordinal, section: p.section ?? '' } })
      }
      await index.endUpdate()
      // A large corpus also gets a nearest-neighbour graph, so a question does not take a dot product with every passage.
      if (corpus.passages.length >= annFrom && !(await writeAnnIndex(corpus.passages.map((p) => normalise(vectors.get(p.id) ?? [])), join(dir, ANN_FILE)))) {
        log(`usearch (native) could not be loaded here, so no nearest-neighbour graph was built; questions will take a dot product with every passage.`)
      }
    }
    writeFileSync(join(dir, INDEX_FILES.corpus), JSON.stringify(storedCorpus(corpus)))
    writeFileSync(join(dir, INDEX_FILES.lexicon), JSON.stringify(lexicon))
    writeFileSync(join(dir, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2))
    // Long synchronous steps keep the watch's timer from running; look once more before the swap.
    if (orphaned()) throw new Error('stopped: the npm process that ran this ingest was ended')
    const lost = lostLock()
    if (lost) throw new Error(`stopped before replacing the index: ${lost}`)
    pointCurrentAt(out, generation)
  } catch (e) {
    rmSync(dir, { recursive: true, force: true })
    throw e
  }
  pruneGenerations(out)
}
