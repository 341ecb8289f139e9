// An asker often writes a name by its initials ("A&E", "ICS") where the documents only ever
// spell it out ("Accident and Emergency departments", "Integrated Children's System"). The
// corpus's capitalised runs give those initials; a question's acronym the corpus never uses
// then stands for the run's words. (An acronym the question itself spells out is expand.ts's.)
// The other way round, the documents may shorten a name to an initial ("Baby P", "J. Smith")
// that an asker writes in full ("Baby Peter", "John Smith").
import type { SearchIndex } from '../index/search-index.js'
import { capitalisedRuns, initialsOf, runWords } from '../language/question.js'
import type { Concept, Query } from './query.js'
import { isStopWord, stem, terms, words } from '../language/terms.js'

/**
 * Initials (lower case) → the terms of the capitalised run they abbreviate; and, keyed
 * `initialledKey`, each name the corpus writes with an initial → the term of its written word.
 */
export type SpelledOutTable = ReadonlyMap<string, string[]>

/** A name word written next to an initial: "Baby P" → "babi|p" (the initial after), "J. Smith" → "j|smith" (before). */
const initialledKey = (term: string, initial: string, initialFirst: boolean) => (initialFirst ? `${initial}|${term}` : `${term}|${initial}`)
/** A capitalised word and a lone capital after it ("Baby P's"), or a capital with a full stop before one ("J. Smith"). */
const INITIAL_AFTER = /(?<![\p{L}\p{N}])(\p{Lu}\p{Ll}+)\s+(\p{Lu})(?![\p{L}\p{N}])/gu
const INITIAL_BEFORE = /(?<![\p{L}\p{N}])(\p{Lu})\.\s*(\p{Lu}\p{Ll}+)/gu

/** Shortest and longest initials read as an acronym: "GP" to "LSCBIC". */
const MIN_LETTERS = 2
const MAX_LETTERS = 6
/** Of two runs with the same initials, the commoner stands for them only when used this many times as often. */
const MIN_DOMINANCE = 2

/**
 * A run's capitalised words, leading "The"/"A" left out, and those after its first small word: a
 * sentence's first word runs on into a name ("Staff in Accident and Emergency").
 */
function phrasesOf(run: string): string[][] {
  const all = runWords(run)
  const capitalised = (ws: string[]) => ws.filter((w) => /^\p{Lu}/u.test(w))
  const full = capitalised(all)
  const from = full.findIndex((w) => !isStopWord(w.toLowerCase()))
  const small = all.findIndex((w) => /^\p{Ll}/u.test(w))
  const lead = from < 0 ? [] : full.slice(from)
  return small > 0 ? [lead, capitalised(all.slice(small + 1))] : [lead]
}

/**
 * The initials of each capitalised run in the texts ("Accident and Emergency" → ae) for initials
 * the corpus does not use as a word itself. Initials two runs share stand for the commoner, if
 * clearly so; otherwise for neither.
 */
export function spelledOutTable(texts: Iterable<string>, vocabulary: ReadonlySet<string>): SpelledOutTable {
  const runs = new Map<string, Map<string, { terms: string[]; count: number }>>()
  const all = [...texts]
  for (const text of all) {
    for (const ws of capitalisedRuns(text).flatMap(phrasesOf)) {
      if (ws.length < MIN_LETTERS || ws.length > MAX_LETTERS) continue
      const initials = initialsOf(ws)
      if (vocabulary.has(stem(initials))) continue
      const phraseTerms = terms(ws.join(' '))
      if (phraseTerms.length !== ws.length) continue
      const key = phraseTerms.join(' ')
      const byPhrase = runs.get(initials) ?? new Map<string, { terms: string[]; count: number }>()
      const seen = byPhrase.get(key) ?? { terms: phraseTerms, count: 0 }
      seen.count++
      byPhrase.set(key, seen)
      runs.set(initials, byPhrase)
    }
  }
  const table = new Map<string, string[]>()
  for (const [initials, byPhrase] of runs) {
    const [first, second] = [...byPhrase.values()].sort((a, b) => b.count - a.count)
    if (!second || first.count >= MIN_DOMINANCE * second.count) table.set(initials, first.terms)
  }
  for (const text of all) initialledNames(text, table)
  return table
}

