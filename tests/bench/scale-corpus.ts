// Corpora N times the seeds, for `npm run bench:scale`: each copy of a seed has about one word
// in 40 swapped for another word of the same document, so copies are alike but not identical
// (like a policy library's many similar documents). Written outside the repository.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'

/** A small deterministic generator (mulberry32), so a size's corpus is the same on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** Writes (once) and returns a folder holding `times` varied copies of each seed. */
export function scaledCorpus(seedsDir: string, outDir: string, times: number): string {
  const dir = join(outDir, `${times}x`)
  const done = join(dir, '.complete')
  if (existsSync(done)) return dir
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const seeds = readdirSync(seedsDir).filter((f) => f.endsWith('.txt')).sort()
  for (const file of seeds) {
    const text = readFileSync(join(seedsDir, file), 'utf8')
    // Lines stay lines; words are swapped within the document's own words.
    const tokens = text.split(/(\s+)/)
    const words = tokens.filter((t) => /^[A-Za-z]{4,}$/.test(t))
    for (let copy = 0; copy < times; copy++) {
      const next = random(copy * 7919 + file.length)
      const varied = copy === 0 ? text : tokens.map((t) => (/^[A-Za-z]{4,}$/.test(t) && next() < 1 / 40 ? words[Math.floor(next() * words.length)] : t)).join('')
      writeFileSync(join(dir, `${String(copy).padStart(4, '0')}_${file}`), varied)
    }
  }
  writeFileSync(done, '')
  return dir
}
