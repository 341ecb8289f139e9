// The language tools on their own: spelling, compounds, the lexicon, question analysis, the logistic fit.
import { describe, expect, it } from 'vitest'
import { fitLogistic, predict } from '../../src/answer/logistic.js'
import { Lexicon, lexiconKey } from '../../src/language/lexicon.js'
import { analyseQuestion, MAX_ANALYSED_CHARS, pointsBack } from '../../src/language/question.js'
import { buildQuery, DEFAULT_LANGUAGE, MAX_WORDS } from '../../src/retrieval/query.js'
import { byLength, corrections, splitCompound } from '../../src/language/spelling.js'
import { ask } from '../../src/answer/ask.js'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { loadIndex } from '../setup/app.js'
import { buildLexicon, corpusTermsOf, DEFAULT_LEXICON_OPTIONS } from '../../ingest/language/build-lexicon.js'

const vocabulary = new Map([['fees', 9], ['feet', 1], ['health', 12], ['case', 20], ['loads', 3], ['safeguarding', 30]])

describe('spelling', () => {
  it('finds the nearest corpus words, commonest first among equals', () => {
    expect(corrections('fess', byLength(vocabulary)).map((c) => c.word)).toEqual(['fees'])
    expect(corrections('helth', byLength(vocabulary))).toEqual([{ word: 'health', distance: 1 }])
    // "au" for "ua": two letters swapped, one edit.
    expect(corrections('safegaurding', byLength(vocabulary))).toEqual([{ word: 'safeguarding', distance: 1 }])
  })
  it('corrects nothing under four letters, nor numbers', () => {
    expect(corrections('fe', byLength(vocabulary))).toEqual([])
    expect(corrections('2009', byLength(new Map([['2008', 3]])))).toEqual([])
  })
  it('counts two swapped letters as one edit, the commonest typo', () => {
    const words = byLength(new Map([['length', 10], ['password', 5], ['receive', 3]]))
    // Levenshtein's two edits for a swap would put "lenght" (six letters, one edit allowed) out of reach.
    expect(corrections('lenght', words)).toEqual([{ word: 'length', distance: 1 }])
    expect(corrections('recieve', words)).toEqual([{ word: 'receive', distance: 1 }])
    expect(corrections('paswrod', words)).toEqual([{ word: 'password', distance: 2 }])
  })
  it('splits a closed compound the corpus writes as two words', () => {
    expect(splitCompound('caseloads', vocabulary)).toEqual(['case', 'loads'])
    expect(splitCompound('healthy', vocabulary)).toBeNull()
  })
})

