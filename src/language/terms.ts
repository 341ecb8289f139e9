import { stemmer } from 'stemmer'
import { eng } from 'stopword'

// Words that frame a question rather than say what it is about.
const QUESTION_WORDS = [
  'what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'did', 'does', 'do', 'say', 'said', 'says', 'tell',
  'about', 'much', 'many', 'happened', 'happen', 'want', 'wants', 'wanted', 'think', 'thinks', 'thought', 'briefly', 'please',
]
// Pronouns the stop list lacks: indexed, "us" was the term of "use" and "its" of "it".
const PRONOUNS = ['its', 'itself', 'she', 'hers', 'herself', 'us', 'ours', 'ourselves', 'yours', 'yourself', 'yourselves', 'theirs', 'themselves', 'myself']
const STOP = new Set([...eng, ...QUESTION_WORDS, ...PRONOUNS].map((w) => w.toLowerCase()))

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

/** Whether a term is a capital acronym's (see capitalAcronyms). */
export const isCapitalAcronymTerm = (term: string) => /^[A-Z]+$/.test(term)

/**
 * A word's term: its stem, or the word itself for numbers and capital acronyms. Stems already computed: a corpus repeats a few thousand words millions of times, so loading a
 * large index stems each word once. Bounded, since questions bring new words forever.
 */
const stems = new Map<string, string>()
const MAX_STEMS = 200_000

export const stem = (w: string): string => {
  // A capital acronym (see capitalAcronyms) is its own term: no stem is in capitals.
  if (/\d/.test(w) || isCapitalAcronymTerm(w)) return w
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
  return [...termsOfWords(words(text)), ...capitalAcronyms(text)]
}

/**
 * The stop words acronyms spell (information technology, the United States, the World Health
 * Organization). Not every stop word in capitals: policies shout "ALL staff MUST", "ONLY", "BEFORE".
 */
const SPELT_BY_ACRONYMS = new Set(['IT', 'US', 'WHO'])

/**
 * Whether word `i` of a text's words, as written, is an acronym that spells a stop word ("IT",
 * "US", "WHO"): in capitals, with no neighbouring word in capitals, so "contact IT" is one and
 * a heading in capitals ("WHAT IT MEANS") is not.
 */
export function isCapitalAcronym(written: readonly string[], i: number): boolean {
  const w = written[i]
  if (!SPELT_BY_ACRONYMS.has(w)) return false
  const capitals = (x: string | undefined) => x !== undefined && /^[A-Z0-9]+$/.test(x) && /[A-Z]/.test(x)
  return !capitals(written[i - 1]) && !capitals(written[i + 1])
}

/**
 * The terms of a text's capital acronyms that spell a stop word. \`words\` lower-cases them and
 * the stop list drops them ("IT Service Desk" would be "service desk"). Their term is the word in
 * capitals: in lower case it would be a stem too ("US" and "uses" both stem to "us").
 */
export function capitalAcronyms(text: string): string[] {
  if (!/[A-Z]{2}/.test(text)) return []
  const written = text.match(/[\p{L}\p{N}]+/gu) ?? []
  const out: string[] = []
  for (let i = 0; i < written.length; i++) if (isCapitalAcronym(written, i)) out.push(written[i])
  return out
}

/** The same, from words already split by `words`. */
export function termsOfWords(ws: readonly string[]): string[] {
  return ws.filter((w) => !STOP.has(w) && (w.length > 1 || /\d/.test(w))).map(stem)
}
