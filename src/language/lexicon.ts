// The lexical bridges a question can cross to reach the corpus's own words: related words from
// WordNet (built at ingest, restricted to the corpus vocabulary) and general-English frequencies.

export const LEXICON_FORMAT_VERSION = 2

/**
 * How a question word relates to a corpus term; each kind weighs differently. An inflection is
 * an irregular form of the word itself (child / children, hold / held); `defines`: the word's
 * definition uses the term; `definedBy`: the term's definition uses the word.
 */
export type Relation = 'inflection' | 'synonym' | 'derived' | 'broader' | 'narrower' | 'similar' | 'defines' | 'definedBy'

/** WordNet's word classes: noun, verb, adjective, adverb. */
export type WordClass = 'n' | 'v' | 'a' | 'r'

/** The lexicon's key for a lemma of a word class: "n:doctor". */
export const lexiconKey = (wordClass: WordClass, lemma: string) => `${wordClass}:${lemma}`

/** WordNet's class for a universal part-of-speech tag; null for tags WordNet has no class for (it then tries them all). */
export function wordClassOf(pos: string): WordClass | null {
  return pos === 'NOUN' || pos === 'PROPN' ? 'n' : pos === 'VERB' ? 'v' : pos === 'ADJ' ? 'a' : pos === 'ADV' ? 'r' : null
}

const CLASSES: WordClass[] = ['n', 'v', 'a', 'r']

/** What the index stores (lexicon.json). */
export interface LexiconData {
  version: number
  /** "class:lemma", lower-case (multi-word lemmas joined by a space) → the corpus terms (stems) it may stand for, with weights in (0, 1]. */
  related: Record<string, [term: string, weight: number][]>
  /** Lemma → occurrences in WordNet's sense-tagged corpus (SemCor): how common a word is in general English. */
  frequency: Record<string, number>
}

export const EMPTY_LEXICON: LexiconData = { version: LEXICON_FORMAT_VERSION, related: {}, frequency: {} }

export class Lexicon {
  constructor(readonly data: LexiconData) {}

  /**
   * Corpus terms any of the given forms of a word may stand for, strongest first: in its word
   * class when the tagger gave one WordNet has, else in any. A class with nothing for the
   * word falls back to the others, since taggers misread short questions.
   */
  related(forms: readonly string[], wordClass: WordClass | null): [string, number][] {
    let best = wordClass ? this.relatedIn([wordClass], forms) : new Map<string, number>()
    if (best.size === 0) best = this.relatedIn(CLASSES, forms)
    return [...best].sort((a, b) => b[1] - a[1])
  }

  /** Each related term's best weight over the given classes and forms. */
  private relatedIn(classes: readonly WordClass[], forms: readonly string[]): Map<string, number> {
    const best = new Map<string, number>()
    for (const c of classes) {
      for (const f of forms) {
        const key = lexiconKey(c, f)
        // Own keys only: a question word such as "constructor" must not reach Object.prototype.
        if (!Object.hasOwn(this.data.related, key)) continue
        for (const [t, w] of this.data.related[key]) if (w > (best.get(t) ?? 0)) best.set(t, w)
      }
    }
    return best
  }

  /** General-English frequency of the commonest of a word's forms (0: rare, or not an English word). */
  frequency(forms: readonly string[]): number {
    let n = 0
    for (const f of forms) if (Object.hasOwn(this.data.frequency, f)) n = Math.max(n, this.data.frequency[f])
    return n
  }

  /** Whether the lexicon holds any of the forms as a word of the given class ("spent" is an adjective, not a verb); it holds the WordNet words that reach a corpus term. */
  knowsAs(forms: readonly string[], wordClass: WordClass): boolean {
    return forms.some((f) => Object.hasOwn(this.data.related, lexiconKey(wordClass, f)))
  }

  /** Whether WordNet knows any of the forms, in any class. */
  knows(forms: readonly string[]): boolean {
    return forms.some((f) => Object.hasOwn(this.data.frequency, f) || CLASSES.some((c) => Object.hasOwn(this.data.related, lexiconKey(c, f))))
  }
}