describe('the lexicon', () => {
  const lexicon = new Lexicon({ version: 2, related: { [lexiconKey('n', 'kid')]: [['child', 0.8]], [lexiconKey('v', 'kid')]: [['joke', 0.8]] }, frequency: { kid: 60 } })
  it('looks words up in their word class, and in any when the class has nothing', () => {
    expect(lexicon.related(['kid'], 'n')).toEqual([['child', 0.8]])
    expect(lexicon.related(['kid'], 'v')).toEqual([['joke', 0.8]])
    expect(lexicon.related(['kid'], 'a').map(([t]) => t).sort()).toEqual(['child', 'joke'])
  })
  it('never reads Object.prototype for a question word', () => {
    expect(lexicon.frequency(['constructor', 'toString'])).toBe(0)
    expect(lexicon.knows(['constructor'])).toBe(false)
    expect(lexicon.related(['constructor'], null)).toEqual([])
  })
  it('lands a WordNet word on a corpus form it extends, not on one with another ending', () => {
    // Built from the real WordNet onto a three-term vocabulary: "earlier" reaches the corpus's
    // "earli" (early); "scrap" (quarrel, altercate) must not reach "altern" (alternative).
    const built = buildLexicon({ vocabulary: new Set(['altern', 'earli', 'child', 'maximum']), pairs: new Set() })
    expect(built.related[lexiconKey('r', 'before')]).toEqual([['earli', 0.8]])
    expect(built.related[lexiconKey('n', 'kid')]).toEqual([['child', 0.8]])
    expect(built.related[lexiconKey('v', 'scrap')]).toBeUndefined()
    // "maxim" (an aphorism) is a prefix of "maximum": another word, not a form of it.
    expect(built.related[lexiconKey('n', 'aphorism')]?.map(([t]) => t) ?? []).not.toContain('maximum')
  })
  it('lands a word on the head of a two-word synonym only where the corpus has that phrase', () => {
    // WordNet: caseworker = social worker. Scoring is by single terms, so the phrase's head stands for it.
    const vocabulary = new Set(['social', 'worker'])
    const withPhrase = buildLexicon({ vocabulary, pairs: new Set(['social worker']) })
    expect(withPhrase.related[lexiconKey('n', 'caseworker')]).toEqual([['worker', 0.64]])
    // Pairs are words written side by side: not across a stop word or punctuation.
    expect([...corpusTermsOf(['A social worker.']).pairs]).toEqual(['social worker'])
    expect([...corpusTermsOf(['head of social. Worker', 'children into care']).pairs]).toEqual([])
    // "social" and "worker" apart ("social care worker") are not the phrase.
    expect(buildLexicon({ vocabulary, pairs: new Set(['social care', 'care worker']) }).related[lexiconKey('n', 'caseworker')]).toBeUndefined()
  })
  it('joins a word to its irregular forms, but not to a form that is a word of its own', () => {
    const built = buildLexicon({ vocabulary: new Set(['child', 'children', 'meet', 'met', 'ground', 'grind', 'ring', 'rang']), pairs: new Set() })
    expect(built.related[lexiconKey('n', 'child')]).toEqual([['children', 1]])
    expect(built.related[lexiconKey('v', 'meet')]).toContainEqual(['met', 1])
    // Only in the form's own class: the adjective "meet" (fitting) has no past tense.
    expect(built.related[lexiconKey('a', 'meet')]?.map(([t]) => t) ?? []).not.toContain('met')
    // "rang" stems as "range" does: the join would reach another word.
    expect(built.related[lexiconKey('v', 'ring')]?.map(([t]) => t) ?? []).not.toContain('rang')
    // A synonym counts in its irregular forms too: "kid" is "child", so also "children".
    expect(built.related[lexiconKey('n', 'kid')]).toEqual([['child', 0.8], ['children', 0.8]])
    // "ground" is a noun of its own, not only grind's past.
    expect(built.related[lexiconKey('v', 'grind')]?.map(([t]) => t) ?? []).not.toContain('ground')
  })
  it('bridges through definitions: the words a definition uses, and the words defined with it, not words that define too much', () => {
    const built = buildLexicon({ vocabulary: new Set(['abroad', 'cinderella', 'person', 'young']), pairs: new Set() })
    // A passport is "a document … allowing that person to travel abroad" (its second sense, so decayed once).
    expect(built.related[lexiconKey('n', 'passport')]).toEqual([['abroad', 0.34]])
    // Cinderella is "the title character of a fairy tale …".
    expect(built.related[lexiconKey('n', 'fairy')]).toEqual([['cinderella', 0.4]])
    // A youngster is "a young person of either sex": thousands of definitions use "person" and "young".
    expect(built.related[lexiconKey('n', 'youngster')]).toBeUndefined()
  })
  it('keeps no more relations per word than a question reads', () => {
    expect(DEFAULT_LEXICON_OPTIONS.keep).toBeGreaterThanOrEqual(DEFAULT_LANGUAGE.maxRelated)
    const built = buildLexicon({ vocabulary: new Set(['child', 'children', 'youth', 'kid', 'infant', 'minor', 'young']), pairs: new Set() })
    expect(Math.max(...Object.values(built.related).map((r) => r.length))).toBeLessThanOrEqual(DEFAULT_LEXICON_OPTIONS.keep)
  })
  it('a question with such a word is still answered', async () => {
    const r = await ask(loadIndex(), null, 'Who is the constructor of the court fees review?', [], DEFAULT_CONFIG.ask)
    expect(r.sources.length).toBeGreaterThan(0)
    expect(Number.isFinite(r.confidence)).toBe(true)
  })
})

