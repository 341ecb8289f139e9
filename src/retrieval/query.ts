// From a question (and the conversation before it) to what retrieval and answering look for:
// concepts, each with the corpus terms that count as it and how much each counts.
import { wordClassOf } from '../language/lexicon.js'
import { analyseQuestion, NOMINAL, type QuestionAnalysis, type QuestionWord } from '../language/question.js'
import { corrections, mistypedFramingWord, splitCompound } from '../language/spelling.js'
import { otherSpelling } from '../language/spelling-variants.js'
import type { SearchIndex } from '../index/search-index.js'
import { morphologicalForms } from '../language/word-forms.js'
import { isCapitalAcronymTerm, stem } from '../language/terms.js'

export interface LanguageConfig {
  /** The corpus's other word forms that the stemmer left apart ("respond" / "respons"), for words WordNet does not know. */
  morphology: boolean
  /** WordNet synonyms, derived forms, broader and narrower terms. */
  wordnet: boolean
  /** Corpus words a typo away from a word the corpus does not use. */
  spelling: boolean
  /** How much a WordNet match counts against an exact one, on top of the relation's own weight. */
  softWeight: number
  /** Related corpus terms kept per question word, strongest first. */
  maxRelated: number
  /** The general-English frequency (SemCor count) at which a word the corpus lacks counts half as specific as a name. */
  genericFrequency: number
}

export const DEFAULT_LANGUAGE: LanguageConfig = { morphology: true, wordnet: true, spelling: true, softWeight: 0.8, maxRelated: 3, genericFrequency: 200 }

/** One thing the question asks about, and the corpus terms that count as it. */
export interface Concept {
  /** The question's word. */
  word: string
  /** Corpus terms that count as it: its own stem first. */
  forms: string[]
  /** How much a match of each form counts: 1 exact, less for soft matches. */
  formWeights: number[]
  /** Per form, whether it is the asker's own word as written, corrected or split, rather than one WordNet relates to it. */
  written: boolean[]
  /** How much the concept carries the question: its part of speech's role, halved for words from history. */
  weight: number
  /** Whether the corpus uses the word itself (or a form of it). */
  inCorpus: boolean
  /** For a word the corpus does not use: 1 when English does not know it either (a name, a number, a new term), down to ~0.15 for common words. */
  specificity: number
  fromHistory: boolean
  /** A name or a number: the question asks about this very thing, so a passage without it is about something else. */
  isName: boolean
  /** A noun, name or number: what the question is about, rather than what it says of it. */
  isFocus: boolean
}

export interface Query {
  concepts: Concept[]
  /** Text to embed for dense search. */
  text: string
  /** Whether earlier questions were used to understand this one. */
  followUp: boolean
  analysis: QuestionAnalysis
  /** Name words the documents write only as an initial ("Peter" for "Baby P"): left out of the search, and the answer is not sure it is theirs. */
  byInitial?: string[]
}

const HISTORY_WEIGHT = 0.5
/**
 * A follow-up that brings its own subject ("and for health visitors?") is about that subject; the
 * question before says only what of it is asked, so its words weigh this much less again: at 1,
 * "and for health visitors?" after a question on police training quoted police first.
 */
const NEW_SUBJECT_HISTORY = 0.4
const MORPHOLOGY_WEIGHT = 0.8
/** English words seen this rarely (SemCor count, summed over senses) may still be typos of a corpus word: a typo often lands on a rare word ("lamming" is also a form of "lam"). */
const RARE_ENGLISH = 5
/** Each half of a split compound counts this much: a passage with one half has only part of the word. */
const COMPOUND_PART_WEIGHT = 0.6
/** The word form of digits that may be a label ("stage 2" as "two"): half, so the digits as written come first. */
const LABEL_NUMBER_WEIGHT = 0.5
/** A correction counts this much, less for two edits than one. */
const SPELLING_WEIGHT = [1, 0.9, 0.7]

