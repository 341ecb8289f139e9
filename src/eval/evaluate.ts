import type { AskResponse } from '../answer/ask.js'

export interface EvalQuestion {
  id: string
  question: string
  evidence?: string[]
  answerable?: boolean
  history?: string[]
}

export interface EvalReport {
  answerable: number
  unanswerable: number
  hitAt1: number
  hitAt3: number
  hitAt5: number
  mrr: number
  answerHit: number
  faithfulness: number
  refusals: number
  falseRefusals: number
  p50Ms: number
  p95Ms: number
  misses: { id: string; question: string; problem: string }[]
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ')
const contains = (text: string, evidence: readonly string[]) => evidence.some((e) => norm(text).includes(norm(e)))

/** A question file that cannot be read as questions; the message names the line. */
export class QuestionFileError extends Error {}

/** JSON Lines of questions; a bad line is reported by number, with what it needs. */
export function parseQuestions(jsonl: string): EvalQuestion[] {
  const out: EvalQuestion[] = []
  jsonl.split('\n').forEach((line, i) => {
    if (!line.trim()) return
    let q: unknown
    try {
      q = JSON.parse(line)
    } catch {
      throw new QuestionFileError(`line ${i + 1} is not JSON: ${line.slice(0, 60)}`)
    }
    const o = q as Partial<EvalQuestion> | null
    if (!o || typeof o !== 'object' || typeof o.question !== 'string' || !o.question.trim()) {
      throw new QuestionFileError(`line ${i + 1} needs a "question" string, e.g. {"id": "q1", "question": "...", "evidence": ["..."]}`)
    }
    if (o.answerable !== false && (!Array.isArray(o.evidence) || o.evidence.some((e) => typeof e !== 'string'))) {
      throw new QuestionFileError(`line ${i + 1} needs "evidence" (an array of phrases), or "answerable": false`)
    }
    out.push({ ...o, id: String(o.id ?? `line${i + 1}`) } as EvalQuestion)
  })
  if (out.length === 0) throw new QuestionFileError('it holds no questions')
  return out
}

function percentile(xs: number[], p: number): number {
  if (!xs.length) return 0
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]
}

export async function evaluate(questions: readonly EvalQuestion[], ask: (q: EvalQuestion) => Promise<AskResponse>): Promise<EvalReport> {
  const r = { hit1: 0, hit3: 0, hit5: 0, rr: 0, answerHit: 0, faithful: 0, sentences: 0, refused: 0, falseRefused: 0 }
  const latencies: number[] = []
  const misses: EvalReport['misses'] = []
  const answerable = questions.filter((q) => q.answerable !== false)
  for (const q of questions) {
    const t0 = performance.now()
    const res = await ask(q)
    latencies.push(performance.now() - t0)
    for (const s of res.answer.sentences) {
      r.sentences++
      if (s.sources.some((n) => res.sources.find((x) => x.n === n)?.text.includes(s.text))) r.faithful++
    }
    if (q.answerable === false) {
      if (!res.answered) r.refused++
      else misses.push({ id: q.id, question: q.question, problem: 'answered an unanswerable question' })
      continue
    }
    const evidence = q.evidence ?? []
    const rank = res.sources.findIndex((s) => contains(s.text, evidence))
    if (rank === 0) r.hit1++
    if (rank >= 0 && rank < 3) r.hit3++
    if (rank >= 0 && rank < 5) r.hit5++
    if (rank >= 0) r.rr += 1 / (rank + 1)
    const hit = res.answer.sentences.some((s) => contains(s.text, evidence))
    if (hit) r.answerHit++
    if (!res.answered) {
      r.falseRefused++
      misses.push({ id: q.id, question: q.question, problem: `refused (confidence ${res.confidence})` })
    } else if (!hit) misses.push({ id: q.id, question: q.question, problem: `answer lacks evidence (evidence at rank ${rank + 1})` })
  }
  const n = Math.max(1, answerable.length)
  const u = questions.length - answerable.length
  return {
    answerable: answerable.length,
    unanswerable: u,
    hitAt1: r.hit1 / n,
    hitAt3: r.hit3 / n,
    hitAt5: r.hit5 / n,
    mrr: r.rr / n,
    answerHit: r.answerHit / n,
    faithfulness: r.sentences ? r.faithful / r.sentences : 1,
    refusals: u ? r.refused / u : 1,
    falseRefusals: r.falseRefused / n,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    misses,
  }
}

export function formatReport(label: string, r: EvalReport): string {
  const f = (x: number) => x.toFixed(3)
  return [
    `${label}: ${r.answerable} answerable, ${r.unanswerable} unanswerable`,
    `  hit@1 ${f(r.hitAt1)}  hit@3 ${f(r.hitAt3)}  hit@5 ${f(r.hitAt5)}  MRR ${f(r.mrr)}`,
    `  answer hit ${f(r.answerHit)}  faithfulness ${f(r.faithfulness)}`,
    `  refusals ${f(r.refusals)}  false refusals ${f(r.falseRefusals)}`,
    `  latency p50 ${r.p50Ms.toFixed(2)} ms  p95 ${r.p95Ms.toFixed(2)} ms`,
    ...r.misses.map((m) => `  miss ${m.id}: ${m.question} — ${m.problem}`),
  ].join('\n')
}