describe('question analysis', () => {
  it('keeps content words with their part of speech and lemma, and drops framing', () => {
    const a = analyseQuestion('How many youngsters were polled?')
    expect(a.words.map((w) => [w.text, w.lemma])).toEqual([
      ['youngsters', 'youngster'],
      ['polled', 'poll'],
    ])
    expect(a.answerType).toBe('quantity')
  })
  it('reads a named source as where to look, not as words to search for', () => {
    const a = analyseQuestion('Is the frontline making a difference, according to the slides?')
    expect(a.namedSources).toEqual(['slides'])
    expect(a.words.map((w) => w.text)).not.toContain('slides')
    expect(analyseQuestion('What did the press notice say about inspectors?').namedSources).toEqual(['press release'])
    expect(analyseQuestion('What did the newspaper article say?').namedSources).toEqual(['article'])
    // A zero-width space pasted into the name does not hide it.
    expect(analyseQuestion('What did the sli\u200Bdes say about court fees?').namedSources).toEqual(['slides'])
    // The topic, not a source: not framed as where the answer is.
    expect(analyseQuestion('What did Laming say about the presentation of evidence?').namedSources).toEqual([])
    expect(analyseQuestion('Which presentations were given?').namedSources).toEqual([])
    const topic = analyseQuestion('Was the presentation clear?')
    expect(topic.namedSources).toEqual([])
    expect(topic.words.map((w) => w.text)).toContain('presentation')
    expect(analyseQuestion('Did the newspapers criticise social workers?').words.map((w) => w.text)).toContain('newspapers')
    // "The report" named as the source frames the question too, but prefers no kind of document.
    const framed = analyseQuestion('What does the report say about schools?')
    expect(framed.words.map((w) => w.text)).toEqual(['schools'])
    expect(framed.namedSources).toEqual([])
    expect(analyseQuestion('According to the review, who should chair the LSCB?').words.map((w) => w.text)).not.toContain('review')
    // Elsewhere it is a topic.
    expect(analyseQuestion('When was the report published?').words.map((w) => w.text)).toContain('report')
  })
  it('reads a long question up to MAX_ANALYSED_CHARS, and keeps at most MAX_WORDS of its words, nouns first', () => {
    const long = `What did Laming say about court fees? ${'and then we said it again '.repeat(12)}zebras`
    expect(long.length).toBeGreaterThan(MAX_ANALYSED_CHARS)
    const words = analyseQuestion(long).words.map((w) => w.text)
    expect(words).toContain('fees')
    expect(words).not.toContain('zebras')
    const many = 'Should councils, courts, schools, hospitals, police, nurses, doctors, teachers, inspectors, parents, carers, charities and volunteers work together quickly?'
    const concepts = buildQuery(many, [], loadIndex()).concepts
    expect(concepts).toHaveLength(MAX_WORDS)
    expect(concepts.map((c) => c.word)).not.toContain('work')
  })
  it('learns acronyms the question spells out, plural or not', () => {
    expect(analyseQuestion("What about ICS, the Integrated Children's System?").acronyms).toEqual(['ics'])
    expect(analyseQuestion('What do LSCBs, the Local Safeguarding Children Boards, do?').acronyms).toEqual(['lscb'])
  })
  it('reads "I\'m" as the asker, not a name (the tagger leaves it whole and calls it one)', () => {
    expect(analyseQuestion("What if I'm sick for more than a week?").words.map((w) => w.text)).toEqual(['sick', 'week'])
    expect(analyseQuestion('What if Im sick?').words.map((w) => w.text)).toEqual(['sick'])
    expect(analyseQuestion('Is IM allowed for case notes?').words.map((w) => w.text)).toContain('im')
  })
  it('refers back only through pronouns, demonstratives or openers, not a conjunction "that"', () => {
    expect(analyseQuestion('What should they do about it?').refersBack).toBe(true)
    expect(analyseQuestion('And the police?').refersBack).toBe(true)
    expect(analyseQuestion('Who should carry out that review?').refersBack).toBe(true)
    expect(analyseQuestion('Is it true that social workers need more training?').refersBack).toBe(false)
    // A demonstrative with a topic of its own does not lean on the conversation.
    expect(analyseQuestion('What did this report say about court fees?').refersBack).toBe(false)
    // The tagger reads a "that" with no clause after it as a conjunction; it is a pronoun.
    expect(analyseQuestion('which report was that about').refersBack).toBe(true)
    expect(analyseQuestion('When was that?').refersBack).toBe(true)
  })
  it('reads a possessive that comes before any noun as pointing back, however many nouns follow', () => {
    expect(pointsBack(analyseQuestion('what was his job at the time'))).toBe(true)
    expect(pointsBack(analyseQuestion('What were its main findings about social workers?'))).toBe(true)
    // A subject pronoun is often the author: the question names its own topic.
    expect(analyseQuestion('What did he say about health visitors?').refersBack).toBe(false)
    // After a noun of the question, the pronoun's antecedent is in the question.
    expect(analyseQuestion('What did Laming say about social workers and their caseloads?').refersBack).toBe(false)
  })
  it('reads "he", "she" or "his" after a name in the same question as that person, not as pointing back', () => {
    expect(analyseQuestion('How old was Baby P when he died?').refersBack).toBe(false)
    // The tagger reads "Laming" as a verb; its capital still makes it a name.
    const owned = analyseQuestion("Did Laming own up to falling short in his earlier inquiry into Victoria's death?")
    expect([owned.refersBack, owned.leadingPossessive]).toEqual([false, false])
    // "who" is not a name: it asks for one.
    expect(analyseQuestion('Who was she?').refersBack).toBe(true)
    expect(analyseQuestion('Who was his manager?').refersBack).toBe(true)
    // An object pronoun rarely means the name before it; a capital after a full stop, or in a
    // question that capitalises every word, is no name.
    expect(analyseQuestion('Did Laming criticise her?').refersBack).toBe(true)
    expect(analyseQuestion('Thanks. How old was he?').refersBack).toBe(true)
    expect(analyseQuestion('HOW OLD WAS HE?').refersBack).toBe(true)
    expect(analyseQuestion("I'm curious, how old was he?").refersBack).toBe(true)
    // Before the name, or with none, the pronoun still points back.
    expect(analyseQuestion('What did his report say about Ed Balls?').refersBack).toBe(true)
    expect(analyseQuestion('how old was he?').refersBack).toBe(true)
  })
  it.each([
    ['What sort of figure should head up the taskforce?', 'sort'],
    ['Which kind of support do parents get?', 'kind'],
    ["What do people in this field want to achieve, in Laming's view?", 'view'],
    ['Should there be a central team, in his opinion?', 'opinion'],
  ])('reads "what sort of", "in his view" as framing, not as a topic: %s', (question, framing) => {
    expect(analyseQuestion(question).words.map((w) => w.text)).not.toContain(framing)
  })
  it.each([
    ['Were the social workers kind?', 'kind'],
    ['What is the view of young people?', 'view'],
  ])('keeps the same word as a topic, outside those phrases: %s', (question, topic) => {
    expect(analyseQuestion(question).words.map((w) => w.text)).toContain(topic)
  })
  it('reads a pronoun question with a topic of its own (more than three content words) as standing alone', () => {
    expect(analyseQuestion('Did he blame the IT set-up for slowing things down?').refersBack).toBe(false)
    expect(analyseQuestion('how much did they go up by last year').refersBack).toBe(true)
  })
  it('reads what a quantity question counts: the noun after "how many", or the measure after "how"', () => {
    expect(analyseQuestion('how many kids responded?').counted).toBe('kids')
    expect(analyseQuestion('How many young people were surveyed?').counted).toBe('people')
    expect(analyseQuestion('How many of the recommendations were accepted?').counted).toBe('recommendations')
    expect(analyseQuestion('What percentage of referrals led to an assessment?').counted).toBe('referrals')
    expect(analyseQuestion('How old was Baby P when he died?').counted).toBe('old')
    expect(analyseQuestion('how much did they go up by last year').counted).toBeNull()
  })
  it('reads a trailing "too" or "as well" as carrying the question before over to a new subject', () => {
    for (const q of ['young people too?', 'the police as well?']) {
      const a = analyseQuestion(q)
      expect(a.refersBack, q).toBe(true)
      expect(a.newSubject, q).toBe(true)
    }
    expect(analyseQuestion('Are caseloads too high?').refersBack).toBe(false)
  })
  it('reads "ones", "others" and "one" after "which" or "the" as standing in for what was said before, not as a topic', () => {
    for (const q of ['which ones?', 'And the others?', 'What did the other ones say?', 'Which one?']) {
      const a = analyseQuestion(q)
      expect(pointsBack(a), q).toBe(true)
      expect(a.words.map((w) => w.text), q).not.toContain('ones')
      expect(a.words.map((w) => w.text), q).not.toContain('others')
      expect(a.words.map((w) => w.text), q).not.toContain('one')
    }
    // Not after another word: "loved ones" are a topic, "others" in "do others agree?" are people.
    for (const q of ['What support is there for loved ones?', 'Do others agree?']) expect(pointsBack(analyseQuestion(q)), q).toBe(false)
  })
  it('tells a follow-up that brings its own subject from one that points back', () => {
    expect(analyseQuestion('What about the police?').newSubject).toBe(true)
    expect(analyseQuestion('And for teachers?').newSubject).toBe(true)
    expect(analyseQuestion('And what about their supervision?').newSubject).toBe(false)
    expect(analyseQuestion('Who chairs it?').newSubject).toBe(false)
    expect(analyseQuestion('What is an LSCB?').newSubject).toBe(false)
  })
  it('reads "what\'s his name" as asking for a person', () => {
    for (const q of ["what's his name", 'What was her name?', 'whats their names', 'What was he called?']) expect(analyseQuestion(q).answerType).toBe('person')
    expect(analyseQuestion('What is the name of the unit?').answerType).not.toBe('person')
  })
})

describe('the logistic fit', () => {
  it('separates a separable feature and predicts probabilities', () => {
    const xs = Array.from({ length: 40 }, (_, i) => [i / 40, (i * 7) % 5])
    const ys = xs.map(([a]) => (a > 0.5 ? 1 : 0))
    const fit = fitLogistic(xs, ys, 0.1)
    expect(predict(fit, [0.9, 2])).toBeGreaterThan(0.9)
    expect(predict(fit, [0.1, 2])).toBeLessThan(0.1)
    expect(Math.abs(fit.coefficients[0])).toBeGreaterThan(Math.abs(fit.coefficients[1]))
  })
})