/**
 * How specific a word is, from its general-English frequency (SemCor count): 1 for words
 * English does not know, 0.5 at `genericFrequency`, falling towards 0 for the commonest
 * ("get", "thing").
 */
export function specificity(frequency: number, known: boolean, genericFrequency: number): number {
  if (!known) return 1
  return 1 / (1 + frequency / genericFrequency)
}

/**
 * Most words of a question that are looked up and expanded: a question's cost stays within a
 * small multiple of a typical one's, however long it is. Beyond it, the words that carry the
 * question most (by role, then first) are kept; few questions have more content words.
 */
export const MAX_WORDS = 12
/** Most words per question sent to spelling correction, the costliest look-up: a question rarely has more typos. */
const MAX_CORRECTED = 3

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty']

/** A whole number up to twenty in the other way of writing it ("5" → five, "five" → 5), as a term; else null. */
function numberForm(word: string): string | null {
  if (/^\d+$/.test(word)) return Number(word) <= 20 ? stem(NUMBER_WORDS[Number(word)]) : null
  const n = NUMBER_WORDS.indexOf(word)
  return n >= 0 ? String(n) : null
}

/** The question's words, at most MAX_WORDS distinct ones, in their order. */
function boundedWords(words: QuestionAnalysis['words']): QuestionAnalysis['words'] {
  const seen = new Set<string>()
  const distinct = words.filter((w) => !seen.has(stem(w.text)) && seen.add(stem(w.text)))
  if (distinct.length <= MAX_WORDS) return distinct
  const kept = new Set([...distinct].sort((a, b) => b.role - a.role).slice(0, MAX_WORDS))
  return distinct.filter((w) => kept.has(w))
}

