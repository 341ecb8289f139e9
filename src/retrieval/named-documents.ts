// A question often names the document it asks about ("under the GPL", "what does the Apache
// licence say about patents?"), and that document seldom repeats its own name in the passage
// that answers. Such a name counts as a heading over every passage of the documents it names.
import type { DocumentRecord } from '../index/corpus.js'
import type { PassageTerms, SearchIndex } from '../index/search-index.js'
import type { Lexicon } from '../language/lexicon.js'
import type { Bm25 } from '../index/bm25.js'
import type { Query } from './query.js'
import { terms, words } from '../language/terms.js'
import { initialsOf } from '../language/question.js'

/** A document name's documents. */
export interface DocumentName {
  documents: string[]
  /** The whole of a file's name that English does not know ("pino" for pino.md): a name however a question writes it. */
  fileWord: boolean
}

/** Name term → what it names; only names that pass the checks of documentNameTable. */
export type NameTable = ReadonlyMap<string, DocumentName>

/**
 * A name is a document's when most passages that use it are in the documents it names ("pino" in
 * pino's README, "GPL" in the GPL), and at least twice the share those documents hold of all
 * passages: a word the other documents use as well ("Children's Services", "England"), or a
 * word of a document that holds most passages anyway ("Recommendations"), is a topic too.
 */
const MIN_CONCENTRATION = 0.8
const MIN_LIFT = 2
/** A title ending used together by more than this share of passages is a topic (the licences' "public license", the most used name, is in 11%). */
const MAX_ENDING_SHARE = 0.2

/**
 * The corpus's document names: terms of each title and file name, and initials of each title's
 * capitalised runs, that at most a third of the documents share (one, below six) and that pass
 * the checks above; each file name of several words, as one key of its words; and each title's
 * last two words, as one key (endingKey). Computed from the whole corpus: in memory when first
 * needed, and for a store read per question (D1) into its pack, so both give the same answers.
 */
export function documentNameTable(
  documents: Iterable<Pick<DocumentRecord, 'id' | 'title' | 'file'>>,
  docOfPassage: readonly string[],
  bm25: Pick<Bm25, 'passagesWith'>,
  lexicon: Pick<Lexicon, 'knows'>,
): NameTable {
  const docs = [...documents]
  const table = new Map<string, DocumentName>()
  if (docs.length < 2) return table
  const candidates = new Map<string, DocumentName>()
  for (const doc of docs) {
    const base = doc.file.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]+$/i, '').replace(/[-_.]+/g, ' ')
    const fileTerms = terms(base)
    const fileWord = fileTerms.length === 1 && !lexicon.knows(words(base)) ? fileTerms[0] : null
    // A name of several words joined as the file joins them ("wink-nlp", "proper-lockfile") names it written so.
    if (fileTerms.length > 1) table.set(compoundKey(words(base)), { documents: [doc.id], fileWord: true })
    for (const t of new Set([...terms(doc.title), ...fileTerms, ...initialisms(doc.title)])) {
      const name = candidates.get(t) ?? { documents: [], fileWord: false }
      name.documents.push(doc.id)
      name.fileWord ||= t === fileWord
      candidates.set(t, name)
    }
  }
  const passagesIn = new Map<string, number>()
  for (const d of docOfPassage) passagesIn.set(d, (passagesIn.get(d) ?? 0) + 1)
  const most = Math.max(1, Math.floor(docs.length / 3))
  /** Whether the passages that use a name are mostly in the documents it names (see MIN_CONCENTRATION). */
  const concentrated = (documents: readonly string[], using: ArrayLike<number>) => {
    if (using.length === 0) return true
    const named = new Set(documents)
    let inside = 0
    for (let i = 0; i < using.length; i++) if (named.has(docOfPassage[using[i]])) inside++
    const share = documents.reduce((n, d) => n + (passagesIn.get(d) ?? 0), 0) / Math.max(1, docOfPassage.length)
    return inside >= MIN_CONCENTRATION * using.length && inside >= MIN_LIFT * share * using.length
  }
  for (const [t, name] of candidates) {
    if (name.documents.length > most) continue
    if (concentrated(name.documents, bm25.passagesWith(t) ?? [])) table.set(t, name)
  }
  // A title's last two words ("the remote working guidelines"), unless passages of every document,
  // or more than MAX_ENDING_SHARE of all passages, use both: "child protection" ends the press
  // release's title but is the corpus's topic (in 31% of its passages, and 27% beside a reviewer's
  // HR policies). Not the checks above: a report's name ("progress report") is what the documents
  // about it repeat.
  const endings = new Map<string, { pair: [string, string]; documents: string[] }>()
  for (const doc of docs) {
    const ts = titleTerms(doc.title)
    if (ts.length < 2) continue
    const pair: [string, string] = [ts[ts.length - 2], ts[ts.length - 1]]
    const key = endingKey(...pair)
    endings.set(key, { pair, documents: [...(endings.get(key)?.documents ?? []), doc.id] })
  }
  for (const [key, { pair, documents }] of endings) {
    if (documents.length > most) continue
    const [a, b] = pair.map((t) => new Set(bm25.passagesWith(t) ?? []))
    const both = [...a].filter((p) => b.has(p))
    const topic = new Set(both.map((p) => docOfPassage[p])).size === docs.length || both.length > MAX_ENDING_SHARE * docOfPassage.length
    if (!topic) table.set(key, { documents, fileWord: false })
  }
  return table
}

/** A title's last two terms as a name-table key, marked by ">", which no term holds. */
const endingKey = (first: string, second: string) => `>${first} ${second}`

/** A title's word terms. Words only: a version or year ("2.0", "2009") is what a question asks about as often as a name. */
const titleTerms = (title: string) => terms(title).filter((t) => !/\d/.test(t))

