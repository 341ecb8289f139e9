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

async function json<T>(res: Response): Promise<T> {
  const body = (await res.json().catch(() => null)) as ({ error?: string } & T) | null
  if (!res.ok) throw new ApiError(body?.error ?? `The server answered ${res.status}.`, res.status)
  return body as T
}

export async function askQuestion(base: string, question: string, history: string[]): Promise<AskResponse> {
  let res: Response
  try {
    res = await fetch(`${base}/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question, history }) })
  } catch {
    throw new ApiError(`Could not reach the assistant at ${base || location.origin}.`)
  }
  return json<AskResponse>(res)
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