function conceptsOf(analysis: QuestionAnalysis, index: SearchIndex, lang: LanguageConfig, fromHistory: boolean): Concept[] {
  const out: Concept[] = []
  let spellChecked = 0
  const bounded = boundedWords(analysis.words)
  // Nouns, names and numbers first, so the spelling corrections allowed go to them: in "what did
  // lamming say abut serius case reveiws", "reveiws" was the fourth word to need one.
  const order = [...bounded].sort((a, b) => b.role - a.role)
  // A word of a name another of whose words the corpus has ("Royal Collage"): not one of a name
  // the documents never mention, which should not be corrected into one they do.
  const partOfKnownName = (w: QuestionWord) => !!w.inName && analysis.words.some((o) => o !== w && o.inName && index.vocabulary.has(stem(o.text)))
  for (const w of order) {
    // boundedWords keeps one word per stem.
    const own = stem(w.text)
    // A capital acronym spelling a stop word ("IT") that the corpus never writes may be "it"
    // shouted; read as a name the corpus lacks, it refused questions about computer systems.
    if (isCapitalAcronymTerm(own) && !index.vocabulary.has(own)) continue
    const forms = new Map<string, number>([[own, 1]])
    const add = (t: string, weight: number) => {
      if (weight > (forms.get(t) ?? 0)) forms.set(t, weight)
    }
    const lemmas = [...new Set([w.text, w.lemma])]
    const known = index.lexicon.knows(lemmas)
    // An irregular form's dictionary form, which the stemmer leaves apart: "children" → child.
    // Not for a form that is a word of its own in that class ("media" is not only "medium"); "spent",
    // an adjective too, is still spend's past as a verb.
    const lemmaTerm = stem(w.lemma)
    if (lang.morphology && lemmaTerm !== own && (w.pos === 'NOUN' || w.pos === 'VERB') && index.vocabulary.has(lemmaTerm) && !index.lexicon.knowsAs([w.text], w.pos === 'NOUN' ? 'n' : 'v')) add(lemmaTerm, MORPHOLOGY_WEIGHT)
    if (lang.morphology && !known) for (const t of morphologicalForms(own, index.termsByPrefix)) add(t, MORPHOLOGY_WEIGHT)
    // A number as the documents may write it: "5" as "five", "five" as "5". Digits right after a
    // word and counting no noun after them may be a label ("stage 2", "section 17 of"), which the
    // documents write in digits too: there the word counts less ("stage 2" had matched "two
    // working days" under "Stage 1"), but still counts ("did the team visit 6?": the tagger cannot
    // tell "visit" from "stage").
    const number = numberForm(w.text)
    const at = (d: number) => analysis.words.find((x) => x.token === w.token + d)
    const label = /^\d+$/.test(w.text) && at(-1) !== undefined && !/^\d+$/.test(at(-1)!.text) && !NOMINAL.has(at(1)?.pos ?? '')
    if (number !== null) add(number, label ? LABEL_NUMBER_WEIGHT : 1)
    // The same word spelt the documents' way ("organization" → organisation): as good as written so.
    if (lang.spelling) {
      for (const f of lemmas) {
        const other = otherSpelling(f)
        if (other !== null && index.vocabulary.has(stem(other))) add(stem(other), 1)
      }
    }
    let inCorpus = [...forms.keys()].some((t) => index.vocabulary.has(t))
    const frequency = index.lexicon.frequency(lemmas)
    let corrected = false
    // A word English knows well is not a typo ("sort" is not "short"); a rare or unknown one may
    // be, and so may any inside a name the corpus lacks ("Royal Collage of GPs").
    if (lang.spelling && !inCorpus && !index.surface.has(w.text) && (!known || frequency <= RARE_ENGLISH || partOfKnownName(w)) && spellChecked++ < MAX_CORRECTED) {
      const before = forms.size
      // A word English knows is a typo only of a word one edit away with its first letter, as
      // typos seldom change it ("daze" → days): "pension" is not "person", nor "jeans" "means".
      for (const c of corrections(w.text, index.surfaceByLength)) if (!known || (c.distance === 1 && c.word[0] === w.text[0])) add(stem(c.word), SPELLING_WEIGHT[c.distance])
      const parts = splitCompound(w.text, index.surface)
      if (parts) for (const p of parts) add(stem(p), COMPOUND_PART_WEIGHT)
      corrected = forms.size > before
    }
    const written = new Set(forms.keys())
    // A name stands for itself: WordNet's "France" is also a writer, which no question means.
    // A word WordNet does not know has no relations to look up.
    if (lang.wordnet && w.pos !== 'PROPN' && known) {
      for (const [t, rel] of index.lexicon.related(lemmas, wordClassOf(w.pos)).slice(0, lang.maxRelated)) add(t, rel * lang.softWeight)
    }
    inCorpus ||= corrected
    const ordered = [...forms].sort((a, b) => (a[0] === own ? -1 : b[0] === own ? 1 : b[1] - a[1]))
    out.push({
      word: w.text,
      forms: ordered.map(([t]) => t),
      formWeights: ordered.map(([, x]) => x),
      written: ordered.map(([t]) => written.has(t)),
      weight: w.role * (fromHistory ? HISTORY_WEIGHT : 1),
      inCorpus,
      // A name the documents never mention ("France", "Brexit") is as specific as a word English does not know.
      specificity: w.pos === 'PROPN' && !inCorpus ? 1 : specificity(frequency, known || corrected, lang.genericFrequency),
      fromHistory,
      isName: w.pos === 'PROPN' || w.pos === 'NUM',
      isFocus: w.role >= 1,
    })
  }
  // Back in the question's order.
  const at = new Map(bounded.map((w, i) => [w.text, i]))
  out.sort((a, b) => at.get(a.word)! - at.get(b.word)!)
  // A two-word phrase WordNet knows ("family doctor" → GP) also counts through its relations:
  // they join the phrase's head word, the second.
  const dropped = new Set<Concept>()
  if (lang.wordnet) {
    const phrases = new Set<string>()
    for (let i = 0; i + 1 < analysis.words.length; i++) {
      const phrase = `${analysis.words[i].lemma} ${analysis.words[i + 1].lemma}`
      // A long question repeats phrases; each is looked up once for its head word.
      const seen = `${phrase}\n${analysis.words[i + 1].text}`
      if (phrases.has(seen)) continue
      phrases.add(seen)
      const head = out.find((c) => c.word === analysis.words[i + 1].text)
      if (!head) continue
      const related = index.lexicon.related([phrase], null).slice(0, lang.maxRelated)
      for (const [t, rel] of related) {
        if (!head.forms.includes(t)) {
          head.forms.push(t)
          head.formWeights.push(rel * lang.softWeight)
          head.written.push(false)
        }
      }
      // "red tape" means bureaucracy: a word of a phrase the corpus reaches is no topic the
      // documents lack, though the corpus never writes it alone.
      const modifier = out.find((c) => c.word === analysis.words[i].text)
      // Only where the corpus has neither word, so the phrase is the one way to read them: not
      // "red cross" (the corpus has "Cross Government") or "foster care"; and only through
      // relations beyond the words' own terms: not "nuclear energy", whose one is energy's own.
      const beyond = related.some(([t]) => t !== head.forms[0] && t !== modifier?.forms[0])
      if (beyond && modifier && !modifier.inCorpus && !head.inCorpus) {
        head.inCorpus = true
        dropped.add(modifier)
      }
    }
  }
  // An acronym the question spells out ("ICS, the Integrated Children's System") is said twice:
  // where the corpus does not use it, its spelled-out words, already concepts, stand for it.
  const spelledOut = new Set(analysis.acronyms.map(stem))
  return out.filter((c) => !dropped.has(c) && !(spelledOut.has(c.forms[0]) && !index.vocabulary.has(c.forms[0])))
}

