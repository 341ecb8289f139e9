import type { AskResponse } from '../answer/ask.js'

export interface EvalQuestion {
  id: string
  question: string
  evidence?: string[]
  answerable?: boolean
  history?: string[]
  /** paraphrase, topic, factual, short, misspelling, followup, switch, unanswerable, …: reported apart. */
  category?: string
}

/** Counts for one slice of the questions. */
export interface EvalFigures {
  answerable: number
  unanswerable: number
  hitAt1: number
  hitAt3: number
  hitAt5: number
  mrr: number
  /** Answerable questions whose answer ("answered" or "uncertain") quotes the evidence. */
  answerHit: number
  faithfulness: number
  /** Unanswerable questions not answered confidently ("uncertain" or "not_found"). */
  refusals: number
  /** Answerable questions answered "not_found". */
  falseRefusals: number
  /** Unanswerable questions answered "answered": confident answers to what the documents do not say. */
  confidentUnanswerable: number
  /** Answerable questions answered "uncertain". */
  uncertain: number
}

export interface EvalReport extends EvalFigures {
  /** Each question's confidence, and whether its quoted sentences hold the evidence (never, for unanswerable ones). */
  calibration: { p: number; correct: boolean }[]
  p50Ms: number
  p95Ms: number
  byCategory: Record<string, EvalFigures>
  misses: { id: string; category?: string; question: string; problem: string }[]
}

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ')
/** Whether a text holds one of the evidence phrases (case and spacing aside). */
export const evidenceIn = (text: string, evidence: readonly string[]) => evidence.some((e) => norm(text).includes(norm(e)))
const contains = evidenceIn

/** Predicted probability against observed correctness, in bins of 0.1. */
export function reliabilityTable(points: readonly { p: number; correct: boolean }[]): string {
  const bins = Array.from({ length: 10 }, () => ({ n: 0, correct: 0, p: 0 }))
  for (const { p, correct } of points) {
    const b = bins[Math.min(9, Math.floor(p * 10))]
    b.n++
    b.p += p
    if (correct) b.correct++
  }
  return [
    '  predicted   n   mean p   observed',
    ...bins.flatMap((b, i) => (b.n ? [`  ${(i / 10).toFixed(1)}–${((i + 1) / 10).toFixed(1)}  ${String(b.n).padStart(4)}   ${(b.p / b.n).toFixed(2)}     ${(b.correct / b.n).toFixed(2)}`] : [])),
  ].join('\n')
}

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

interface Tally {
  n: number
  u: number
  hit1: number
  hit3: number
  hit5: number
  rr: number
  answerHit: number
  faithful: number
  sentences: number
  refused: number
  falseRefused: number
  confidentU: number
  uncertain: number
}
const emptyTally = (): Tally => ({ n: 0, u: 0, hit1: 0, hit3: 0, hit5: 0, rr: 0, answerHit: 0, faithful: 0, sentences: 0, refused: 0, falseRefused: 0, confidentU: 0, uncertain: 0 })

function figures(t: Tally): EvalFigures {
  const n = Math.max(1, t.n)
  return {
    answerable: t.n,
    unanswerable: t.u,
    hitAt1: t.hit1 / n,
    hitAt3: t.hit3 / n,
    hitAt5: t.hit5 / n,
    mrr: t.rr / n,
    answerHit: t.answerHit / n,
    faithfulness: t.sentences ? t.faithful / t.sentences : 1,
    refusals: t.u ? t.refused / t.u : 1,
    falseRefusals: t.falseRefused / n,
    confidentUnanswerable: t.u ? t.confidentU / t.u : 0,
    uncertain: t.uncertain / n,
  }
}

