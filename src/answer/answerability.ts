// Whether a question is answered by the sentences chosen for it: a logistic model over
// features of the question, its retrieval and its best sentences. The coefficients are data
// (answerability-model.json), fitted on the dev questions by `npm run fit:answerability`.
import type { Concept, Query } from '../retrieval/query.js'
import type { Ranked } from '../retrieval/retrieve.js'
import type { SearchIndex } from '../index/search-index.js'
import { NOMINAL, pointsBack, type QuestionAnalysis } from '../language/question.js'
import { isStopWord, stem, words } from '../language/terms.js'
import { predict, type LogisticFit } from './logistic.js'
import { answerFormIn, countedForms } from './answer-type.js'
import { isCalendarName } from '../language/sentence-cues.js'
import { CLOSE_FORM, coverage, weighQuery, type ScoredSentence, type WeightedQuery } from './compose-answer.js'
import fitted from './answerability-model.json' with { type: 'json' }

export const FEATURES = [
  'coverage',
  'exactCoverage',
  'sentenceCoverage',
  'sentenceExact',
  'softShare',
  'unmatchedSpecific',
  'missingName',
  'focusMissing',
  'margin',
  'typeGap',
  'fewConcepts',
  'dense',
] as const
export type FeatureName = (typeof FEATURES)[number]
export type Features = Record<FeatureName, number>

/** A fitted logistic model (per feature in FEATURES order, standardised with `mean` and `scale`) and its thresholds. */
export interface AnswerabilityModel extends LogisticFit {
  /** At or above: "answered". */
  answeredAt: number
  /** At or above (and below answeredAt): "uncertain"; below: "not_found". */
  uncertainAt: number
  /**
   * Below this share of the question's weight matched by the asker's own words (as written,
   * corrected or split; not WordNet's), nothing is quoted: WordNet matches alone are too loose
   * to show ("bread" → "cover").
   */
  minOwnWordCoverage: number
}

export const DEFAULT_ANSWERABILITY = fitted as AnswerabilityModel

/**
 * - coverage: the share of the question's weight the best of the top passages covers, soft matches by their weight;
 * - exactCoverage: the same, counting exact forms only;
 * - sentenceCoverage: the same for the best chosen sentence alone;
 * - sentenceExact: the same, counting exact forms only;
 * - softShare: how much of the passage coverage only soft matches (WordNet, spelling) bring;
 * - unmatchedSpecific: the largest weight share of a question word the best passage lacks, scaled by how specific it is;
 * - focusMissing: the largest weight share of a noun, name or number of the question found in none of the quoted sentences (nor their headings);
 * - missingName: 1 when a name or number in the question is missing from the best passage ("in 2008", "in Wales"), unless a name only qualifies the noun after it, which a top passage has ("the EU directive");
 * - margin: how far the first passage leads the second;
 * - typeGap: when the question wants a number, time, name or place, 1 less how well the best chosen sentence offers one that the question does not already hold (else 0);
 * - fewConcepts: 1 / the number of concepts judged: the question's own, or with history's for a follow-up that points back;
 * - dense: cosine similarity of the question and the first passage, when a model is loaded (else 0).
 */
