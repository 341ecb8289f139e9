import { createApp } from '../../src/http/app.js'
import { DEFAULT_CONFIG, type AppConfig } from '../../src/config.js'
import type { Embedder } from '../../src/embedder.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { buildSearchIndex, type SearchIndex } from '../../src/index/search-index.js'
import { LEXICAL_INDEX } from './paths.js'

export function loadIndex(dir = LEXICAL_INDEX): SearchIndex {
  const files = readIndexFiles(dir)
  if (!files) throw new Error(`no index in ${dir}; the global setup builds it`)
  return buildSearchIndex(files)
}

export function testApp(opts: { index?: SearchIndex; embedder?: Embedder | null; config?: Partial<AppConfig> } = {}) {
  return createApp({ index: opts.index ?? loadIndex(), embedder: opts.embedder ?? null, config: { ...DEFAULT_CONFIG, ...opts.config } })
}

export const postJson = (body: unknown, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
})
