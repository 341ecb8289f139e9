import type { Embedder } from '../embedder.js'
import { expandAcronyms, expandMorphology } from '../retrieval/expand.js'
import { buildQuery } from '../retrieval/query.js'
import { retrieve, type Ranked, type RetrievalConfig } from '../retrieval/retrieve.js'
import { normalise, type SearchIndex } from '../search-index.js'
import { answerType } from './answer-type.js'
import { chooseSentences, confidenceOf, rankSentences, scoreSentences, type ComposeConfig } from './compose-answer.js'

export interface AskConfig {
  retrieval: RetrievalConfig
  compose: ComposeConfig
  /** Passages considered before re-ranking by their best sentence. */
  candidates: number
  /** Weight of the best sentence's score when re-ranking passages. */
  sentenceRerankWeight: number
  /** Expand query terms with the corpus's other word forms. */
  morphology: boolean
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
}

/** answered: confident; uncertain: quoted sentences that may answer; not_found: the documents do not seem to say. */
export type AnswerStatus = 'answered' | 'uncertain' | 'not_found'

export interface AskResponse {
  question: string
  status: AnswerStatus
  /** True only for "answered". */
  answered: boolean
  answer: { markdown: string; sentences: { text: string; sources: number[] }[] }
  sources: AskSource[]
  confidence: number
  followUp: boolean
  retrieval: 'hybrid' | 'lexical'
  timings: { totalMs: number; embedMs: number }
}

export const NOT_FOUND = 'I could not find an answer to this in these documents. The nearest passages are shown below.'
export const NO_TERMS = 'Your question has no words to search for; ask about a topic, e.g. "What did Laming say about court fees?"'

/** Escape what Markdown or HTML would read as markup, so a quoted sentence renders as itself. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}\[\]()#+\-!|~<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))
}

export async function ask(
  index: SearchIndex,
  embedder: Embedder | null,
  question: string,
  history: readonly string[],
  cfg: AskConfig,
): Promise<AskResponse> {
  const t0 = performance.now()
  const built = expandAcronyms(buildQuery(question, history), question, index.vocabulary)
  const query = cfg.morphology ? expandMorphology(built, index.vocabulary) : built
  let vector: Float32Array | null = null
  const useDense = embedder !== null && index.vectors !== null
  if (useDense) vector = normalise((await embedder.embed([query.text], 'query'))[0])
  const embedMs = performance.now() - t0
  const type = answerType(question)
  // Two stages: passages by fused score, then re-ranked by how well their best sentence answers.
  const pool = retrieve(index, query, vector, { ...cfg.retrieval, topK: Math.max(cfg.candidates, cfg.retrieval.topK) })
  // Sentences are scored once; only their passage's rank changes between the two stages.
  const content = scoreSentences(index, query, pool.map((r) => r.passage), type, cfg.compose)
  const bestSentence = new Map<number, number>()
  for (const s of rankSentences(content, pool, cfg.compose)) bestSentence.set(s.rank, Math.max(bestSentence.get(s.rank) ?? 0, s.score))
  const poolTop = pool[0]?.score || 1
  const w = cfg.sentenceRerankWeight
  const ranked: Ranked[] = pool
    .map((r, i) => ({ ...r, score: (1 - w) * (r.score / poolTop) + w * (bestSentence.get(i) ?? 0) }))
    .sort((a, b) => b.score - a.score || a.passage - b.passage)
    .slice(0, cfg.retrieval.topK)
  const chosen = chooseSentences(rankSentences(content, ranked, cfg.compose), cfg.compose)
  const confidence = confidenceOf(index, query, ranked)
  const answered = chosen.length > 0 && confidence >= cfg.compose.refuseBelow

  const sources: AskSource[] = ranked.map((r, rank) => {
    const p = index.passages[r.passage]
    const doc = index.documents.get(p.docId)!
    const highlights = answered
      ? chosen.filter((s) => s.rank === rank).map((s): [number, number] => [s.sentence.start - p.start, s.sentence.end - p.start])
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
    }
  })
  const sentences = answered ? chosen.map((s) => ({ text: s.sentence.text, sources: [s.rank + 1] })) : []
  return {
    question,
    status: answered ? 'answered' : 'not_found',
    answered,
    answer: {
      markdown: answered
        ? sentences.map((s) => `${escapeMarkdown(s.text)} [${s.sources.join('][')}]`).join(' ')
        : query.concepts.length === 0
          ? NO_TERMS
          : NOT_FOUND,
      sentences,
    },
    sources,
    confidence: Math.round(confidence * 1000) / 1000,
    followUp: query.followUp,
    retrieval: useDense ? 'hybrid' : 'lexical',
    timings: { totalMs: Math.round((performance.now() - t0) * 100) / 100, embedMs: Math.round(embedMs * 100) / 100 },
  }
}