export function answerabilityFeatures(
  index: SearchIndex,
  query: Query,
  queryWeights: WeightedQuery,
  ranked: readonly Ranked[],
  chosen: readonly ScoredSentence[],
  denseTop: number | null,
  counted: ReadonlySet<string> = countedForms(query),
): Features {
  // The question's own words decide, unless it points back with a pronoun ("who chairs it?",
  // "how much did they go up?"): then the answer must also be about what it points to, history's
  // words. A follow-up that brings its own subject ("what about the police?") is judged on its own.
  const ownConcepts = query.concepts.filter((c) => !c.fromHistory)
  const own = { ...query, concepts: ownConcepts.length && !judgedWithHistory(query) ? ownConcepts : query.concepts }
  const weighted = own.concepts.length === query.concepts.length ? queryWeights : weighQuery(index, own)
  const exact = { ...weighted, concepts: weighted.concepts.map((c) => ({ ...c, formWeights: c.formWeights.map((w) => (w >= 1 ? 1 : 0)) })) }
  let best = 0
  let bestExact = 0
  let bestPassage = ranked[0]?.passage ?? -1
  const leading = ranked.slice(0, 3)
  for (const r of leading) {
    const has = (t: string) => index.termsOf(r.passage).all.has(t)
    const cov = coverage(weighted, has)
    if (cov > best) [best, bestPassage] = [cov, r.passage]
    bestExact = Math.max(bestExact, coverage(exact, has))
  }
  let sentenceCoverage = 0
  let sentenceExact = 0
  for (const s of chosen) {
    sentenceCoverage = Math.max(sentenceCoverage, coverage(weighted, (t) => s.terms.has(t)))
    sentenceExact = Math.max(sentenceExact, coverage(exact, (t) => s.terms.has(t)))
  }
  let unmatchedSpecific = 0
  const inPassage = (passage: number, c: { forms: string[] }) => c.forms.some((f) => index.termsOf(passage).all.has(f))
  const inBest = (c: { forms: string[] }) => bestPassage >= 0 && inPassage(bestPassage, c)
  for (const c of weighted.concepts) if (!inBest(c) && weighted.total > 0) unmatchedSpecific = Math.max(unmatchedSpecific, c.weight / weighted.total)
  // A name that only qualifies the noun written right after it ("the EU directive", "the NHS
  // scheme") may be missing from passages about that noun, when one of the top three has it. A
  // number may not ("the 2010 targets").
  const said = query.analysis.words
  const qualifiesPresentNoun = (c: Concept) => {
    const w = said.find((x) => x.text === c.word)
    const next = w && said.find((x) => x.token === w.token + 1 && NOMINAL.has(x.pos))
    const i = next ? own.concepts.findIndex((x) => x.word === next.text) : -1
    return i >= 0 && leading.some((r) => inPassage(r.passage, weighted.concepts[i]))
  }
  const missingName = own.concepts.some((c) => c.isName && !inBest(c) && (/\d/.test(c.word) || !qualifiesPresentNoun(c))) ? 1 : 0
  let focusMissing = 0
  weighted.concepts.forEach((c, i) => {
    if (!own.concepts[i].isFocus || weighted.total === 0) return
    const quoted = chosen.some((s) => c.forms.some((f) => s.terms.has(f) || index.termsOf(ranked[s.rank].passage).section.has(f)))
    if (!quoted) focusMissing = Math.max(focusMissing, c.weight / weighted.total)
  })
  const top = ranked[0]?.score ?? 0
  const margin = top > 0 ? (top - (ranked[1]?.score ?? 0)) / top : 0
  const type = query.analysis.answerType
  const wantsForm = type !== null && type !== 'yesno'
  const asked = new Set(own.concepts.flatMap((c) => [c.word, ...c.forms]))
  let offered = 0
  for (const s of chosen) offered = Math.max(offered, answerOffered(index, ranked[s.rank].passage, s, query.analysis, asked, counted))
  const typeGap = wantsForm ? 1 - offered : 0
  return {
    coverage: best,
    exactCoverage: bestExact,
    sentenceCoverage,
    sentenceExact,
    softShare: best > 0 ? Math.max(0, 1 - bestExact / best) : 0,
    unmatchedSpecific,
    missingName,
    focusMissing,
    margin,
    typeGap,
    fewConcepts: own.concepts.length ? 1 / own.concepts.length : 1,
    dense: denseTop ?? 0,
  }
}

/**
 * How well a sentence offers the kind of answer asked for, beyond what the question says: a
 * number tied to what the question counts, or a time (1), a number counting something else (0.5); for a person, body or place,
 * a capitalised name the question does not already contain (1); the acronym asked about spelt out (1).
 */
