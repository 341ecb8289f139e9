import { LRUCache } from 'lru-cache'
import type { AskResponse } from './ask.js'

/** Largest total size of cached answers and their keys, in characters (so at most twice this in bytes). */
const MAX_CHARS = 32 * 1024 * 1024

/**
 * Recent answers, for questions asked again (a page's example questions, a team asking the
 * same thing). Keyed on the normalised question, the history and the index version; bounded by
 * entries and by the size of the answers' JSON, least recently used first out.
 */
export class AnswerCache {
  private hits = 0
  private misses = 0
  /** Only the JSON is kept: it is what is sent, and its size is what is bounded. */
  private readonly lru: LRUCache<string, string> | null

  constructor(
    maxEntries: number,
    private readonly indexVersion: string,
    /** How a question not in the cache is answered: ask() with the app's index, embedder and settings. */
    private readonly compute: (question: string, history: readonly string[]) => Promise<AskResponse>,
  ) {
    // Characters of the answer and of its key; a JS string takes up to 2 bytes a character.
    this.lru = maxEntries > 0 ? new LRUCache({ max: maxEntries, maxSize: MAX_CHARS, sizeCalculation: (v, k) => v.length + k.length }) : null
  }

  /** Case and whitespace are kept apart from meaning only where they carry none: runs of space and invisible format characters. */
  private key(question: string, history: readonly string[]): string {
    const norm = (s: string) => s.normalize('NFC').replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ').trim()
    return JSON.stringify([this.indexVersion, norm(question), history.map(norm)])
  }

  /**
   * The answer to a question: from the cache, with the asker's own wording echoed, or computed
   * and kept. `json` is the response as sent when it can be reused as it is; `response` parses
   * it only for a caller that needs the object.
   */
  async answer(question: string, history: readonly string[]): Promise<{ response: () => AskResponse; json: string | null; hit: boolean }> {
    const key = this.key(question, history)
    const json = this.lru?.get(key)
    if (json !== undefined) {
      this.hits++
      // The question is the response's first field: the same wording needs no parse.
      const same = json.startsWith(`{"question":${JSON.stringify(question)},`)
      return { response: () => ({ ...(JSON.parse(json) as AskResponse), question }), json: same ? json : null, hit: true }
    }
    this.misses++
    const response = await this.compute(question, history)
    const fresh = JSON.stringify(response)
    this.lru?.set(key, fresh)
    return { response: () => response, json: fresh, hit: false }
  }

  stats() {
    return { entries: this.lru?.size ?? 0, maxEntries: this.lru?.max ?? 0, hits: this.hits, misses: this.misses }
  }
}
