import { stemmer } from 'stemmer'
import { eng } from 'stopword'

// Words that frame a question rather than say what it is about.
const QUESTION_WORDS = [
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'did', 'does', 'do', 'say', 'said', 'says', 'tell',
  'about', 'much', 'many', 'happened', 'happen', 'want', 'wants', 'wanted', 'think', 'thinks', 'thought', 'briefly', 'please',
]
const STOP = new Set([...eng, ...QUESTION_WORDS].map((w) => w.toLowerCase()))

/**
 * Instructions to the assistant ("summarise", "give me a list of"). In a question they frame it;
 * in a document they are content ("the executive summary", "the list of recommendations"), so
 * the index keeps them and question analysis decides (see analyseQuestion).
 */
const INSTRUCTIONS = new Set(['summarise', 'summarize', 'summary', 'explain', 'describe', 'outline', 'list', 'overview'])
export const isInstructionWord = (w: string) => INSTRUCTIONS.has(w)

/**
 * Lower-cased words of a text, accents folded, apostrophes kept inside words. Format
 * characters (soft hyphens, zero-width spaces: \p{Cf}, common in text pasted from PDFs) are
 * dropped first, so "fe\u00ADes" is "fees". Two letters joined by an ampersand are one word
 * ("A&E", "R&D" → "ae", "rd"), not two single letters that no search keeps. Only tokens are made
 * here; stored text and its offsets are untouched.
 */
export function words(text: string): string[] {
  // Most tokens are a plain ASCII word: nothing to fold, strip or split.
  if (/^[A-Za-z0-9]+$/.test(text)) return [text.toLowerCase()]
  return (text.replace(/\p{Cf}/gu, '').replace(/(?<![\p{L}\p{N}&])(\p{L})&(?=\p{L}(?![\p{L}\p{N}&]))/gu, '$1').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().match(/[a-z0-9]+(?:['’][a-z]+)*/g) ?? []).map((w) =>
    w.replace(/['’]s$/, '').replace(/['’]/g, ''),
  )
}

/** Stop words and the words that frame a question ("what did … say about", "summarise"). */
export const isStopWord = (w: string) => STOP.has(w) || INSTRUCTIONS.has(w)

/**
 * A word's term: its stem, or the word itself for numbers. Stems already computed: a corpus repeats a few thousand words millions of times, so loading a
 * large index stems each word once. Bounded, since questions bring new words forever.
 */
const stems = new Map<string, string>()
const MAX_STEMS = 200_000

export const stem = (w: string): string => {
  if (/\d/.test(w)) return w
  let s = stems.get(w)
  if (s === undefined) {
    if (stems.size >= MAX_STEMS) stems.clear()
    s = stemmer(w)
    stems.set(w, s)
  }
  return s
}

/** Stemmed content terms: stop words and question framing dropped; instruction words kept, as text uses them. */
export function terms(text: string): string[] {
  return termsOfWords(words(text))
}

/** The same, from words already split by `words`. */
export function termsOfWords(ws: readonly string[]): string[] {
  return ws.filter((w) => !STOP.has(w) && (w.length > 1 || /\d/.test(w))).map(stem)
}