function answerOffered(index: SearchIndex, passage: number, s: ScoredSentence, analysis: Pick<QuestionAnalysis, 'answerType' | 'expands'>, asked: ReadonlySet<string>, counted: ReadonlySet<string>): number {
  const type = analysis.answerType
  if (type === 'person' || type === 'organisation' || type === 'place') {
    const names = s.sentence.text.slice(1).match(/\b[A-Z][a-zA-Z’']+/g) ?? []
    return names.some((n) => !isCalendarName(n) && words(n).some((w) => !asked.has(w) && !asked.has(stem(w)) && !isStopWord(w))) ? 1 : 0
  }
  return answerFormIn(s.sentence.text, index.termsOf(passage).cues[s.index], type, counted, analysis.expands)
}

/**
 * The share of the question's weight the top passages cover with the asker's own words (as
 * written, corrected or split), leaving out WordNet's: below `minOwnWordCoverage`, soft matches
 * alone would be all that connects question and answer.
 */
export function ownWordCoverage(index: SearchIndex, query: Query, weighted: WeightedQuery, ranked: readonly Ranked[]): number {
  const own = { ...weighted, concepts: weighted.concepts.map((c, i) => ({ ...c, formWeights: c.formWeights.map((w, j) => (query.concepts[i].written[j] ? w : 0)) })) }
  let best = 0
  for (const r of ranked.slice(0, 3)) best = Math.max(best, coverage(own, (t) => index.termsOf(r.passage).all.has(t)))
  return best
}

/** A follow-up that points back ("who chairs it?"): judged on what it points to, history's words, too. */
const judgedWithHistory = (query: Query): boolean => query.followUp && pointsBack(query.analysis)

/**
 * Whether a question that points back cannot be answered confidently, whatever the model says:
 * - it has nothing before it to point to (no history, or none with words), no name of its
 *   own its pronoun could mean ("how old was Baby P when he died?" can stand alone), and at most
 *   one noun of its own or a possessive before them ("what was his job?");
 * - or none of its own words, as written or in another form of them (not a WordNet relative),
 *   is in a quoted sentence or its heading: the quotes are about what it points to ("the Cabinet
 *   Sub-Committee"), not what it asks of it ("who chairs it?").
 */
export function pointsBackUnresolved(index: SearchIndex, query: Query, ranked: readonly Ranked[], chosen: readonly Pick<ScoredSentence, 'terms' | 'rank'>[]): boolean {
  if (!pointsBack(query.analysis)) return false
  // With nothing to point to, a question that still names its own topic ("what did he say about
  // health visitors?") stands on that; a lone one ("what did he say?") cannot, nor one about
  // someone's something ("what was his job at the time?").
  if (!query.concepts.some((c) => c.fromHistory || c.isName)) return query.analysis.leadingPossessive || query.concepts.filter((c) => c.isFocus).length <= 1
  if (!judgedWithHistory(query)) return false
  const own = query.concepts.filter((c) => !c.fromHistory)
  return own.length > 0 && !quotesOwnWords(index, own, ranked, chosen)
}

/**
 * Whether the quotes reach none of the question's own nouns, names or numbers except through
 * WordNet: "How do I apply for a passport?" quotes "recommendations", which WordNet relates to
 * "passport". Such an answer is at most "uncertain", whatever the model says.
 */
export function focusOnlyRelated(index: SearchIndex, query: Query, ranked: readonly Ranked[], chosen: readonly Pick<ScoredSentence, 'terms' | 'rank'>[]): boolean {
  const focus = query.concepts.filter((c) => c.isFocus && !c.fromHistory)
  return focus.length > 0 && !quotesOwnWords(index, focus, ranked, chosen)
}

/**
 * Whether a question asking how many, how much or when gets quotes that offer no number or time
 * for what it asks (typeGap at least 0.5): "How many social workers are there in England?"
 * quoted sentences with other counts; or one asking what an acronym stands for gets quotes that
 * do not spell it out ("What does LSCB stand for?" quoted four LSCB recommendations). Such an
 * answer is at most "uncertain".
 */
export const answerFormNotOffered = (query: Query, f: Features): boolean =>
  (query.analysis.answerType === 'quantity' || query.analysis.answerType === 'time' || query.analysis.answerType === 'expansion') && f.typeGap >= 0.5

/** Whether a quoted sentence, or its heading, holds one of these concepts as written, corrected or in another form of it (not a WordNet relative). */
function quotesOwnWords(index: SearchIndex, concepts: readonly Concept[], ranked: readonly Ranked[], chosen: readonly Pick<ScoredSentence, 'terms' | 'rank'>[]): boolean {
  const has = (s: Pick<ScoredSentence, 'terms' | 'rank'>, f: string) => s.terms.has(f) || index.termsOf(ranked[s.rank].passage).section.has(f)
  return chosen.some((s) => concepts.some((c) => c.forms.some((f, j) => (c.written[j] || c.formWeights[j] >= CLOSE_FORM) && has(s, f))))
}

export function answerability(f: Features, model: AnswerabilityModel = DEFAULT_ANSWERABILITY): number {
  return predict(model, FEATURES.map((name) => f[name]))
}

/** answered: confident; uncertain: quoted sentences that may answer; not_found: the documents do not seem to say. */
export type AnswerStatus = 'answered' | 'uncertain' | 'not_found'

/**
 * An answer's status, from the model's probability that its quotes answer, and the confidence
 * reported with it. Nothing is answered without quotes, nor when the asker's own words reach too
 * little of the question (WordNet's alone). A question that points back is never answered
 * confidently when it has nothing to point to, or when the quotes hold none of its own words
 * ("chairs" in "who chairs it?"); nor one whose nouns the quotes reach only through WordNet, nor
 * one asking for a number or a time that the quotes do not give, nor one whose name the
 * documents write only by its initial.
 */
export function decideStatus(
  index: SearchIndex,
  query: Query,
  weighted: WeightedQuery,
  ranked: readonly Ranked[],
  chosen: readonly ScoredSentence[],
  features: Features,
  model: AnswerabilityModel,
): { status: AnswerStatus; confidence: number } {
  const grounded = ownWordCoverage(index, query, weighted, ranked) >= model.minOwnWordCoverage
  const p = chosen.length && grounded ? answerability(features, model) : 0
  const unresolved =
    pointsBackUnresolved(index, query, ranked, chosen) || focusOnlyRelated(index, query, ranked, chosen) || answerFormNotOffered(query, features) || (query.byInitial?.length ?? 0) > 0
  const status: AnswerStatus = p >= model.answeredAt && !unresolved ? 'answered' : p >= model.uncertainAt ? 'uncertain' : 'not_found'
  // Held at uncertain by a rule, an answer is reported below the answered threshold too, so a
  // client that filters on confidence agrees with the status ("who chairs it?" alone had 0.994).
  return { status, confidence: status === 'uncertain' ? Math.min(p, model.answeredAt - 0.001) : p }
}
