// BM25 over passages, with the section heading as a second, weighted field.

export interface Bm25Options {
  k1: number
  b: number
  /** How much a term in the section heading counts against one in the text. */
  sectionWeight: number
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, sectionWeight: 0.6 }

export interface Bm25Doc {
  text: string[]
  section: string[]
}

export class Bm25 {
  private readonly tf: Map<string, number>[]
  private readonly lengths: number[]
  private readonly avgLength: number
  private readonly df = new Map<string, number>()

  constructor(docs: readonly Bm25Doc[], private readonly opts: Bm25Options = DEFAULT_BM25) {
    this.tf = docs.map((d) => {
      const tf = new Map<string, number>()
      for (const t of d.text) tf.set(t, (tf.get(t) ?? 0) + 1)
      for (const t of d.section) tf.set(t, (tf.get(t) ?? 0) + opts.sectionWeight)
      for (const t of tf.keys()) this.df.set(t, (this.df.get(t) ?? 0) + 1)
      return tf
    })
    this.lengths = docs.map((d) => d.text.length + d.section.length * opts.sectionWeight)
    this.avgLength = this.lengths.reduce((a, b) => a + b, 0) / Math.max(1, docs.length)
  }

  /** Inverse document frequency; a term the corpus never uses gets the highest. */
  idf(term: string): number {
    const n = this.df.get(term) ?? 0
    return Math.log(1 + (this.tf.length - n + 0.5) / (n + 0.5))
  }

  /** Every term the corpus uses. */
  vocabulary(): string[] {
    return [...this.df.keys()]
  }

  /**
   * Scores for every passage, concept by concept: each concept adds its best-matching form's
   * score (times that form's weight), so a word with many soft forms counts once, not once
   * per form.
   */
  conceptScores(concepts: readonly { forms: readonly string[]; formWeights: readonly number[]; weight: number }[]): number[] {
    const { k1, b } = this.opts
    const idf = concepts.map((c) => c.forms.map((t) => this.idf(t)))
    return this.tf.map((tf, i) => {
      const norm = k1 * (1 - b + (b * this.lengths[i]) / this.avgLength)
      let s = 0
      concepts.forEach((c, k) => {
        let best = 0
        c.forms.forEach((term, j) => {
          const f = tf.get(term)
          if (f) best = Math.max(best, c.formWeights[j] * idf[k][j] * ((f * (k1 + 1)) / (f + norm)))
        })
        s += c.weight * best
      })
      return s
    })
  }
}
