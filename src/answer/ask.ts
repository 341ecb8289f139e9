import type { Embedder } from '../embedder.js'
import { expandAcronyms } from '../retrieval/expand.js'
import { dropInitialled, expandSpelledOut } from '../retrieval/spelled-out.js'
import { namedDocuments, withDocumentNames } from '../retrieval/named-documents.js'
import { buildQuery, type Concept, type LanguageConfig } from '../retrieval/query.js'
import { retrieve, similarityFrom, type Ranked, type RetrievalConfig } from '../retrieval/retrieve.js'
import { normalise, searchesVectors, type SearchIndex } from '../index/search-index.js'
import { withPassages, withPostings } from '../index/index-store.js'
import { pageAt } from '../index/corpus.js'
import { countedForms } from './answer-type.js'
import { answerability, answerabilityFeatures, focusOnlyRelated, answerFormNotOffered, ownWordCoverage, pointsBackUnresolved, type AnswerabilityModel, type Features } from './answerability.js'
import { chooseSentences, rankSentences, scoreSentences, weighQuery, withEachPassage, withIntroducedCode, type ComposeConfig } from './compose-answer.js'

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

/** answered: confident; uncertain: quoted sentences that may answer; not_found: the documents do not seem to say. */
export type AnswerStatus = 'answered' | 'uncertain' | 'not_found'

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

export const NOT_FOUND = 'I could not find an answer to this in these documents; the nearest passages are listed with it.'
export const UNCERTAIN = 'These passages may answer your question, but I am not sure:'
// No example question: these documents may be anyone's.
export const NO_TERMS = 'Your question has no words to search for; ask about a topic these documents cover.'
/** Words are read in the Latin alphabet (terms.ts folds accents to it); a question in another script has none. */
export const NO_LATIN_WORDS = 'Your question has no words in the Latin alphabet, which is all this assistant searches by; ask in English (or another language written in Latin letters).'
export const NO_MATCH = 'None of the words in your question appear in these documents. Try other words for the same thing, or ask about a topic they cover.'

/** Why nothing is quoted, as far as the question shows: no words to search, none the documents use, or no answer among them. */
function notFoundText(question: string, hasTerms: boolean, anyInDocuments: boolean): string {
  if (!hasTerms) return /\p{L}/u.test(question) && !/\p{Script=Latin}/u.test(question) ? NO_LATIN_WORDS : NO_TERMS
  return anyInDocuments ? NOT_FOUND : NO_MATCH
}

export const pageLabel = ([first, last]: readonly [number, number]): string => (first === last ? `p. ${first}` : `pp. ${first}–${last}`)

/** "[2]", or "[2, p. 37]" for a sentence on a PDF's page. */
export const citation = (s: AnswerSentence): string => `[${s.sources.join('][')}${s.page === undefined ? '' : `, p. ${s.page}`}]`

/** A web address, without the punctuation that may follow it. */
const WEB_ADDRESS = /(\bhttps?:\/\/[^\s<>"]*[^\s<>"?!.,:;*_~'()\[\]])/

/**
 * Escape what Markdown or HTML would read as markup, so a quoted sentence renders as itself:
 * inline markup anywhere; a heading, list or quote marker only where a line starts ("- item",
 * "2008. Then"), so "London - was" stays as it is for a client that prints the Markdown.
 */
export function escapeMarkdown(text: string): string {
  // A web address is an autolink, "<https://…>", inside which Markdown reads no escapes or
  // markup: escaped, "&" had become "&amp;amp;" in the link and "_" a backslash; bare, its "[b](…)"
  // could be read as a link of its own. Trailing punctuation is not part of it, as in GFM.
  return text
    .split(WEB_ADDRESS)
    .map((part, i) => (i % 2 ? `<${part}>` : part.replace(/[\\`*_\[\]|~<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))))
    .join('')
    .replace(/(^|\n)([ \t]*)(?:([#+-])|(\d+)([.)]))/g, (_, start: string, indent: string, marker?: string, digits?: string, stop?: string) =>
      marker ? `${start}${indent}\\${marker}` : `${start}${indent}${digits}\\${stop}`,
    )
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
    .slice(0, cfg.retrieval.topK)
  const scored = rankSentences(content, ranked, cfg.compose)
  const chosen = chooseSentences(scored, cfg.compose)
  const denseTop = !hybrid || !ranked[0] ? null : index.vectors ? dot(index.vectors[ranked[0].passage], vector!) : similarityFrom(similarities!)(ranked[0].passage)
  const features = answerabilityFeatures(index, query, weighted, ranked, chosen, denseTop, counted)
  const grounded = ownWordCoverage(index, query, weighted, ranked) >= cfg.answerability.minOwnWordCoverage
  const confidence = chosen.length && grounded ? answerability(features, cfg.answerability) : 0
  // A question that points back is never answered confidently when it has nothing to point to,
  // or when the quotes hold none of its own words ("chairs" in "who chairs it?"); nor one whose
  // nouns the quotes reach only through WordNet, nor one asking for a number or a time that the
  // quotes do not give, nor one whose name the documents write only by its initial.
  const unresolved =
    pointsBackUnresolved(index, query, ranked, chosen) || focusOnlyRelated(index, query, ranked, chosen) || answerFormNotOffered(query, features) || (asked.byInitial?.length ?? 0) > 0
  const status: AnswerStatus =
    confidence >= cfg.answerability.answeredAt && !unresolved ? 'answered' : confidence >= cfg.answerability.uncertainAt ? 'uncertain' : 'not_found'
  const quoting = status !== 'not_found'
  // Not sure which passage answers: each source listed is quoted by its best sentence too.
  const quotes = withIntroducedCode(status === 'uncertain' ? withEachPassage(chosen, scored, cfg.compose) : chosen, index, ranked)

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
  const quoted = sentences.map((s) => `${escapeMarkdown(s.text)} ${citation(s)}`).join(' ')
  return {
    question,
    status,
    answered: status === 'answered',
    answer: {
      markdown: status === 'answered' ? quoted : status === 'uncertain' ? `${UNCERTAIN} ${quoted}` : notFoundText(question, hasTerms, query.concepts.some(inVocabulary)),
      sentences,
    },
    sources,
    // Held at uncertain by a rule, an answer is reported below the answered threshold too, so a
    // client that filters on confidence agrees with the status ("who chairs it?" alone had 0.994).
    confidence: Math.round((status === 'uncertain' ? Math.min(confidence, cfg.answerability.answeredAt - 0.001) : confidence) * 1000) / 1000,
    features,
    followUp: query.followUp,
    retrieval: hybrid ? 'hybrid' : 'lexical',
    timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100, embedMs: Math.round(embedMs * 100) / 100 },
  }
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0
  for (let i = 0; i < a.length; i++) s += a[i] * b[i]
  return s
}
