// What a question asks: its words with their part of speech and lemma (wink-nlp's English
// model), which of them carry its focus, the kind of answer it wants, the acronyms it
// introduces, and whether it leans on the conversation before it.
import winkNLP from 'wink-nlp'
import model from 'wink-eng-lite-web-model'
import type { DocumentKind } from '../index/corpus.js'
import { isCapitalAcronym, isInstructionWord, isStopWord, words } from './terms.js'
import { sourceMentions } from './source-mention.js'

/** `expansion`: what an acronym stands for ("What does LSCB stand for?"). */
export type AnswerType = 'quantity' | 'time' | 'person' | 'organisation' | 'place' | 'yesno' | 'expansion' | null

/** How much a word of each part of speech carries a question's focus (nouns, names and numbers most). */
const ROLE_WEIGHT: Record<string, number> = { NOUN: 1, PROPN: 1, NUM: 1, X: 1, ADJ: 0.7, ADV: 0.5, VERB: 0.5 }
/** How much the word after "how" ("how fast", "how quickly") counts against its part of speech's role. */
const HOW_WORD_WEIGHT = 0.5
/** Parts of speech that ask something of a question ("who chairs it?", "why?"); a lone "it" has none. */
const ASKING_POS = new Set(['VERB', 'AUX', 'NOUN', 'PROPN', 'ADJ', 'ADV', 'NUM'])
const WH_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how'])
/** Titles before a name ("Lord Laming"): the name says whom; read as a topic, "Lord" outweighed what was asked. */
const HONORIFICS = new Set(['lord', 'lady', 'sir', 'dame', 'baroness', 'baron', 'mr', 'mrs', 'ms', 'miss', 'dr', 'prof', 'professor', 'rt', 'hon'])
const FUNCTION_POS = new Set(['ADP', 'AUX', 'CCONJ', 'SCONJ', 'DET', 'PART', 'PRON', 'PUNCT', 'SYM', 'INTJ'])

export interface QuestionWord {
  /** Lower-cased, accents folded, as `words()` gives it; a capital acronym that spells a stop word keeps its capitals ("IT"). */
  text: string
  /** Its dictionary form, for WordNet. */
  lemma: string
  /** Universal part-of-speech tag. */
  pos: string
  /** ROLE_WEIGHT of its part of speech, halved for the word after "how". */
  role: number
  /** Which token of the question it comes from: words of adjacent tokens are written side by side. */
  token: number
  /** Whether it is written inside a name of capitalised words ("the Royal Collage of GPs"), where a real word may be a typo. */
  inName?: boolean
}

export interface QuestionAnalysis {
  /** Content words, stop words and question framing dropped. */
  words: QuestionWord[]
  answerType: AnswerType
  /** Acronyms the question spells out itself, lower-cased: "ICS, the Integrated Children's System" → ics. */
  acronyms: string[]
  /** Whether it refers back: "and …?", "what about …", or a pronoun with little else. */
  refersBack: boolean
  /** Whether a possessive pronoun comes before any noun ("what was his job?"): someone it names no more than that. */
  leadingPossessive: boolean
  /** Whether it refers back by bringing a subject of its own in place of the one before ("what about the police?", "and for teachers?"), with no pronoun pointing back. */
  newSubject: boolean
  /** Kinds of document the question names as its source ("according to the slides"). */
  namedSources: DocumentKind[]
  /** What a quantity question counts, as written: "how many recommendations" → recommendations; null for "how much did they go up?". */
  counted: string | null
  /** The acronym an expansion question asks about, lower-cased: "What does LSCB stand for?" → lscb. */
  expands: string | null
}

// Loaded once per process or isolate; reading a question then takes tens of microseconds.
const nlp = winkNLP(model, ['pos'])
const its = nlp.its

