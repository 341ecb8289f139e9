// Questions that say where the answer should come from: "according to the slides", "what did
// the press notice say about …". The words name a document, not the topic, so they are not
// searched for; passages of a document of that kind are preferred instead.
import type { DocumentKind } from '../index/corpus.js'

/**
 * How askers name each kind of document (the kinds ingest detects). "Report" and
 * "recommendations" are left out: every document here is about the report and its
 * recommendations, so those words say what a question is about rather than where to look.
 */
const KIND_NAMES: Partial<Record<DocumentKind, readonly string[]>> = {
  'press release': ['press release', 'press notice', 'press statement', 'news release'],
  article: ['article', 'newspaper article', 'newspaper', 'news story', 'news article'],
  slides: ['slides', 'slide deck', 'slideshow', 'presentation', 'powerpoint'],
}

const NAMES = Object.entries(KIND_NAMES).flatMap(([kind, names]) => names!.map((name) => ({ kind: kind as DocumentKind, name })))
/**
 * "the slides", "this press notice": a determiner, then a kind's name (longest names first), as
 * a whole word, and not "the presentation of evidence", where the word is the topic.
 */
const MENTION = new RegExp(
  `\\b(?:the|this|that|these|his|its)\\s+(${NAMES.map((n) => n.name)
    .sort((a, b) => b.length - a.length)
    .map((n) => n.replace(/ /g, '\\s+'))
    .join('|')})s?\\b(?!\\s+of\\b)`,
  'gi',
)

export interface SourceMentions {
  /** Kinds of document the question names. */
  kinds: DocumentKind[]
  /** The question with the mentions taken out, for analysis. */
  rest: string
}

export function sourceMentions(question: string): SourceMentions {
  const kinds = new Set<DocumentKind>()
  const rest = question.replace(MENTION, (_, name: string) => {
    const said = name.toLowerCase().replace(/\s+/g, ' ')
    const found = NAMES.find((n) => n.name === said || `${n.name}s` === said)
    if (found) kinds.add(found.kind)
    return ' '
  })
  return { kinds: [...kinds], rest }
}
