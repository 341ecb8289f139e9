// A question often names the document it asks about ("under the GPL", "what does the Apache
// licence say about patents?"), and that document seldom repeats its own name in the passage
// that answers. Such a name counts as a heading over every passage of the documents it names.
import type { PassageTerms, SearchIndex } from '../index/search-index.js'
import type { Query } from './query.js'
import { terms } from './terms.js'

/** The documents each name term names: the terms of titles and file names, and the initials of titles' capitalised runs. */
const namesByIndex = new WeakMap<ReadonlyMap<string, unknown>, DocumentNames>()

interface DocumentNames {
  /** Name term → the documents it names. */
  names: Map<string, Set<string>>
  /** Files named by one word ("pino.md", "leave.txt"): that word is a name however a question writes it. */
  fileWords: Set<string>
}

function documentNames(index: Pick<SearchIndex, 'documents'>): DocumentNames {
  const known = namesByIndex.get(index.documents)
  if (known) return known
  const out: DocumentNames = { names: new Map(), fileWords: new Set() }
  for (const doc of index.documents.values()) {
    const fileTerms = terms(doc.file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '').replace(/[-_.]+/g, ' '))
    if (fileTerms.length === 1) out.fileWords.add(fileTerms[0])
    for (const t of new Set([...terms(doc.title), ...fileTerms, ...initialisms(doc.title)])) {
      const docs = out.names.get(t) ?? new Set<string>()
      docs.add(doc.id)
      out.names.set(t, docs)
    }
  }
  namesByIndex.set(index.documents, out)
  return out
}

/** Most words in a run of capitalised title words read for initials: a headline is not a name. */
const MAX_RUN = 6

/** What a title's capitalised runs may be shortened to: "GNU General Public License" → ggpl, gpl, ggp…; "Mozilla Public License Version" → mpl, mplv, plv. */
function initialisms(title: string): string[] {
  const out: string[] = []
  for (const m of title.matchAll(/\b\p{Lu}[\p{L}’']*(?:\s+\p{Lu}[\p{L}’']*)+/gu)) {
    const ws = m[0].split(/\s+/)
    if (ws.length > MAX_RUN) continue
    const initials = ws.map((w) => w[0].toLowerCase()).join('')
    for (let len = 3; len <= 4; len++) for (let i = 0; i + len <= initials.length; i++) out.push(initials.slice(i, i + len))
  }
  return out
}

export interface NamedDocuments {
  documents: Set<string>
  /** The question's terms that name them. */
  terms: Set<string>
}

/**
 * A name is a document's when most passages that use it are in that document: "pino" in pino's
 * README. One the other documents use as well ("Children's Services") is a topic too.
 */
const MIN_CONCENTRATION = 0.8
/** Where the index cannot tell which documents use a term (a store read per question), a name in more than this share of passages is taken for a topic. */
const MAX_PASSAGE_SHARE = 0.08

/** Whether a term is used mostly inside these documents (or not at all), so that it names them rather than a topic. */
function namesOnly(index: Pick<SearchIndex, 'bm25' | 'passages' | 'store'>, term: string, docs: ReadonlySet<string>): boolean {
  const using = index.store ? null : index.bm25.passagesWith(term)
  if (index.store) return index.bm25.documentFrequency(term) <= MAX_PASSAGE_SHARE * index.bm25.count
  if (!using) return true
  let inside = 0
  for (const p of using) if (docs.has(index.passages[p].docId)) inside++
  return inside >= MIN_CONCENTRATION * using.length
}

/**
 * The documents a question names by a name (a proper noun, a word written in capitals or
 * capitalised mid-question, or a file's one-word name) that at most a third of the documents
 * share, and that the other documents hardly use: "Laming", in four titles of five, and
 * "Children's Services", used everywhere, name none of them.
 */
export function namedDocuments(index: Pick<SearchIndex, 'documents' | 'bm25' | 'passages' | 'store'>, query: Query): NamedDocuments {
  const out: NamedDocuments = { documents: new Set(), terms: new Set() }
  const count = index.documents.size
  if (count < 2) return out
  const { names, fileWords } = documentNames(index)
  // Written in capitals ("GPL", "CC0"), or capitalised after the first word ("the Artistic License").
  // A follow-up that points back (its text then holds the question before it) names what that question named.
  const capitals = new Set((query.text.match(/(?<![\p{L}\p{N}])[\p{Lu}\d]*\p{Lu}[\p{Lu}\d]+(?![\p{L}\p{N}])|(?<=\S\s+)\p{Lu}[\p{Ll}’']+(?![\p{L}\p{N}])/gu) ?? []).map((w) => w.toLowerCase()))
  for (const c of query.concepts) {
    if (!(c.isName || capitals.has(c.word) || fileWords.has(c.forms[0])) || /^\d+$/.test(c.word)) continue
    // A version written onto a name ("GPLv3") names what the name names.
    const name = [c.forms[0], c.forms[0].replace(/(?<=\p{L})v?\d+$/u, '')].find((t) => names.has(t))
    const docs = name === undefined ? undefined : names.get(name)
    if (!name || !docs || docs.size > Math.max(1, Math.floor(count / 3)) || !namesOnly(index, name, docs)) continue
    for (const d of docs) out.documents.add(d)
    out.terms.add(c.forms[0])
  }
  return out
}

/** The index as one question reads it: each named document's passages have its naming terms in their heading. */
export function withDocumentNames(index: SearchIndex, named: NamedDocuments): SearchIndex {
  if (named.documents.size === 0) return index
  const seen = new Map<number, PassageTerms>()
  return {
    ...index,
    termsOf: (i) => {
      let t = seen.get(i)
      if (t) return t
      t = index.termsOf(i)
      if (named.documents.has(index.passages[i].docId)) t = { ...t, all: new Set([...t.all, ...named.terms]), section: new Set([...t.section, ...named.terms]) }
      seen.set(i, t)
      return t
    },
  }
}