const FOLLOW_UP = /^\s*(and|but|also|or|then|what about|how about|what of|same for)\b/i
/** An ellipsis that carries the question before it over to a new subject: "young people too?", "the police as well?". */
const CARRIED_OVER = /\b(too|as well|also)\s*[?.!]*\s*$/i
/** Words that point back to something said before, when the tagger reads them as pronouns. */
const REFERRING = new Set(['it', 'its', 'they', 'them', 'their', 'this', 'that', 'these', 'those', 'he', 'she', 'him', 'her', 'his'])
/** Words that stand in for a noun said before after one of STAND_IN_AFTER ("which ones?", "the others", "which one?"): they point back and name no topic. "loved ones" and "do others agree?" are not. */
const STAND_IN = new Set(['one', 'ones', 'others'])
const STAND_IN_AFTER = new Set(['which', 'the', 'other', 'those', 'these', 'what'])
/** The referring words that point back also when the tagger reads them as determiners ("that review"). */
const DEMONSTRATIVE = new Set(['this', 'that', 'these', 'those'])
/**
 * Personal pronouns, which never stand for nothing ("it" may: "is it true that …?"): a possessive
 * one that no noun or name of the question comes before has its antecedent in the conversation,
 * however many nouns follow it ("what was his job at the time?").
 */
const PERSONAL = new Set(['he', 'she', 'him', 'her', 'his', 'they', 'them', 'their', 'its'])
/** Words for a kind of thing, which frame a question after one of KIND_AFTER and before "of". */
const KIND = new Set(['sort', 'sorts', 'kind', 'kinds', 'type', 'types'])
const KIND_AFTER = new Set(['what', 'which', 'whatever', 'any', 'some', 'the', 'a', 'this', 'that'])
/** Words for someone's view, which frame a question after "in" and a possessive ("in his view", "in Laming's opinion"). */
const OPINION = new Set(['view', 'views', 'opinion', 'eyes', 'judgement', 'judgment'])
/** Tags of nouns and names. */
export const NOMINAL: ReadonlySet<string> = new Set(['NOUN', 'PROPN'])
/**
 * A question with a pronoun and at most one noun leans on the conversation only when it has at
 * most this many content words: "how much did they go up by last year?" does; "did he blame the
 * IT set-up for slowing things down?" names its own topic.
 */
const MAX_LEANING_WORDS = 3
/** Pronouns for one person that a name earlier in the same question stands for; an object pronoun rarely does ("did Laming criticise her?"). */
const SINGULAR_PERSONAL = new Set(['he', 'she', 'his'])
/** Object pronouns, which a name earlier in the same question stands for only across a clause: "did Baby P have injuries, and had professionals seen him?". */
const OBJECT_PERSONAL = new Set(['him', 'her'])
const POSSESSIVE = new Set(['his', 'her', 'their', 'its'])

/** Whether a question points back to what was said before ("who chairs it?"), rather than bringing a subject of its own ("what about the police?"). */
export const pointsBack = (a: Pick<QuestionAnalysis, 'refersBack' | 'newSubject'>): boolean => a.refersBack && !a.newSubject

/**
 * "What does LSCB stand for?", "what is NSDU short for", "the full name of the CAF": the acronym
 * asked about, as its letters, lower-cased. Written in capitals ("IT" and "WHO" too), less a
 * plural "s" after them ("LSCBs"; the S of NHS stays); or, in a question written all in lower
 * case, a word with at most one vowel ("lscb", "nsdu", "a&e"), so neither "what does the report
 * stand for" nor "What does Laming stand for?" (what he believes in) is read as one.
 */