export async function evaluate(questions: readonly EvalQuestion[], ask: (q: EvalQuestion) => Promise<AskResponse>): Promise<EvalReport> {
  const all = emptyTally()
  const cats = new Map<string, Tally>()
  const latencies: number[] = []
  const misses: EvalReport['misses'] = []
  const calibration: EvalReport['calibration'] = []
  for (const q of questions) {
    const t0 = performance.now()
    const res = await ask(q)
    latencies.push(performance.now() - t0)
    const cat = q.category ?? (q.answerable === false ? 'unanswerable' : 'answerable')
    if (!cats.has(cat)) cats.set(cat, emptyTally())
    const tallies = [all, cats.get(cat)!]
    const add = (k: keyof Tally, x = 1) => tallies.forEach((t) => (t[k] += x))
    const miss = (problem: string) => misses.push({ id: q.id, category: q.category, question: q.question, problem })
    for (const s of res.answer.sentences) {
      add('sentences')
      if (s.sources.some((n) => res.sources.find((x) => x.n === n)?.text.includes(s.text))) add('faithful')
    }
    if (q.answerable === false) {
      calibration.push({ p: res.confidence, correct: false })
      add('u')
      if (res.status === 'answered') {
        add('confidentU')
        miss(`answered an unanswerable question (confidence ${res.confidence})`)
      } else add('refused')
      continue
    }
    add('n')
    const evidence = q.evidence ?? []
    const rank = res.sources.findIndex((s) => contains(s.text, evidence))
    if (rank === 0) add('hit1')
    if (rank >= 0 && rank < 3) add('hit3')
    if (rank >= 0 && rank < 5) add('hit5')
    if (rank >= 0) add('rr', 1 / (rank + 1))
    const hit = res.answer.sentences.some((s) => contains(s.text, evidence))
    calibration.push({ p: res.confidence, correct: hit })
    if (hit) add('answerHit')
    if (res.status === 'uncertain') add('uncertain')
    // Sources are ranked from 1; a passage with the evidence may be among none of them.
    const where = rank < 0 ? 'evidence in none of the sources' : `evidence in source ${rank + 1}`
    if (res.status === 'not_found') {
      add('falseRefused')
      miss(`refused (confidence ${res.confidence}; ${where})`)
    } else if (!hit) miss(`${res.status}, answer lacks evidence (${where})`)
  }
  return {
    ...figures(all),
    calibration,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    byCategory: Object.fromEntries([...cats].map(([k, t]) => [k, figures(t)])),
    misses,
  }
}

export function formatReport(label: string, r: EvalReport, opts: { misses?: boolean; reliability?: boolean } = {}): string {
  const f = (x: number) => x.toFixed(2)
  const row = (name: string, c: EvalFigures) =>
    `  ${name.padEnd(13)} ${String(c.answerable).padStart(4)} ${String(c.unanswerable).padStart(4)}  ${f(c.hitAt3)}  ${c.answerable ? f(c.answerHit) : '   -'}  ${c.answerable ? f(c.falseRefusals) : '   -'}  ${c.answerable ? f(c.uncertain) : '   -'}  ${c.unanswerable ? f(c.confidentUnanswerable) : '   -'}`
  const cats = Object.keys(r.byCategory).sort()
  return [
    `${label}: ${r.answerable} answerable, ${r.unanswerable} unanswerable; faithfulness ${f(r.faithfulness)}; latency p50 ${r.p50Ms.toFixed(2)} ms, p95 ${r.p95Ms.toFixed(2)} ms`,
    '  (hit: quoted sentences hold the evidence; falseRef: not_found on answerable; uncert: uncertain on answerable; confUn: answered on unanswerable)',
    `  ${'category'.padEnd(13)}  ans  un  hit@3  hit  falseRef  uncert  confUn`,
    row('all', r),
    ...(cats.length > 1 ? cats.map((c) => row(c, r.byCategory[c])) : []),
    ...(opts.reliability ? ['  reliability (confidence against quoted evidence):', reliabilityTable(r.calibration)] : []),
    ...(opts.misses === false ? [] : r.misses.map((m) => `  miss ${m.id}${m.category ? ` [${m.category}]` : ''}: ${m.question} — ${m.problem}`)),
  ].join('\n')
}
