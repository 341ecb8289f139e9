/** Turns texts into vectors; the app uses it for queries, ingest for passages. */
export interface Embedder {
  readonly model: string
  embed(texts: string[], kind: 'query' | 'passage'): Promise<number[][]>
}

/** BGE models retrieve best when queries (not passages) carry this instruction. */
export function queryInstruction(model: string): string {
  return /bge-[a-z]+-en/i.test(model) ? 'Represent this sentence for searching relevant passages: ' : ''
}

export const DEFAULT_MODEL = 'Xenova/bge-small-en-v1.5'
