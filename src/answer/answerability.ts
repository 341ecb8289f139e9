// Whether a question is answered by the sentences chosen for it: a logistic model over
// features of the question, its retrieval and its best sentences. The coefficients are data
// (answerability-model.json), fitted on the dev questions by `npm run fit:answerability`.
import type { Query } from '../retrieval/query.js'
import type { Ranked } from '../retrieval/retrieve.js'
import type { SearchIndex } from '../search-index.js'
import { answerTypeMatch } from './answer-type.js'
import { coverage, weighQuery, type ScoredSentence } from './compose-answer.js'
import fitted from './answerability-model.json' with { type: 'json' }

export const FEATURES = [
  'coverage',
  'exactCoverage',
  'sentenceCoverage',
  'unmatchedSpecific',
  'unknownWord',
  'margin',
  'typeMissing',
  'fewConcepts',
  'dense',
] as const
export type FeatureName = (typeof FEATURES)[number]
export type Features = Record<FeatureName, number>

export interface AnswerabilityModel {
  /** Per feature, in FEATURES order; features are standardised with `mean` and `scale` first. */
  coefficients: number[]
  intercept: number
  mean: number[]
  scale: number[]
  /** At or above: "answered". */
  answeredAt: number
  /** At or above (and below answeredAt): "uncertain"; below: "not_found". */
  uncertainAt: number
}

export const DEFAULT_ANSWERABILITY = fitted as AnswerabilityModel

/**
 * - coverage: the share of the question's weight the best of the top passages covers, soft matches by their weight;
 * - exactCoverage: the same, counting exact forms only;
 * - sentenceCoverage: the same for the best chosen sentence alone;
 * - unmatchedSpecific: the largest weight share of a question word the best passage lacks, scaled by how specific it is;
 * - unknownWord: 1 when the question has a word neither the corpus nor English knows (a name, a number, a new term);
 * - margin: how far the first passage leads the second;
 * - typeMissing: 1 when the question wants a number, time, name or place and no chosen sentence has one;
 * - fewConcepts: 1 / the number of the question's own concepts;
 * - dense: cosine similarity of the question and the first passage, when a model is loaded (else 0).
 */
export function answerabilityFeatures(
  index: SearchIndex,
  query: Query,
  ranked: readonly Ranked[],
  chosen: readonly ScoredSentence[],
  denseTop: number | null,
): Features {
  const own = { ...query, concepts: query.concepts.filter((c) => !c.fromHistory) }
  const weighted = weighQuery(index, own)
  const exact = { ...weighted, concepts: weighted.concepts.map((c) => ({ ...c, formWeights: c.formWeights.map((w) => (w >= 1 ? 1 : 0)) })) }
  let best = 0
  let bestExact = 0
  let bestPassage = ranked[0]?.passage ?? -1
  for (const r of ranked.slice(0, 3)) {
    const has = (t: string) => index.passageTerms[r.passage].has(t)
    const cov = coverage(weighted, has)
    if (cov > best) [best, bestPassage] = [cov, r.passage]
    bestExact = Math.max(bestExact, coverage(exact, has))
  }
  let sentenceCoverage = 0
  for (const s of chosen) sentenceCoverage = Math.max(sentenceCoverage, coverage(weighted, (t) => s.terms.has(t)))
  let unmatchedSpecific = 0
  weighted.concepts.forEach((c, i) => {
    const found = bestPassage >= 0 && c.forms.some((f) => index.passageTerms[bestPassage].has(f))
    if (!found && weighted.total > 0) unmatchedSpecific = Math.max(unmatchedSpecific, c.weight / weighted.total)
    void i
  })
  const unknownWord = own.concepts.some((c) => !c.inCorpus && c.specificity >= 1) ? 1 : 0
  const top = ranked[0]?.score ?? 0
  const margin = top > 0 ? (top - (ranked[1]?.score ?? 0)) / top : 0
  const type = query.analysis.answerType
  const wantsForm = type !== null && type !== 'yesno'
  const forms = new Set(own.concepts.flatMap((c) => c.forms))
  const typeMissing =
    wantsForm && !chosen.some((s) => answerTypeMatch(index.sentenceCues[ranked[s.rank].passage][sentenceIndex(index, ranked[s.rank].passage, s)], type, forms) > 0) ? 1 : 0
  return {
    coverage: best,
    exactCoverage: bestExact,
    sentenceCoverage,
    unmatchedSpecific,
    unknownWord,
    margin,
    typeMissing,
    fewConcepts: own.concepts.length ? 1 / own.concepts.length : 1,
    dense: denseTop ?? 0,
  }
}

function sentenceIndex(index: SearchIndex, passage: number, s: ScoredSentence): number {
  return index.passages[passage].sentences.findIndex((x) => x.start === s.sentence.start)
}

export function answerability(f: Features, model: AnswerabilityModel = DEFAULT_ANSWERABILITY): number {
  let z = model.intercept
  FEATURES.forEach((name, i) => (z += model.coefficients[i] * ((f[name] - model.mean[i]) / (model.scale[i] || 1))))
  return 1 / (1 + Math.exp(-z))
}