function initialledNames(text: string, table: Map<string, string[]>): void {
  for (const [, word, initial] of text.matchAll(INITIAL_AFTER)) {
    // "Maybe I think": the pronoun, not an initial.
    if (initial === 'I') continue
    const t = stem(word.toLowerCase())
    if (!isStopWord(word.toLowerCase())) table.set(initialledKey(t, initial.toLowerCase(), false), [t])
  }
  for (const [, initial, word] of text.matchAll(INITIAL_BEFORE)) {
    const t = stem(word.toLowerCase())
    if (!isStopWord(word.toLowerCase())) table.set(initialledKey(t, initial.toLowerCase(), true), [t])
  }
}

/** Each in-memory index's table, computed when a question first needs it. */
const tables = new WeakMap<object, SpelledOutTable>()

function tableOf(index: Pick<SearchIndex, 'passages' | 'vocabulary' | 'spelledOut'>): SpelledOutTable {
  if (index.spelledOut) return index.spelledOut
  let table = tables.get(index.passages)
  if (!table) tables.set(index.passages, (table = spelledOutTable(index.passages.map((p) => p.text), index.vocabulary)))
  return table
}

/**
 * The question's acronyms that the corpus never uses but spells out: each written in capitals
 * ("ICS", "A&E", "LSCBs") stands for its run's words, which share its weight.
 */
export function expandSpelledOut(query: Query, question: string, index: Pick<SearchIndex, 'passages' | 'vocabulary' | 'spelledOut'>): Query {
  const written = new Set([...question.matchAll(/(?<![\p{L}\p{N}])\p{Lu}(?:&?\p{Lu}){1,5}(?=s?(?![\p{L}\p{N}]))/gu)].flatMap((m) => words(m[0])))
  if (written.size === 0) return query
  const table = tableOf(index)
  const concepts = query.concepts.flatMap((c): Concept[] => {
    // "LSCBs": the plural of the initials.
    const key = c.inCorpus ? undefined : [c.word, c.word.replace(/s$/, '')].find((k) => written.has(k) && table.has(k))
    const run = key === undefined ? undefined : table.get(key)
    if (!run) return [c]
    return run.map((t) => ({ ...c, word: t, forms: [t], formWeights: [1], written: [true], weight: c.weight / run.length, inCorpus: true }))
  })
  return concepts.length === query.concepts.length && concepts.every((c, i) => c === query.concepts[i]) ? query : { ...query, concepts }
}

/**
 * A name word the corpus never uses, written beside a word of a name the corpus shortens to its
 * initial ("Baby Peter" where the documents write "Baby P"): the name's other word stands for it,
 * so the passages about "Baby P" are not taken to lack the name asked about. Whether P is Peter or
 * Poppy the documents cannot say, so the word is kept in `byInitial`, and the answer is at most "uncertain".
 */
export function dropInitialled(query: Query, index: Pick<SearchIndex, 'passages' | 'vocabulary' | 'spelledOut'>): Query {
  const said = query.analysis.words
  const wordOf = (c: Concept) => said.find((x) => x.text === c.word)
  // Name words the documents lack; only a question with one reads the table (built on first need).
  const candidates = query.concepts.filter((c) => !c.fromHistory && !c.inCorpus && /^\p{L}/u.test(c.word) && (c.isName || !!wordOf(c)?.inName))
  if (candidates.length === 0) return query
  const table = tableOf(index)
  const initialled = (c: Concept) => {
    const w = wordOf(c)
    if (!w) return false
    const next = (d: number) => said.find((x) => x.token === w.token + d)
    const [before, after] = [next(-1), next(1)]
    return (!!before && table.has(initialledKey(stem(before.text), w.text[0], false))) || (!!after && table.has(initialledKey(stem(after.text), w.text[0], true)))
  }
  const dropped = new Set(candidates.filter(initialled))
  return dropped.size ? { ...query, concepts: query.concepts.filter((c) => !dropped.has(c)), byInitial: [...dropped].map((c) => c.word) } : query
}
