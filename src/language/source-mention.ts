// Questions that say where the answer should come from: "according to the slides", "what did
// the press release say about …". Those words frame the question rather than name its topic,
// so they are not searched for; passages of a document of that kind are preferred instead.
import type { DocumentKind } from '../index/corpus.js'

/**
 * How askers name each kind of document (the kinds ingest detects), in general English.
 * "Report" and "recommendations" name no kind: in a corpus about a report and its recommendations,
 * as the first one is, they say what a question is about rather than where to look.
 */
const KIND_NAMES: Partial<Record<DocumentKind, readonly string[]>> = {
  'press release': ['press release', 'press notice', 'press statement', 'news release'],
  article: ['article', 'newspaper article', 'newspaper', 'news story', 'news article'],
  slides: ['slides', 'slide deck', 'slideshow', 'presentation', 'powerpoint'],
}

/**
 * Names of no one kind, framing all the same where a source is named: "what does the report say
 * about schools?" asks about schools. Searched for, "report" had ranked "I think that maybe I
 * failed in the Victoria Climbie report" first.
 */
const ANY_KIND = ['report', 'document', 'review', 'paper']
const NAMES = [
  ...Object.entries(KIND_NAMES).flatMap(([kind, names]) => names!.map((name) => ({ kind: kind as DocumentKind | null, name }))),
  ...ANY_KIND.map((name) => ({ kind: null, name })),
]
/** Determiners that make a document someone's: "his report" points back to who. */
const OWNERS = new Set(['his', 'her', 'its', 'their'])
const NAME = `(the|this|that|these|${[...OWNERS].join('|')})\\s+(${NAMES.map((n) => n.name)
  .sort((a, b) => b.length - a.length)
  .map((n) => n.replace(/ /g, '\\s+'))
  .join('|')})s?`
/** Verbs that say a source is being quoted: "the slides say", "what did the article report". */
const SAYING = 'say|says|said|state|states|stated|mention|mentions|mentioned|claim|claims|suggest|suggests|report|reports|recommend|recommends|argue|argues|conclude|concludes'
/**
 * A source named as where the answer is: "according to the slides", "in the press release",
 * "the article says", "what did the article say". Elsewhere the same words are the topic:
 * "Was the presentation clear?".
 */
const FRAMING = new RegExp(`\\b(?:(?:according\\s+to|in|from)\\s+${NAME}\\b|${NAME}\\s+(?:${SAYING})\\b)`, 'gi')

export interface SourceMentions {
  /** Kinds of document the question names as its source. */
  kinds: DocumentKind[]
  /** The question with the framing taken out, for analysis. */
  rest: string
}

export function sourceMentions(question: string): SourceMentions {
  const kinds = new Set<DocumentKind>()
  const rest = question.replace(FRAMING, (match: string, ownerBefore?: string, before?: string, ownerAfter?: string, after?: string) => {
    const said = (before ?? after ?? '').toLowerCase().replace(/\s+/g, ' ')
    const found = NAMES.find((n) => n.name === said)
    // "his report" is someone's: the question points back to who, so it stays.
    if (found && !found.kind && OWNERS.has((ownerBefore ?? ownerAfter ?? '').toLowerCase())) return match
    if (found?.kind) kinds.add(found.kind)
    return ' '
  })
  return { kinds: [...kinds], rest }
}
