import type { SentenceRecord } from '../index/corpus.js'
import type { Query } from '../retrieval/query.js'
import type { Ranked } from '../retrieval/retrieve.js'
import type { SearchIndex } from '../index/search-index.js'
import type { AnswerType } from '../language/question.js'
import { answerFormIn } from './answer-type.js'

export interface ComposeConfig {
  maxSentences: number
  /** Keep sentences scoring at least this share of the best one. */
  relativeFloor: number
  /** Jaccard overlap of terms above which a sentence repeats one already chosen. */
  redundancy: number
  /** Score added to a sentence holding the kind of answer asked for (a number, a time). */
  answerTypeBonus: number
  /** Weight of the passage's rank in a sentence's score. */
  passageWeight: number
  /** How much a query term in the passage's heading, or elsewhere in the passage, counts for a sentence. */
  sectionWeight: number
  contextWeight: number
}

export const DEFAULT_COMPOSE: ComposeConfig = {
  maxSentences: 4,
  relativeFloor: 0.6,
  redundancy: 0.5,
  answerTypeBonus: 0.25,
  passageWeight: 0.3,
  sectionWeight: 0.5,
  contextWeight: 0.25,
}

export interface ScoredSentence {
  sentence: SentenceRecord
  /** Position of its passage in `ranked`. */
  rank: number
  /** Position of the sentence in its passage. */
  index: number
  score: number
  terms: Set<string>
}

/** A query's concepts with their weights, computed once per question. */
export interface WeightedQuery {
  concepts: { forms: string[]; formWeights: number[]; weight: number }[]
  total: number
}

/** A form weighing this much or more is the word itself in another form (as written, corrected, inflected); WordNet's relatives weigh less. */
export const CLOSE_FORM = 0.8

/**
 * A concept weighs by its role in the question times its importance: for a word the corpus
 * uses, the idf of its commonest close form; for one it does not, the idf of an unseen term
 * scaled by how specific the word is in English. So an unseen common word ("described")
 * weighs little, and an unseen name or number ("Brexit", "2015") as much as the rarest term.
 */
export function weighQuery(index: SearchIndex, query: Query): WeightedQuery {
  const unseen = index.bm25.idf('')
  const concepts = query.concepts.map((c) => {
    const close = c.forms.filter((f, i) => c.formWeights[i] >= CLOSE_FORM && index.vocabulary.has(f))
    const importance = close.length ? Math.min(...close.map((f) => index.bm25.idf(f))) : unseen * c.specificity
    return { forms: c.forms, formWeights: c.formWeights, weight: c.weight * importance }
  })
  return { concepts, total: concepts.reduce((n, c) => n + c.weight, 0) }
}

/** Share of the query's weight found in `have`; a soft form counts by its weight. */
export function coverage(q: WeightedQuery, have: (t: string) => boolean): number {
  let got = 0
  for (const c of q.concepts) {
    let best = 0
    for (let i = 0; i < c.forms.length; i++) if (c.formWeights[i] > best && have(c.forms[i])) best = c.formWeights[i]
    got += c.weight * best
  }
  return q.total > 0 ? got / q.total : 0
}

/**
 * Coverage of the query by a sentence, its passage's heading and the rest of its passage, in
 * one pass: per concept, its best form in the sentence counts fully, its best form found only
 * in the heading counts `sectionWeight`, and one found only elsewhere in the passage
 * `contextWeight`. `q` is reduced to the passage's forms (`withinPassage`), so a form in neither
 * sentence nor heading is elsewhere in the passage. The same as three `coverage` calls, without
 * their closures: this runs for every sentence of every candidate passage.
 */
function layeredCoverage(q: WeightedQuery, own: ReadonlySet<string>, section: ReadonlySet<string>, cfg: ComposeConfig): number {
  if (q.total <= 0) return 0
  let inSentence = 0
  let inSection = 0
  let inPassage = 0
  for (const c of q.concepts) {
    let a = 0
    let b = 0
    let d = 0
    for (let i = 0; i < c.forms.length; i++) {
      const w = c.formWeights[i]
      const t = c.forms[i]
      if (own.has(t)) a = Math.max(a, w)
      else if (section.has(t)) b = Math.max(b, w)
      else d = Math.max(d, w)
    }
    inSentence += c.weight * a
    inSection += c.weight * b
    inPassage += c.weight * d
  }
  return (inSentence + cfg.sectionWeight * inSection + cfg.contextWeight * inPassage) / q.total
}

/**
 * The query reduced to the forms a passage has (its text and heading, which hold every
 * sentence's terms): the rest score nothing in any of its sentences, so `layeredCoverage`
 * need not look for them sentence by sentence. Same total, so the same scores.
 */
function withinPassage(q: WeightedQuery, passage: ReadonlySet<string>): WeightedQuery {
  const concepts: WeightedQuery['concepts'] = []
  for (const c of q.concepts) {
    const keep: number[] = []
    for (let i = 0; i < c.forms.length; i++) if (passage.has(c.forms[i])) keep.push(i)
    if (keep.length) concepts.push({ forms: keep.map((i) => c.forms[i]), formWeights: keep.map((i) => c.formWeights[i]), weight: c.weight })
  }
  return { concepts, total: q.total }
}

// A sentence opening with a pronoun or demonstrative, or a quotation, continues the one before it.
const CONTINUES = /^(["“']?(this|these|that|those|it|they|such|he|she)\b|["“‘])/i

/** A sentence's score from its own content, before its passage's rank is known. */
export interface SentenceContent {
  sentence: SentenceRecord
  /** Position of its passage in the index. */
  passage: number
  /** Position of the sentence in its passage. */
  index: number
  terms: Set<string>
  content: number
}