/** Whether the question needs the conversation to be understood. */
function needsHistory(analysis: QuestionAnalysis, history: readonly string[]): boolean {
  return history.length > 0 && analysis.refersBack
}

/**
 * The question with its mistyped framing words spelt out ("Wht did", "hwo many"), so they frame
 * it as the words would: a word neither English nor the corpus knows counts as a topic the
 * documents lack, and "how many" is what asks for a number.
 */
function withFramingSpelt(question: string, index: SearchIndex, lang: LanguageConfig): string {
  if (!lang.spelling) return question
  const tokens = [...question.matchAll(/\p{L}+/gu)]
  let out = question
  // Right to left, so each replacement leaves the earlier offsets as they were.
  for (let k = tokens.length - 1; k >= 0; k--) {
    const token = tokens[k][0]
    const next = tokens[k + 1]?.[0] ?? ''
    // Where framing words stand: the question's first two words, or before "many"/"much". Not a
    // name further on ("What did Saya say?" is not "say", nor "Andy" "and").
    if (k >= 2 && !/^(many|much)$/i.test(next)) continue
    const w = token.toLowerCase()
    if (w.length < 3 || w.length > 7 || index.surface.has(w) || index.vocabulary.has(stem(w)) || index.lexicon.knows([w])) continue
    const framing = mistypedFramingWord(w, next)
    if (framing === null) continue
    const at = tokens[k].index!
    out = out.slice(0, at) + (token[0] === w[0] ? framing : framing[0].toUpperCase() + framing.slice(1)) + out.slice(at + token.length)
  }
  return out
}

export function buildQuery(question: string, history: readonly string[], index: SearchIndex, lang: LanguageConfig = DEFAULT_LANGUAGE): Query {
  const analysis = analyseQuestion(withFramingSpelt(question, index, lang))
  const concepts = conceptsOf(analysis, index, lang, false)
  const followUp = needsHistory(analysis, history)
  if (followUp) {
    const own = new Set(concepts.map((c) => c.forms[0]))
    const scale = analysis.newSubject ? NEW_SUBJECT_HISTORY : 1
    for (const c of conceptsOf(analyseQuestion(withFramingSpelt(history[history.length - 1], index, lang)), index, lang, true)) if (!own.has(c.forms[0])) concepts.push({ ...c, weight: c.weight * scale })
  }
  return { concepts, text: followUp ? `${history[history.length - 1]} ${question}` : question, followUp, analysis }
}
