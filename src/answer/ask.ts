import type { Embedder } from '../embedder.js'
import { expandAcronyms } from '../retrieval/expand.js'
import { dropInitialled, expandSpelledOut } from '../retrieval/spelled-out.js'
import { namedDocuments, withDocumentNames } from '../retrieval/named-documents.js'
import { buildQuery, type Concept, type LanguageConfig } from '../retrieval/query.js'
import { retrieve, similarityFrom, type Ranked, type RetrievalConfig } from '../retrieval/retrieve.js'
import { dot, normalise, searchesVectors, type SearchIndex } from '../index/search-index.js'
import { withPassages, withPostings } from '../index/index-store.js'
import { pageAt } from '../index/corpus.js'
import { countedForms } from './answer-type.js'
import { answerabilityFeatures, decideStatus, type AnswerabilityModel, type AnswerStatus, type Features } from './answerability.js'
import { answerMarkdown, notFoundText, pageLabel } from './answer-markdown.js'
import { chooseSentences, rankSentences, scoreSentences, weighQuery, withEachPassage, withIntroduced, type ComposeConfig } from './compose-answer.js'

export interface AskConfig {
  retrieval: RetrievalConfig
  compose: ComposeConfig
  /** Passages considered before re-ranking by their best sentence. */
  candidates: number
  /** Weight of the best sentence's score when re-ranking passages. */
  sentenceRerankWeight: number
  /** How much more a passage counts when the question names its kind of document ("according to the slides"). */
  namedSourceBoost: number
  /** Which lexical bridges a question may cross to the corpus's words. */
  language: LanguageConfig
  /** Decides answered / uncertain / not_found. */
  answerability: AnswerabilityModel
}

export interface AskSource {
  n: number
  docId: string
  passageId: string
  title: string
  kind: string
  section: string | null
  text: string
  start: number
  end: number
  score: number
  highlights: [number, number][]
  /** PDF only: first and last page of the passage, and how a citation says them ("p. 37", "pp. 37–38"). */
  pages?: [number, number]
  pageLabel?: string
}

/** A quoted sentence and the sources it is cited from; `page` is where it starts, for a PDF. */
export interface AnswerSentence {
  text: string
  sources: number[]
  page?: number
}

export type { AnswerStatus } from './answerability.js'

export interface AskResponse {
  question: string
  status: AnswerStatus
  /** True only for "answered". */
  answered: boolean
  answer: { markdown: string; sentences: AnswerSentence[] }
  sources: AskSource[]
  /** The answerability model's probability that the quoted sentences answer the question; below answeredAt when the answer is "uncertain". */
  confidence: number
  /** What the confidence was computed from. */
  features: Features
  followUp: boolean
  retrieval: 'hybrid' | 'lexical'
  timings: { totalMs: number; embedMs: number }
}

