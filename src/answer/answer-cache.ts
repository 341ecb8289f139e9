import { LRUCache } from 'lru-cache'
import type { AskResponse } from './ask.js'

/** Largest total size of cached answers, in characters of their JSON. */
const MAX_CHARS = 32 * 1024 * 1024

/**
 * Recent answers, for questions asked again (a page's example questions, a team asking the
 * same thing). Keyed on the normalised question, the history and the index version; bounded by
 * entries and by the size of the answers' JSON, least recently used first out.
 */
export class AnswerCache {
  hits = 0
  misses = 0
  private readonly lru: LRUCache<string, { json: string; response: AskResponse }> | null

  constructor(
    maxEntries: number,
    private readonly indexVersion: string,
  ) {
    this.lru = maxEntries > 0 ? new LRUCache({ max: maxEntries, maxSize: MAX_CHARS, sizeCalculation: (v) => v.json.length }) : null
  }

  /** Case and whitespace are kept apart from meaning only where they carry none: runs of space and invisible format characters. */
  private key(question: string, history: readonly string[]): string {
    const norm = (s: string) => s.normalize('NFC').replace(/\p{Cf}/gu, '').replace(/\s+/g, ' ').trim()
    return JSON.stringify([this.indexVersion, norm(question), history.map(norm)])
  }

  get(question: string, history: readonly string[]): { json: string; response: AskResponse } | undefined {
    const found = this.lru?.get(this.key(question, history))
    if (found) this.hits++
    else this.misses++
    return found
  }

  set(question: string, history: readonly string[], response: AskResponse): string {
    const json = JSON.stringify(response)
    this.lru?.set(this.key(question, history), { json, response })
    return json
  }

  /**
   * The answer to a question: from the cache, with the asker's own wording echoed, or computed
   * and kept. `json` is the response as sent, ready when it can be reused as it is.
   */
  async answer(question: string, history: readonly string[], compute: () => Promise<AskResponse>): Promise<{ response: AskResponse; json: string | null; hit: boolean }> {
    const cached = this.get(question, history)
    if (cached) {
      const same = cached.response.question === question
      return { response: same ? cached.response : { ...cached.response, question }, json: same ? cached.json : null, hit: true }
    }
    const response = await compute()
    return { response, json: this.set(question, history, response), hit: false }
  }

  stats() {
    return { entries: this.lru?.size ?? 0, maxEntries: this.lru?.max ?? 0, hits: this.hits, misses: this.misses }
  }
}