const EXPANSION: readonly RegExp[] = [
  /\bwhat (?:does|do|did) (?:the )?(?:acronym |abbreviation )?["'‘“]?([\p{L}&]{2,8})["'’”]? stands? for\b/iu,
  /\bwhat(?: is|['’]s) (?:the )?["'‘“]?([\p{L}&]{2,8})["'’”]? (?:short|an? (?:acronym|abbreviation)) for\b/iu,
  /\b["'‘“]?([\p{L}&]{2,8})["'’”]? stands? for what\b/iu,
  /\b(?:[Ff]ull (?:name|form)|[Ee]xpansion|[Aa]bbreviation|[Aa]cronym) (?:of|for) (?:the |an? )?["'‘“]?(\p{Lu}[\p{Lu}&]{1,7}s?)["'’”]?(?![\p{L}])/u,
]

function expandedAcronym(question: string): string | null {
  const lowerCase = !/\p{Lu}/u.test(question)
  for (const re of EXPANSION) {
    const word = re.exec(question)?.[1]
    if (!word) continue
    const capitals = /^\p{Lu}[\p{Lu}&]+(s?)$/u.exec(word)
    if (capitals) return (capitals[1] ? word.slice(0, -1) : word).toLowerCase()
    if (lowerCase && !isStopWord(word) && (word.includes('&') || (word.match(/[aeiou]/g) ?? []).length <= 1)) return word
  }
  return null
}

/** Words that frame an expansion question rather than name its topic. */
const EXPANSION_FRAMING = new Set(['stand', 'stands', 'short', 'full', 'name', 'form', 'expansion', 'abbreviation', 'acronym'])

/** `expands`: the question's acronym, when analyseQuestion has read it already. */
export function answerType(question: string, expands: string | null = expandedAcronym(question)): AnswerType {
  if (expands) return 'expansion'
  const asked = question.toLowerCase().trim()
  // "What did the report say about how much is spent?": what follows "say about" is the topic,
  // not the kind of answer asked for.
  const topic = /\b(say|said|says|tell|think|thinks|recommend|recommended|propose|proposed|suggest|suggested|mention|mentioned|write|wrote)(?:\s+(?!how\b|what\b|who\b|when\b|which\b)[\p{L}'’]+){0,2}\s+(about|on|regarding)\b/u.exec(asked)
  const q = topic ? asked.slice(0, topic.index) : asked
  if (/\bhow (quickly|soon|long|fast)\b|^when\b|\bby when\b|\bwhat (date|year|month|time ?scale|deadline)\b|\bwhich year\b/.test(q)) return 'time'
  if (/\bhow (many|much|big|large|high|low|often|old)\b|\bwhat (number|percentage|proportion|amount|size|figure|age)\b/.test(q)) return 'quantity'
  // "What is the vacancy rate …?", "what was the total budget?": the measure named asks for a number.
  if (/\bwhat(?:['’]s| is| was| are| were| will be) the (?:[\p{L}-]+ ){0,3}(rates?|percentages?|proportions?|numbers?|totals?|costs?|budgets?|amounts?|salary|salaries|figures?|ratio|average)\b/u.test(q)) return 'quantity'
  // A price, fee, charge or funding asked for, as the noun the question ends on or qualifies with "of", "for"…: not "the fee structure", "the charge against him".
  if (/\bwhat(?:['’]s| is| was| are| were| will be) the (?:[\p{L}-]+ ){0,3}(prices?|fees?|charges?|spending|funding)(?:\s+(?:of|for|per|on|to|in)\b|\s*[?.!]*\s*$)/u.test(q)) return 'quantity'
  if (/^who\b|\bwho (is|was|should|will|would|did|does|leads|chairs|wrote)\b|\bwhich (person|minister|official)\b|\bwhat['’]?s? (is |was )?(his|her|their) (full )?names?\b|\bwhat (is|was) (he|she) called\b/.test(q)) return 'person'
  if (/\bwhich (organisation|organization|body|department|agency|unit|council|ministry|university|charity)\b/.test(q)) return 'organisation'
  if (/^where\b|\bwhich (area|areas|place|places|country|region|city|town)\b/.test(q)) return 'place'
  if (/^(is|are|was|were|did|does|do|has|have|had|should|will|would|can|could)\b/.test(q)) return 'yesno'
  return null
}

/** Runs of two or more capitalised words, with the small words between them ("Department of Health"), as written. */
export function capitalisedRuns(text: string): string[] {
  return [...text.matchAll(/\b[A-Z][a-z’']+(?:-[A-Z][a-z’']+)*(?:\s+(?:(?:of|and|for|the|on|in)\s+)?[A-Z][a-z’']+(?:-[A-Z][a-z’']+)*)+/g)].map((m) => m[0])
}

/**
 * Runs of two or more capitalised words ("Local Safeguarding Children Board"), as their
 * capitalised words; a hyphenated one counts each part ("Multi-Agency" → Multi, Agency), as its
 * initials do (MASH).
 */
export function capitalisedPhrases(text: string): string[][] {
  return capitalisedRuns(text).map((run) => runWords(run).filter((w) => /^[A-Z]/.test(w)))
}

/** A phrase's initials, lower-case: ["Local", "Safeguarding", "Children", "Board"] → "lscb". */
export const initialsOf = (words: readonly string[]): string => words.map((w) => w[0].toLowerCase()).join('')

/** A capitalised run's words, small ones included, a hyphenated word's parts apart. */
export const runWords = (run: string): string[] => run.split(/[\s-]+/)

function acronymsIntroduced(question: string): string[] {
  const initials = new Set(capitalisedPhrases(question).map(initialsOf))
  return [...question.matchAll(/\b([A-Z]{2,6})s?\b/g)].map((m) => m[1].toLowerCase()).filter((a) => initials.has(a))
}

/**
 * Characters of a question that are tagged and searched: the API takes no more by default
 * (maxQuestionChars); a deployment that raises that limit still pays for no more than this,
 * since tagging costs grow with length. Eval questions are at most 143 characters.
 */
export const MAX_ANALYSED_CHARS = 300

/** The text up to `max` characters, cut at the last space within them. */
function upTo(text: string, max: number): string {
  if (text.length <= max) return text
  const cut = text.lastIndexOf(' ', max)
  return text.slice(0, cut > 0 ? cut : max)
}

/** Where a quantity question names what it counts, by how many words lead up to it: "how many kids", "what percentage of referrals". */
const COUNTING: [leadingWords: number, pattern: RegExp][] = [
  [2, /^how (many|much)$/],
  [3, /^what (number|percentage|proportion|share|amount) of$/],
]
const COUNTABLE = new Set(['NOUN', 'PROPN', 'ADJ'])

/** The word a quantity question counts: the noun after "how many", past any adjective ("how many young people" → people), or the measure after "how" ("how old"). */
function countedWord(lower: readonly string[], tags: readonly string[]): string | null {
  for (let i = 0; i < lower.length; i++) {
    // "How old", "how long": the measure is what the number must be of ("17-month-old").
    if (lower[i] === 'how' && tags[i + 1] === 'ADJ' && !/^(many|much)$/.test(lower[i + 1])) return words(lower[i + 1])[0] ?? null
    const lead = COUNTING.find(([n, re]) => re.test(lower.slice(i, i + n).join(' ')))
    if (!lead) continue
    let j = i + lead[0]
    // "How many of the recommendations": what follows "of" is counted.
    if (lower[j] === 'of') while (/^(of|the|these|those|his|her|their|its)$/.test(lower[j] ?? '')) j++
    while (tags[j] === 'ADJ' && COUNTABLE.has(tags[j + 1] ?? '')) j++
    const w = COUNTABLE.has(tags[j] ?? '') ? words(lower[j])[0] : undefined
    return w && !isStopWord(w) ? w : null
  }
  return null
}

/**
 * "I'm" (or "Im"), which the tagger leaves whole and calls a name, where it splits "I've" and
 * "we're": read as a name, "im" made "What if I'm sick for more than a week?" a question about
 * someone the documents never mention. "IM" in capitals may be instant messaging.
 */
const firstPersonBe = (token: string) => /^i['’]?m$/i.test(token) && token !== 'IM'

export function analyseQuestion(question: string): QuestionAnalysis {
  // Format characters (zero-width spaces from pasted text) first, so they cannot hide "the slides".
  const mentions = sourceMentions(question.replace(/\p{Cf}/gu, ''))
  const doc = nlp.readDoc(upTo(mentions.rest, MAX_ANALYSED_CHARS))
  const tokens = doc.tokens()
  const texts = tokens.out(its.value)
  const tags = tokens.out(its.pos)
  // Lemmas only of the words kept, and each once: a long question repeats its words.
  // wink-nlp types its.lemma for the lemmatize addon, which the English model brings.
  const lemmas = new Map<string, string>()
  const lemmaOf = (i: number) => {
    const key = `${texts[i]}\n${tags[i]}`
    let lemma = lemmas.get(key)
    if (lemma === undefined) lemmas.set(key, (lemma = tokens.itemAt(i).out(its.lemma as unknown as typeof its.value)))
    return lemma
  }
  const lower = texts.map((t) => t.toLowerCase())
  const standsIn = (i: number) => i > 0 && STAND_IN.has(lower[i]) && STAND_IN_AFTER.has(lower[i - 1])
  // "What sort of figure", "which kind of support": the kind asked for frames the question.
  const kindOf = (i: number) => KIND.has(lower[i]) && lower[i + 1] === 'of' && i > 0 && KIND_AFTER.has(lower[i - 1])
  // "in his view", "in Laming's opinion": whose view the question asks, not a topic.
  const viewOf = (i: number) => {
    if (!OPINION.has(lower[i])) return false
    const owned = /^['’]s?$/.test(lower[i - 1] ?? '')
    const owner = owned ? i - 2 : i - 1
    return owner >= 1 && lower[owner - 1] === 'in' && (owned || POSSESSIVE.has(lower[owner]))
  }
  // "the executive summary", "the list of recommendations" name a thing; "give me a summary of",
  // "a brief overview of" and a verb ("summarise", "list") instruct. Instructions start a
  // question or come as "a/an … of".
  const instructs = (i: number) => {
    if (!NOMINAL.has(tags[i])) return true
    let j = i - 1
    while (j >= 0 && tags[j] === 'ADJ') j--
    return j < 0 || tags.slice(0, i).every((t) => t === 'PUNCT' || t === 'ADJ') || (/^an?$/.test(lower[j]) && /^(of|on)$/.test(lower[i + 1] ?? ''))
  }
  // A question that capitalises every word shows no names (the tagger then reads most words as names).
  const capitalsMarkNames = !texts.every((t) => !/\p{L}/u.test(t) || /^\p{Lu}/u.test(t))
  // A capitalised word beside another ("Royal Collage of GPs"), past "of", "and", "the".
  const capital = (j: number) => j > 0 && /^\p{Lu}/u.test(texts[j] ?? '')
  const beside = (i: number, step: number) => {
    let j = i + step
    while (/^(of|and|the|for)$/.test(lower[j] ?? '')) j += step
    return capital(j)
  }
  const inName = (i: number) => capitalsMarkNames && capital(i) && (beside(i, -1) || beside(i, 1))
  // "Lord Laming", "Dr Smith": a title before a name says whom, not what about.
  const honorific = (i: number) => HONORIFICS.has(lower[i]) && /^\p{Lu}/u.test(texts[i + 1] ?? '')
  const out: QuestionWord[] = []
  texts.forEach((t, i) => {
    // "Who do I contact in IT?": the tagger reads "IT" as "it".
    if (isCapitalAcronym(texts, i)) return void out.push({ text: t, lemma: lower[i], pos: 'PROPN', role: ROLE_WEIGHT.PROPN, token: i })
    if (standsIn(i) || kindOf(i) || viewOf(i) || firstPersonBe(t) || honorific(i)) return
    // "How quickly", "how big": the word after "how" mostly frames the answer, so it counts half;
    // dropped, "how fast is pino?" was answered from any passage naming pino.
    const framing = i > 0 && /^how$/i.test(texts[i - 1]) && !/^(many|much)$/i.test(t)
    const ws = words(t)
    for (const w of ws) {
      if ((isStopWord(w) && !(isInstructionWord(w) && !instructs(i))) || (w.length < 2 && !/\d/.test(w))) continue
      const pos = /\d/.test(w) ? 'NUM' : tags[i]
      if (FUNCTION_POS.has(pos)) continue
      const lemma = ws.length === 1 ? words(lemmaOf(i))[0] ?? w : w
      out.push({ text: w, lemma, pos, role: (ROLE_WEIGHT[pos] ?? 0.5) * (framing ? HOW_WORD_WEIGHT : 1), token: i, ...(inName(i) ? { inName: true } : {}) })
    }
  })
  const expands = expandedAcronym(question)
  if (expands) for (let i = out.length - 1; i >= 0; i--) if (EXPANSION_FRAMING.has(out[i].text)) out.splice(i, 1)
  const focus = out.filter((w) => w.role >= 1).length
  // "What should they do about it?" leans on what came before; "Is it true that social workers
  // need training?" does not: its "that" is a conjunction, and it names its own topic.
  // "that review", "those changes": a demonstrative before a noun points back as a pronoun does.
  // A name written before "he", "she" or "his" is who that is ("how old was Baby P when he
  // died?"). The tagger misses some names ("Laming"/VERB), so a word capitalised inside a
  // sentence counts too, unless the question capitalises every word (capitalsMarkNames).
  const named = (i: number) =>
    capitalsMarkNames &&
    !/^I(?:['’]|$)/.test(texts[i]) &&
    (tags[i] === 'PROPN' || (i > 0 && !/^[.!?]$/.test(texts[i - 1]) && /^\p{Lu}\p{Ll}/u.test(texts[i])))
  const firstName = texts.findIndex((_, i) => named(i))
  // The tagger reads a last "that" ("when was that?", "which report was that about?") as a
  // conjunction; with no clause after it, it is a pronoun.
  const clauseless = (i: number) => DEMONSTRATIVE.has(lower[i]) && tags[i] === 'SCONJ' && (i + 1 === tags.length || tags[i + 1] === 'ADP' || tags[i + 1] === 'PUNCT')
  const pointing = texts.flatMap((_, i) => {
    const w = lower[i]
    const namedBefore = firstName >= 0 && firstName < i
    const acrossClause = () => lower.slice(firstName + 1, i).some((x) => x === ',' || x === ';' || x === 'and' || x === 'but')
    if ((namedBefore && (SINGULAR_PERSONAL.has(w) || (OBJECT_PERSONAL.has(w) && acrossClause()))) || isCapitalAcronym(texts, i)) return []
    return standsIn(i) || (tags[i] === 'PRON' ? REFERRING.has(w) : tags[i] === 'DET' && DEMONSTRATIVE.has(w)) || clauseless(i) ? [w] : []
  })
  const pronoun = pointing.length > 0
  const opener = FOLLOW_UP.test(question) || CARRIED_OVER.test(question)
  // "And her?" asks the question before about her; a lone "it" asks nothing.
  const asks = opener || tags.some((t, i) => ASKING_POS.has(t) || WH_WORDS.has(lower[i]))
  const leading = tags.findIndex((t, i) => NOMINAL.has(t) || named(i) || (t === 'PRON' && PERSONAL.has(lower[i])))
  // A possessive before any noun is someone's something ("what was his job?"): whose, the
  // conversation says. A subject pronoun is often the author ("what did he say about X?").
  const leadingPossessive = leading >= 0 && tags[leading] === 'PRON' && POSSESSIVE.has(lower[leading])
  return {
    words: out,
    answerType: answerType(question, expands),
    acronyms: acronymsIntroduced(question),
    // A lone "it" or "them?" asks nothing: without a word that asks, history is not used for it.
    // "him" or "her" is someone named before, however many nouns the question has of its own
    // ("How many times had professionals been to see him?").
    refersBack: asks && (opener || (pronoun && ((focus <= 1 && new Set(out.map((w) => w.text)).size <= MAX_LEANING_WORDS) || leadingPossessive || pointing.some((w) => OBJECT_PERSONAL.has(w))))),
    leadingPossessive,
    newSubject: opener && !pronoun && focus >= 1,
    namedSources: mentions.kinds,
    counted: countedWord(lower, tags),
    expands,
  }
}