/** A file name's words as one key: a space never stands inside a term, so it cannot meet one. */
const compoundKey = (ws: readonly string[]) => ws.join(' ')

/** Each in-memory index's table, computed when a question first needs it. */
const tables = new WeakMap<object, NameTable>()

type Named = Pick<SearchIndex, 'documents' | 'passages' | 'bm25' | 'lexicon' | 'documentNames'>

function nameTableOf(index: Named): NameTable {
  if (index.documentNames) return index.documentNames
  let table = tables.get(index.documents)
  if (!table) tables.set(index.documents, (table = documentNameTable(index.documents.values(), index.passages.map((p) => p.docId), index.bm25, index.lexicon)))
  return table
}

/** Most words in a run of capitalised title words read for initials: a headline is not a name. */
const MAX_RUN = 6

/** What a title's capitalised runs may be shortened to: "GNU General Public License" → ggpl, gpl, ggp…; "Mozilla Public License Version" → mpl, mplv, plv. */
function initialisms(title: string): string[] {
  const out: string[] = []
  for (const m of title.matchAll(/\b\p{Lu}[\p{L}’']*(?:\s+\p{Lu}[\p{L}’']*)+/gu)) {
    const ws = m[0].split(/\s+/)
    if (ws.length > MAX_RUN) continue
    const initials = initialsOf(ws)
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
 * The documents a question names by a name of theirs (documentNameTable) that it writes as a
 * proper noun, in capitals ("GPL", "CC0"), capitalised mid-question ("the Artistic License"), or
 * that is a file's one-word name ("pino") or its name of several words joined as the file joins
 * them ("wink-nlp"; "node server" names nothing). A follow-up that names no document keeps what the
 * question before it named; "and what about hono?" after a question on pino names only hono.
 */
export function namedDocuments(index: Named, query: Query, question: string = query.text): NamedDocuments {
  const out: NamedDocuments = { documents: new Set(), terms: new Set() }
  if (index.documents.size < 2) return out
  const table = nameTableOf(index)
  // How the question writes its words, and (query.text) how the question before a follow-up does:
  // a question's own word is a name only as the question writes it.
  const written = { own: writtenAs(question, table), all: writtenAs(query.text, table) }
  const name = (c: Query['concepts'][number]) => {
    if (/^\d+$/.test(c.word)) return undefined
    const as = c.fromHistory ? written.all : written.own
    // A version written onto a name ("GPLv3") names what the name names.
    const term = [c.forms[0], c.forms[0].replace(/(?<=\p{L})v?\d+$/u, '')].find((t) => table.has(t))
    const found = term === undefined ? undefined : table.get(term)
    if (found && (c.isName || as.capitals.has(c.word) || found.fileWord)) return found
    return as.joined.get(c.forms[0])
  }
  const titles = titlesOf(index)
  // The question's own names first; a follow-up that names none keeps the question before it's.
  for (const fromHistory of [false, true]) {
    if (out.terms.size) break
    const concepts = query.concepts.filter((c) => c.fromHistory === fromHistory)
    for (const c of concepts) {
      const found = name(c)
      if (!found) continue
      for (const d of found.documents) out.documents.add(d)
      out.terms.add(c.forms[0])
    }
    // Else a title's last two words written in a row, in any case ("the remote working guidelines",
    // "the on-call handbook"), name it: not where a name says which ("the Mozilla Public License"
    // is not the GNU General Public License).
    if (out.documents.size === 0)
      concepts.forEach((c, i) => {
        const named = i > 0 ? table.get(endingKey(concepts[i - 1].forms[0], c.forms[0])) : undefined
        if (!named) return
        for (const d of named.documents) out.documents.add(d)
        out.terms.add(concepts[i - 1].forms[0]).add(c.forms[0])
      })
    // The other words of a named document's title are its name too ("Expenses" in "the Expenses
    // Policy", though other documents speak of expenses): not a topic its passages must repeat.
    for (const c of concepts) if ([...out.documents].some((d) => titles.get(d)?.has(c.forms[0]))) out.terms.add(c.forms[0])
  }
  return out
}

/**
 * Words a text writes in capitals ("GPL", "CC0") or capitalised after its first word ("the
 * Artistic License"); and the words of a file's name of several words it writes joined as the
 * file does ("wink-nlp"), each naming that file.
 */
function writtenAs(text: string, table: NameTable): { capitals: Set<string>; joined: Map<string, DocumentName> } {
  const capitals = new Set((text.match(/(?<![\p{L}\p{N}])[\p{Lu}\d]*\p{Lu}[\p{Lu}\d]+(?![\p{L}\p{N}])|(?<=\S\s+)\p{Lu}[\p{Ll}’']+(?![\p{L}\p{N}])/gu) ?? []).map((w) => w.toLowerCase()))
  const joined = new Map<string, DocumentName>()
  for (const m of text.matchAll(/[\p{L}\p{N}]+(?:[-_.][\p{L}\p{N}]+)+/gu)) {
    const ws = words(m[0].replace(/[-_.]/g, ' '))
    const found = table.get(compoundKey(ws))
    if (found) for (const t of terms(ws.join(' '))) joined.set(t, found)
  }
  return { capitals, joined }
}

/** Each document's title terms, worked out once per index from its documents (a store's pack has them too). */
const titleTables = new WeakMap<object, Map<string, Set<string>>>()

function titlesOf(index: Pick<Named, 'documents'>): Map<string, Set<string>> {
  let titles = titleTables.get(index.documents)
  if (titles) return titles
  titles = new Map([...index.documents.values()].map((doc) => [doc.id, new Set(titleTerms(doc.title))]))
  titleTables.set(index.documents, titles)
  return titles
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
