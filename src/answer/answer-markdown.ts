// An answer as Markdown: its quoted sentences, each escaped and cited, under the label its status
// calls for; and the messages that say why nothing is quoted.
import type { AnswerStatus } from './answerability.js'
import type { AnswerSentence } from './ask.js'

const NOT_FOUND = 'I could not find an answer to this in these documents; the nearest passages are listed with it.'
const UNCERTAIN = 'These passages may answer your question, but I am not sure:'
// No example question: these documents may be anyone's.
const NO_TERMS = 'Your question has no words to search for; ask about a topic these documents cover.'
/** Words are read in the Latin alphabet (terms.ts folds accents to it); a question in another script has none. */
const NO_LATIN_WORDS = 'Your question has no words in the Latin alphabet, which is all this assistant searches by; ask in English (or another language written in Latin letters).'
export const NO_MATCH = 'None of the words in your question appear in these documents. Try other words for the same thing, or ask about a topic they cover.'

/** Why nothing is quoted, as far as the question shows: no words to search, none the documents use, or no answer among them. */
export function notFoundText(question: string, hasTerms: boolean, anyInDocuments: boolean): string {
  if (!hasTerms) return /\p{L}/u.test(question) && !/\p{Script=Latin}/u.test(question) ? NO_LATIN_WORDS : NO_TERMS
  return anyInDocuments ? NOT_FOUND : NO_MATCH
}

export const pageLabel = ([first, last]: readonly [number, number]): string => (first === last ? `p. ${first}` : `pp. ${first}–${last}`)

/** "[2]", or "[2, p. 37]" for a sentence on a PDF's page. */
export const citation = (s: AnswerSentence): string => `[${s.sources.join('][')}${s.page === undefined ? '' : `, p. ${s.page}`}]`

/** A web address, without the punctuation that may follow it. */
const WEB_ADDRESS = /(\bhttps?:\/\/[^\s<>"]*[^\s<>"?!.,:;*_~'()\[\]])/

/**
 * Escape what Markdown or HTML would read as markup, so a quoted sentence renders as itself:
 * inline markup anywhere; a heading, list or quote marker only where a line starts ("- item",
 * "2008. Then"), so "London - was" stays as it is for a client that prints the Markdown.
 */
export function escapeMarkdown(text: string): string {
  // A web address is an autolink, "<https://…>", inside which Markdown reads no escapes or
  // markup: escaped, "&" had become "&amp;amp;" in the link and "_" a backslash; bare, its "[b](…)"
  // could be read as a link of its own. Trailing punctuation is not part of it, as in GFM.
  return text
    .split(WEB_ADDRESS)
    .map((part, i) => (i % 2 ? `<${part}>` : part.replace(/[\\`*_\[\]|~<>&]/g, (c) => (c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '&' ? '&amp;' : `\\${c}`))))
    .join('')
    .replace(/(^|\n)([ \t]*)(?:([#+-])|(\d+)([.)]))/g, (_, start: string, indent: string, marker?: string, digits?: string, stop?: string) =>
      marker ? `${start}${indent}\\${marker}` : `${start}${indent}${digits}\\${stop}`,
    )
}

/** The quotes, each with its citation, after the "not sure" label when uncertain; `notFound` when nothing is quoted. */
export function answerMarkdown(status: AnswerStatus, sentences: readonly AnswerSentence[], notFound: string): string {
  const quoted = sentences.map((s) => `${escapeMarkdown(s.text)} ${citation(s)}`).join(' ')
  return status === 'answered' ? quoted : status === 'uncertain' ? `${UNCERTAIN} ${quoted}` : notFound
}