/**
 * Score every sentence of the given passages on content: idf-weighted coverage of the query
 * (terms only in the passage's heading or elsewhere in the passage count for less), a bonus
 * for holding the kind of answer asked for, and half the coverage of the sentence it goes on
 * from: its list item's parent, or the sentence before.
 */
export function scoreSentences(
  index: SearchIndex,
  weighted: WeightedQuery,
  passages: readonly number[],
  type: AnswerType,
  cfg: ComposeConfig,
  counted: ReadonlySet<string> = new Set(),
  /** The acronym an expansion question asks about. */
  expands: string | null = null,
): SentenceContent[] {
  const out: SentenceContent[] = []
  for (const p of passages) {
    const terms = index.termsOf(p)
    const section = terms.section
    const passage = terms.all
    const present = withinPassage(weighted, passage)
    let previous = 0
    let parent = 0
    const code = index.passages[p].code
    index.passages[p].sentences.forEach((sentence, k) => {
      // Code is shown with its passage, never quoted for its own words.
      if (code?.includes(k)) {
        previous = 0
        return
      }
      const cues = terms.cues[k]
      const own = terms.sentences[k]
      const form = answerFormIn(sentence.text, cues, type, counted, expands)
      // The sentence that spells out the acronym asked about answers an expansion question, though it may not repeat the acronym.
      let cov = type === 'expansion' && form === 1 ? 1 : layeredCoverage(present, own, section, cfg)
      if (cues.subItem) cov += 0.5 * parent
      else if (CONTINUES.test(sentence.text)) cov += 0.5 * previous
      previous = cov
      if (!cues.subItem) parent = cov
      if (cov <= 0) return
      const bonus = cfg.answerTypeBonus * form
      out.push({ sentence, passage: p, index: k, terms: own, content: (1 - cfg.passageWeight) * Math.min(1, cov) + bonus })
    })
  }
  return out
}

/** Add each sentence's passage rank to its score; sentences outside `ranked` are dropped. */
export function rankSentences(scored: readonly SentenceContent[], ranked: readonly Ranked[], cfg: ComposeConfig): ScoredSentence[] {
  const top = ranked[0]?.score || 1
  const rankOf = new Map(ranked.map((r, rank) => [r.passage, rank]))
  return scored.flatMap((s) => {
    const rank = rankOf.get(s.passage)
    return rank === undefined ? [] : [{ sentence: s.sentence, rank, index: s.index, terms: s.terms, score: s.content + cfg.passageWeight * (ranked[rank].score / top) }]
  })
}

const jaccard = (a: Set<string>, b: Set<string>) => {
  let shared = 0
  for (const t of a) if (b.has(t)) shared++
  return shared / Math.max(1, a.size + b.size - shared)
}

/** Whether one sentence says what another already does: the same text, or terms overlapping above `redundancy`. */
const repeats = (a: ScoredSentence, b: ScoredSentence, cfg: ComposeConfig) => a.sentence.text === b.sentence.text || jaccard(a.terms, b.terms) > cfg.redundancy

/**
 * The chosen sentences and, for each passage none of them comes from, its best sentence, unless
 * it repeats one already there: an answer that may not answer shows what every source offers.
 * The chosen come first, as chosen (best first), then the others in their passages' rank order.
 */
export function withEachPassage(chosen: readonly ScoredSentence[], scored: readonly ScoredSentence[], cfg: ComposeConfig): ScoredSentence[] {
  const out = [...chosen]
  const best = new Map<number, ScoredSentence>()
  for (const s of scored) if (s.score > (best.get(s.rank)?.score ?? -Infinity)) best.set(s.rank, s)
  // By rank: of two passages whose best sentences repeat each other, the higher-ranked one is quoted.
  for (const [rank, s] of [...best].sort((a, b) => a[0] - b[0])) {
    if (out.some((x) => x.rank === rank || repeats(x, s, cfg))) continue
    out.push(s)
  }
  return out
}

/**
 * The best few sentences, none repeating another, best first: an answer opens with the sentence
 * that answers best, not with whatever the first-ranked passage says first.
 */
export function chooseSentences(scored: readonly ScoredSentence[], cfg: ComposeConfig): ScoredSentence[] {
  const sorted = [...scored].sort((a, b) => b.score - a.score)
  const best = sorted[0]?.score ?? 0
  const chosen: ScoredSentence[] = []
  for (const c of sorted) {
    if (chosen.length >= cfg.maxSentences || c.score < cfg.relativeFloor * best) break
    if (chosen.some((x) => repeats(x, c, cfg))) continue
    chosen.push(c)
  }
  return chosen
}

/**
 * The quotes, each lead-in that ends with a colon followed by what it introduces, the next
 * sentence of its passage: a code block ("To check replication lag, run:"), which is never
 * quoted for its own words, a quotation ("As SOLACE advised me in their evidence:") or a list's
 * first item. Alone, the lead-in promises an answer it does not give.
 */
export function withIntroduced(quotes: readonly ScoredSentence[], index: SearchIndex, ranked: readonly Ranked[]): ScoredSentence[] {
  const out: ScoredSentence[] = []
  for (const s of quotes) {
    out.push(s)
    const passage = index.passages[ranked[s.rank].passage]
    const next = s.index + 1
    if (/:\s*$/.test(s.sentence.text) && next < passage.sentences.length && !quotes.some((q) => q.rank === s.rank && q.index === next)) {
      out.push({ sentence: passage.sentences[next], rank: s.rank, index: next, score: s.score, terms: new Set() })
    }
  }
  return out
}
