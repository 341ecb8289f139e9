// Calls to the server, over HTTP only.

// The response contract has one home, on the server; a type-only import adds no runtime coupling.
export type { AskResponse, AskSource as Source } from '../../src/answer/ask.js'
import type { AskResponse } from '../../src/answer/ask.js'

export interface DocumentView {
  id: string
  title: string
  kind: string
  text: string
  /** A PDF's: where each page starts in `text`. */
  pageStarts?: number[]
}

export class ApiError extends Error {
  constructor(
    message: string,
    /** The HTTP status, or 0 when the server could not be reached. */
    readonly status = 0,
  ) {
    super(message)
  }
}

/** The server's question limit (maxQuestionChars in src/config.ts; a test holds them equal): over it, /ask answers 400. */
export const MAX_QUESTION_CHARS = 300

/** How long a question may take before the asker is told, rather than left with "Searching…". */
const ASK_TIMEOUT_MS = 30_000

async function json<T>(res: Response): Promise<T> {
  // A body that is not JSON reads as none; a timeout while it arrives is the caller's to report.
  const body = (await res.json().catch((e: unknown) => {
    if (e instanceof DOMException && e.name === 'AbortError') throw e
    return null
  })) as ({ error?: string; requestId?: string } & T) | null
  // The API's own 429 text speaks to tool builders (API keys); a person on a page can only wait.
  if (res.status === 429) throw new ApiError(`Too many questions have come from this network in the last minute. Please try again ${retryIn(res.headers.get('retry-after'))}.`, 429)
  if (!res.ok) throw new ApiError(`${body?.error ?? `The server answered ${res.status}.`}${body?.requestId && !body.error?.includes(body.requestId) ? ` (request ${body.requestId})` : ''}`, res.status)
  if (body === null) throw new ApiError('The server\'s answer could not be read; please try again.', res.status)
  return body as T
}

const retryIn = (seconds: string | null) => {
  const n = Number(seconds)
  return Number.isFinite(n) && n > 0 ? `in ${Math.ceil(n)} second${Math.ceil(n) === 1 ? '' : 's'}` : 'in a minute'
}

export async function askQuestion(base: string, question: string, history: string[]): Promise<AskResponse> {
  const abort = new AbortController()
  const timer = setTimeout(() => abort.abort(), ASK_TIMEOUT_MS)
  try {
    const res = await fetch(`${base}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, history }), signal: abort.signal })
    return await json<AskResponse>(res)
  } catch (e) {
    if (e instanceof ApiError) throw e
    if (abort.signal.aborted) throw new ApiError(`The assistant did not answer within ${ASK_TIMEOUT_MS / 1000} seconds. Please try again; if it keeps happening, the server may be down.`)
    throw new ApiError(`Could not reach the assistant at ${base || location.origin}.`)
  } finally {
    clearTimeout(timer)
  }
}

export interface DocumentSummary {
  id: string
  title: string
  kind: string
}

export async function listDocuments(base: string): Promise<DocumentSummary[]> {
  return json<DocumentSummary[]>(await fetch(`${base}/documents`))
}

export async function fetchDocument(base: string, id: string): Promise<DocumentView> {
  return json<DocumentView>(await fetch(`${base}/documents/${encodeURIComponent(id)}`))
}