export async function ask(
  base: SearchIndex,
  embedder: Embedder | null,
  question: string,
  history: readonly string[],
  cfg: AskConfig,
): Promise<AskResponse> {
  const t0 = performance.now()
  // A blank earlier question ("", "?") is nothing to follow on from.
  history = history.filter((h) => /[\p{L}\p{N}]/u.test(h))
  const built = expandAcronyms(buildQuery(question, history, base, cfg.language), question, base.vocabulary)
  // query.text: with the question before a follow-up, whose acronyms it may lean on ("staff there").
  const asked = dropInitialled(expandSpelledOut(built, built.text, base), base)
  // A document the question names ("under the GPL") has that name as a heading over each of its
  // passages: the name ranks none of them above another, answerability finds it in all of them,
  // and, as a name, it is missed in a passage from another document.
  const namedDocs = namedDocuments(base, asked, question)
  const naming = (c: (typeof asked.concepts)[number]) => namedDocs.terms.has(c.forms[0])
  const query = namedDocs.terms.size ? { ...asked, concepts: asked.concepts.map((c) => (naming(c) ? { ...c, isName: true, isFocus: true } : c)) } : asked
  const unnamed = query.concepts.filter((c) => !naming(c))
  // Searched by what it asks of the documents it names; by all its words when none of those is in
  // the corpus ("child protection in Scotland" had found nothing, and said no word was there).
  const inVocabulary = (c: Concept) => c.forms.some((f) => base.vocabulary.has(f))
  const searched = unnamed.some(inVocabulary) && unnamed.length < query.concepts.length ? { ...query, concepts: unnamed } : query
  let vector: Float32Array | null = null
  const hasTerms = query.concepts.length > 0
  const useDense = hasTerms && embedder !== null && searchesVectors(base)
  const embedStart = performance.now()
  if (useDense) vector = normalise((await embedder.embed([query.text], 'query'))[0])
  // The question's embedding alone: 0 without a model.
  const embedMs = performance.now() - embedStart
  // In memory this is the index itself; from a store (the Worker's D1), the question's postings
  // (and nearest passages, from Vectorize) are read before retrieval, its pool's passages after.
  const read = await withPostings(base, searched.concepts.flatMap((c) => c.forms), vector, cfg.retrieval.annCandidates)
  const searching = read.index
  // A store's vector search that failed or found nothing leaves retrieval lexical.
  const similarities = read.dense?.size ? read.dense : null
  const hybrid = vector !== null && (base.vectors !== null || similarities !== null)
  const type = query.analysis.answerType
  // Two stages: passages by fused score, then re-ranked by how well their best sentence answers.
  const pool = hasTerms ? retrieve(searching, searched, hybrid ? vector : null, { ...cfg.retrieval, topK: Math.max(cfg.candidates, cfg.retrieval.topK) }, similarities).filter((r) => r.score > 0) : []
  const index = withDocumentNames(await withPassages(searching, pool.map((r) => r.passage)), namedDocs)
  // Sentences are scored once; only their passage's rank changes between the two stages.
  // Weighed once: sentence scoring and both answerability measures read the same weights.
  const weighted = weighQuery(index, query)
  const counted = countedForms(query)
  const content = scoreSentences(index, searched === query ? weighted : weighQuery(index, searched), pool.map((r) => r.passage), type, cfg.compose, counted, query.analysis.expands)
  const bestSentence = new Map<number, number>()
  for (const s of rankSentences(content, pool, cfg.compose)) bestSentence.set(s.rank, Math.max(bestSentence.get(s.rank) ?? 0, s.score))
  const poolTop = pool[0]?.score || 1
  const w = cfg.sentenceRerankWeight
  const named = new Set(query.analysis.namedSources)
  const fromNamed = (passage: number) =>
    (named.size > 0 && named.has(index.documents.get(index.passages[passage].docId)!.kind)) || namedDocs.documents.has(index.passages[passage].docId)
  const ranked: Ranked[] = pool
    .map((r, i) => ({ ...r, score: ((1 - w) * (r.score / poolTop) + w * (bestSentence.get(i) ?? 0)) * (fromNamed(r.passage) ? 1 + cfg.namedSourceBoost : 1) }))
    .sort((a, b) => b.score - a.score || a.passage - b.passage)
    // A passage whose text one above it has (a slide title repeated on each slide) adds nothing to the list.
    .filter(firstOfEachText(index))
    .slice(0, cfg.retrieval.topK)
  const scored = rankSentences(content, ranked, cfg.compose)
  const chosen = chooseSentences(scored, cfg.compose)
  const denseTop = !hybrid || !ranked[0] ? null : index.vectors ? dot(index.vectors[ranked[0].passage], vector!) : similarityFrom(similarities!)(ranked[0].passage)
  const features = answerabilityFeatures(index, query, weighted, ranked, chosen, denseTop, counted)
  const { status, confidence } = decideStatus(index, query, weighted, ranked, chosen, features, cfg.answerability)
  const quoting = status !== 'not_found'
  // Not sure which passage answers: each source listed is quoted by its best sentence too.
  const quotes = withIntroduced(status === 'uncertain' ? withEachPassage(chosen, scored, cfg.compose) : chosen, index, ranked)

  const sources: AskSource[] = ranked.map((r, rank) => {
    const p = index.passages[r.passage]
    const doc = index.documents.get(p.docId)!
    const highlights = quoting
      ? quotes.filter((s) => s.rank === rank).map((s): [number, number] => [s.sentence.start - p.start, s.sentence.end - p.start])
      : []
    return {
      n: rank + 1,
      docId: p.docId,
      passageId: p.id,
      title: doc.title,
      kind: doc.kind,
      section: p.section,
      text: p.text,
      start: p.start,
      end: p.end,
      score: Math.round(r.score * 1000) / 1000,
      highlights,
      ...(p.pages ? { pages: p.pages, pageLabel: pageLabel(p.pages) } : {}),
    }
  })
  const sentences: AnswerSentence[] = quoting
    ? quotes.map((s) => {
        const page = pageAt(index.documents.get(index.passages[ranked[s.rank].passage].docId)!, s.sentence.start)
        return { text: s.sentence.text, sources: [s.rank + 1], ...(page === null ? {} : { page }) }
      })
    : []
  return {
    question,
    status,
    answered: status === 'answered',
    answer: {
      markdown: answerMarkdown(status, sentences, notFoundText(question, hasTerms, query.concepts.some(inVocabulary))),
      sentences,
    },
    sources,
    confidence: Math.round(confidence * 1000) / 1000,
    features,
    followUp: query.followUp,
    retrieval: hybrid ? 'hybrid' : 'lexical',
    timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100, embedMs: Math.round(embedMs * 100) / 100 },
  }
}

/** Keeps, in order, the first passage with each text: one pass, however large the pool. */
function firstOfEachText(index: SearchIndex): (r: Ranked) => boolean {
  const seen = new Set<string>()
  return (r) => {
    const text = index.passages[r.passage].text
    if (seen.has(text)) return false
    seen.add(text)
    return true
  }
}
