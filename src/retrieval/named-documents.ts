// A question often names the document it asks about ("under the GPL", "what does the Apache
// licence say about patents?"), and that document seldom repeats its own name in the passage
// that answers. Such a name counts as a heading over every passage of the documents it names.
import type { PassageTerms, SearchIndex } from '../index/search-index.js'
import type { Query } from './query.js'
import { terms } from './terms.js'

/** The documents each name term names: the terms of titles and file names, and the initials of titles' capitalised runs. */
const namesByIndex = new WeakMap<ReadonlyMap<string, unknown>, Map<string, Set<string>>>()

function documentNames(index: Pick<SearchIndex, 'documents'>): Map<string, Set<string>> {
  let names = namesByIndex.get(index.documents)
  if (names) return names
  names = new Map()
  for (const doc of index.documents.values()) {
    const file = doc.file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '')
    for (const t of new Set([...terms(doc.title), ...terms(file.replace(/[-_.]+/g, ' ')), ...initialisms(doc.title)])) {
      const docs = names.get(t) ?? new Set<string>()
      docs.add(doc.id)
      names.set(t, docs)
    }
  }
  namesByIndex.set(index.documents, names)
  return names
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

/** A name in more than this share of passages is a topic too ("Children's Services"), not only a document's name. */
const MAX_PASSAGE_SHARE = 0.08

/**
 * The documents a question names by a name (a proper noun or a word written in capitals) that
 * at most a third of the documents share, and few passages use: "Laming", in four titles of
 * five, names none of them.
 */
export function namedDocuments(index: Pick<SearchIndex, 'documents' | 'bm25'>, query: Query): NamedDocuments {
  const out: NamedDocuments = { documents: new Set(), terms: new Set() }
  const count = index.documents.size
  if (count < 2) return out
  const names = documentNames(index)
  // Written in capitals ("GPL", "CC0"), or capitalised after the first word ("the Artistic License").
  // A follow-up that points back (its text then holds the question before it) names what that question named.
  const capitals = new Set((query.text.match(/(?<![\p{L}\p{N}])[\p{Lu}\d]*\p{Lu}[\p{Lu}\d]+(?![\p{L}\p{N}])|(?<=\S\s+)\p{Lu}[\p{Ll}’']+(?![\p{L}\p{N}])/gu) ?? []).map((w) => w.toLowerCase()))
  for (const c of query.concepts) {
    if (!(c.isName || capitals.has(c.word)) || /^\d+$/.test(c.word)) continue
    // A version written onto a name ("GPLv3") names what the name names.
    const name = [c.forms[0], c.forms[0].replace(/(?<=\p{L})v?\d+$/u, '')].find((t) => names.has(t))
    const docs = name === undefined ? undefined : names.get(name)
    if (!name || !docs || docs.size > Math.max(1, Math.floor(count / 3)) || index.bm25.documentFrequency(name) > MAX_PASSAGE_SHARE * index.bm25.count) continue
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
