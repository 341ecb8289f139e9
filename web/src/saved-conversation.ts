// A conversation kept in session storage, so that a reload (the page) or another page of the
// host site (the widget) shows it again. Storage may be full or turned off: then it is kept for
// the page only.
import type { AskResponse } from './api.js'

/** One answered question, with the history it was asked with. */
export interface SavedTurn {
  question: string
  earlier: string[]
  res: AskResponse
}

/** Turns kept: the newest. */
const MAX_SAVED = 20

export function store(key: string, value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(key)
    else sessionStorage.setItem(key, value)
  } catch {
    // Kept for this page only.
  }
}

export function readStored(key: string): string | null {
  try {
    return sessionStorage.getItem(key)
  } catch {
    return null
  }
}

/** The newest turns, kept under `key`. */
export function saveTurns(key: string, turns: SavedTurn[]): SavedTurn[] {
  const kept = turns.slice(-MAX_SAVED)
  store(key, JSON.stringify(kept))
  return kept
}

/** What was saved under `key`, if it is turns with a question, its history and an answer (status, Markdown, sentences, sources); else none. */
export function savedTurns(key: string): SavedTurn[] {
  let x: unknown
  try {
    x = JSON.parse(readStored(key) ?? '[]')
  } catch {
    return []
  }
  const valid =
    Array.isArray(x) &&
    x.every(
      (t: Partial<SavedTurn> | null) =>
        typeof t?.question === 'string' &&
        Array.isArray(t.earlier) &&
        typeof t.res?.status === 'string' &&
        typeof t.res.answer?.markdown === 'string' &&
        Array.isArray(t.res.answer.sentences) &&
        Array.isArray(t.res.sources),
    )
  return valid ? (x as SavedTurn[]) : []
}
