// BM25 over passages, with the section heading as a second, weighted field.

export interface Bm25Options {
  k1: number
  b: number
  /** How much a term in the section heading counts against one in the text. */
  sectionWeight: number
}

export const DEFAULT_BM25: Bm25Options = { k1: 1.2, b: 0.75, sectionWeight: 0.6 }

/** What scoring needs of a question's concept: its corpus forms, how much each counts, and how much the concept counts. */
export interface ScoredConcept {
  forms: readonly string[]
  formWeights: readonly number[]
  weight: number
}

export interface Bm25Doc {
  text: string[]
  section: string[]
}

/** A term's postings: the passages holding it, and how often (section matches counted at `sectionWeight`). */
export interface Postings {
  docs: Int32Array
  /** Per posting, f(k1+1)/(f+norm): BM25's term-frequency part, computed once at build. */
  impacts: Float64Array
}

/** Per-query scratch, sized to the corpus: one set serves every view of the same index. */
export interface Bm25Scratch {
  scores: Float64Array
  best: Float64Array
  seen: Uint8Array
  touched: Int32Array
  // Typed, not a growing JS array: pushing tens of thousands of numbers cost more than scoring them.
  matched: Int32Array
  /** The matched passages' scores, in `matched` order: what `matches` returns a view of. */
  matchedScores: Float64Array
}

/**
 * An inverted index: a query costs what its terms' postings cost, not the corpus's size.
 * Scores are the same, to the last bit, as scoring every passage term by term.
 *
 * Built from passages (`Bm25.build`), or from stored postings: an index too large to hold in
 * memory (the Worker's D1) keeps only each term's document frequency, and reads a question's
 * postings per request into a view (`withPostings`) that scores exactly as the whole index would.
 */
export class Bm25 {
  private readonly scratch: Bm25Scratch

  constructor(
    private readonly postings: ReadonlyMap<string, Postings>,
    /** Passages in the corpus. */
    readonly count: number,
    /** Document frequency of every term, when `postings` holds only some terms. */
    private readonly df: ReadonlyMap<string, number> | null = null,
    scratch?: Bm25Scratch,
  ) {
    this.scratch = scratch ?? {
      scores: new Float64Array(count),
      best: new Float64Array(count),
      seen: new Uint8Array(count),
      touched: new Int32Array(count),
      matched: new Int32Array(count),
      matchedScores: new Float64Array(count),
    }
  }

  static build(docs: readonly Bm25Doc[], opts: Bm25Options = DEFAULT_BM25): Bm25 {
    const lists = new Map<string, { docs: number[]; tfs: number[] }>()
    docs.forEach((d, i) => {
      const tf = new Map<string, number>()
      for (const t of d.text) tf.set(t, (tf.get(t) ?? 0) + 1)
      for (const t of d.section) tf.set(t, (tf.get(t) ?? 0) + opts.sectionWeight)
      for (const [t, f] of tf) {
        let list = lists.get(t)
        if (!list) lists.set(t, (list = { docs: [], tfs: [] }))
        list.docs.push(i)
        list.tfs.push(f)
      }
    })
    const lengths = docs.map((d) => d.text.length + d.section.length * opts.sectionWeight)
    let total = 0
    for (const l of lengths) total += l
    const avgLength = total / Math.max(1, docs.length)
    const norms = Float64Array.from(lengths, (l) => opts.k1 * (1 - opts.b + (opts.b * l) / avgLength))
    const postings = new Map<string, Postings>()
    for (const [t, l] of lists) {
      postings.set(t, { docs: Int32Array.from(l.docs), impacts: Float64Array.from(l.tfs, (f, k) => (f * (opts.k1 + 1)) / (f + norms[l.docs[k]])) })
    }
    return new Bm25(postings, docs.length)
  }

  /** The same index, scoring with these postings (a question's terms, read from storage); it must know every term's document frequency. */
  withPostings(postings: ReadonlyMap<string, Postings>): Bm25 {
    if (!this.df) throw new Error('withPostings needs the document frequencies of an index built from stored postings')
    return new Bm25(postings, this.count, this.df, this.scratch)
  }

  /** Every term with its postings, for writing the index to storage. */
  entries(): IterableIterator<[string, Postings]> {
    return this.postings.entries()
  }

  /** How many passages use the term. */
  documentFrequency(term: string): number {
    return this.df ? (this.df.get(term) ?? 0) : (this.postings.get(term)?.docs.length ?? 0)
  }

  /** The passages that use a term, when this index holds its postings. */
  passagesWith(term: string): Int32Array | null {
    return this.postings.get(term)?.docs ?? null
  }

  /** Inverse document frequency; a term the corpus never uses gets the highest. */
  idf(term: string): number {
    const n = this.documentFrequency(term)
    return Math.log(1 + (this.count - n + 0.5) / (n + 0.5))
  }

  /** Every term the corpus uses. */
  vocabulary(): string[] {
    return [...(this.df ?? this.postings).keys()]
  }

  /**
   * The passages that match any concept, with their scores, concept by concept: each concept
   * adds its best-matching form's score (times that form's weight), so a word with many soft
   * forms counts once, not once per form. Only the passages in the concepts' postings are
   * visited; `docs` lists them in the order first met. Both are views of this index's scratch,
   * valid until the next call: read them at once, or copy them.
   */
  matches(concepts: readonly ScoredConcept[]): { docs: Int32Array; scores: Float64Array } {
    // The scratch is reset entry by entry after each query, so a query allocates for what it
    // matches. Scoring is synchronous: one query uses it at a time.
    const { scores, best, seen, touched, matched } = this.scratch
    let nMatched = 0
    let nTouched = 0
    try {
      for (const c of concepts) {
        for (let j = 0; j < c.forms.length; j++) {
          const post = this.postings.get(c.forms[j])
          if (!post) continue
          const w = c.formWeights[j] * this.idf(c.forms[j])
          if (!(w > 0)) continue
          const { docs, impacts } = post
          for (let q = 0; q < docs.length; q++) {
            const i = docs[q]
            const v = w * impacts[q]
            if (best[i] === 0) touched[nTouched++] = i
            if (v > best[i]) best[i] = v
          }
        }
        for (let q = 0; q < nTouched; q++) {
          const i = touched[q]
          if (!seen[i]) {
            seen[i] = 1
            matched[nMatched++] = i
          }
          scores[i] += c.weight * best[i]
          best[i] = 0
        }
        nTouched = 0
      }
      // Views, not copies: a common question matches most of a large corpus, and copying that
      // (0.8 MB at 1000×) on every question fed the garbage collector's long pauses.
      const out = this.scratch.matchedScores
      for (let q = 0; q < nMatched; q++) out[q] = scores[matched[q]]
      return { docs: matched.subarray(0, nMatched), scores: out.subarray(0, nMatched) }
    } finally {
      // Also when scoring throws: the next query starts clean.
      for (let q = 0; q < nTouched; q++) best[touched[q]] = 0
      for (let q = 0; q < nMatched; q++) scores[matched[q]] = seen[matched[q]] = 0
    }
  }
}
