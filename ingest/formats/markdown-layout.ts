import { decodeHTML } from 'entities'
import { Lexer, marked, type Token, type Tokens, type TokensList } from 'marked'
import { htmlToText } from './html-to-text.js'
import { LineBuilder, type Layout } from './layout.js'
import { MappedText } from './mapped-text.js'

// Markdown read with marked's lexer. Each token carries its raw source; finding each token's raw
// inside its parent's gives every visible character its offset in the file, with the markup
// (#, **, [](url), list markers) left out of the text. A list item or block quote is lexed from
// its text without markers and indentation ("> ", "  "), so its tokens are placed in that text,
// which `lineSuffixes` maps back to the file line by line.

/** YAML front matter: skipped, though its title is used. */
const FRONT_MATTER = /^---\n([\s\S]*?)\n(?:---|\.\.\.)\n/

type Inline = Token & { tokens?: Token[]; text?: string }

/** Each token with the file offset of its raw text, found in turn inside its parent's raw text (at `at`). */
function* placed(tokens: readonly Token[], raw: string, at: number): Generator<[Inline, number]> {
  let cursor = 0
  for (const t of tokens as Inline[]) {
    // marked trims a nested block's trailing spaces ("-  item \n" inside "1.  -  item \n" has raw
    // "-  item\n"), so look for the raw as given, then trimmed, then its first line.
    let found = -1
    let length = 0
    for (const needle of [t.raw, t.raw.trimEnd(), t.raw.split('\n')[0].trimEnd()]) {
      if (!needle) continue
      found = raw.indexOf(needle, cursor)
      length = needle.length
      if (found >= 0) break
    }
    if (found >= 0) cursor = found + length
    yield [t, at + (found < 0 ? cursor : found)]
  }
}

/**
 * `text` (a container's content as marked lexes it) mapped into `raw` (its source, mapped to the
 * file), when each line of `text` ends its line of `raw`: marked removes only what opens a line,
 * a quote's "> " or an item's indentation. Null when it does more (tabs widened), and then the
 * container is placed as a whole, as before.
 */
function lineSuffixes(raw: MappedText, text: string): MappedText | null {
  const rawLines = raw.text.split('\n')
  const textLines = text.split('\n')
  if (textLines.length > rawLines.length) return null
  const parts: MappedText[] = []
  let from = 0
  for (let i = 0; i < textLines.length; i++) {
    const line = rawLines[i]
    if (!line.endsWith(textLines[i])) return null
    const end = from + line.length
    if (i > 0) parts.push(raw.slice(from - 1, from))
    parts.push(raw.slice(end - textLines[i].length, end))
    from = end + 1
  }
  return MappedText.concat(parts)
}

/** GitHub's alert line opening a block quote ("> [!NOTE]"): a label for its box, not text. */
const ALERT = /^\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*(?:\n|$)/i

export function markdownLayout(source: string): Layout {
  const b = new LineBuilder()
  let title: string | null = null
  let titleLine: number | null = null
  const front = FRONT_MATTER.exec(source)
  if (front) title = /^title:\s*["']?(.+?)["']?\s*$/m.exec(front[1])?.[1] ?? null
  const bodyAt = front ? front[0].length : 0
  // What offsets index: the file, or the text of the list item or quote being read.
  /** The file's link reference definitions, for text lexed again on its own. */
  let links: TokensList['links'] = {}
  let doc = MappedText.of(source)
  const inside = (view: MappedText, read: () => void) => {
    const outer = doc
    doc = view
    read()
    doc = outer
  }
  /** A span of `doc` as file offsets; an empty span sits where the text at `from` starts. */
  const fileSpan = (from: number, to: number): [number, number] => {
    const start = doc.starts[from] ?? doc.ends[doc.length - 1] ?? 0
    return [start, to > from ? (doc.ends[to - 1] ?? start) : start]
  }
  /** Text parsed on its own from `doc` at `at`, placed in the file. */
  const throughDoc = (t: MappedText, at: number) =>
    new MappedText(t.text, t.starts.map((from) => fileSpan(at + from, at + from)[0]), t.ends.map((to, i) => fileSpan(at + t.starts[i], at + to)[1]))

  /** Visible text of inline tokens whose raw text starts at `at` in the file. */
  const inline = (tokens: readonly Token[], raw: string, at: number) => {
    for (const [t, pos] of placed(tokens, raw, at)) {
      switch (t.type) {
        case 'strong': case 'em': case 'del': case 'link':
          inline(t.tokens ?? [], t.raw, pos)
          break
        case 'text': case 'escape': case 'codespan': {
          if (t.tokens?.length) inline(t.tokens, t.raw, pos)
          else leaf(t.text ?? t.raw, t.raw, pos)
          break
        }
        case 'br':
          b.filler(' ')
          break
        default:
          // images, inline HTML, footnote references: no words of the text
          break
      }
    }
  }
  // An entity ("&amp;") reads as its character, mapped to the whole entity.
  const leaf = (text: string, raw: string, at: number) => {
    const k = raw.indexOf(text)
    const t = k >= 0 ? doc.slice(at + k, at + k + text.length) : MappedText.replacement(text, ...fileSpan(at, at + raw.length))
    b.text(t.replace(/&(?:#\d{1,7}|#x[\da-f]{1,6}|[a-z][a-z\d]{1,31});/gi, (m) => decodeHTML(m[0])))
  }

  const blocks = (tokens: readonly Token[], raw: string, at: number) => {
    for (const [t, pos] of placed(tokens, raw, at)) {
      switch (t.type) {
        case 'heading': {
          const h = t as Tokens.Heading
          b.end()
          inline(h.tokens, h.raw, pos)
          const before = b.lines.length
          b.end(true)
          if (h.depth === 1 && titleLine === null && b.lines.length > before) {
            titleLine = before
            title ??= b.lines[before].text
          }
          break
        }
        case 'paragraph':
          b.end()
          inline(t.tokens ?? [], t.raw, pos)
          b.end()
          break
        case 'text': {
          // A tight item's text has its lines' indentation taken off, which its raw keeps.
          const view = t.tokens?.length && t.text !== undefined && t.text !== t.raw ? lineSuffixes(doc.slice(pos, pos + t.raw.length), t.text) : null
          if (view) inside(view, () => inline(t.tokens!, t.text!, 0))
          else if (t.tokens?.length) inline(t.tokens, t.raw, pos)
          else leaf(t.text ?? '', t.raw, pos)
          break
        }
        case 'list':
          for (const item of (t as Tokens.List).items) {
            const i = t.raw.indexOf(item.raw)
            const at = i < 0 ? pos : pos + i
            const view = lineSuffixes(doc.slice(at, at + item.raw.length), item.text)
            b.end()
            b.bullet()
            if (view) inside(view, () => blocks(item.tokens, item.text, 0))
            else blocks(item.tokens, item.raw, at)
            b.end()
          }
          break
        case 'blockquote': {
          const q = t as Tokens.Blockquote
          const view = lineSuffixes(doc.slice(pos, pos + q.raw.length), q.text)
          const alert = ALERT.exec(q.text)
          if (view && alert) {
            const body = view.slice(alert[0].length)
            // Lexed again without its label, with the file's link definitions ("[the docs][d]").
            const lexer = new Lexer({ gfm: true })
            Object.assign(lexer.tokens.links, links)
            inside(body, () => blocks(lexer.lex(body.text), body.text, 0))
          } else if (view) inside(view, () => blocks(q.tokens, q.text, 0))
          else blocks(q.tokens, q.raw, pos)
          break
        }
        case 'code':
          b.end()
          leaf((t as Tokens.Code).text, t.raw, pos)
          b.end(false, true)
          break
        case 'table': {
          const table = t as Tokens.Table
          for (const row of [table.header, ...table.rows]) {
            b.end()
            for (const cell of row) {
              const c = t.raw.indexOf(cell.text)
              inline(cell.tokens, cell.text, c < 0 ? pos : pos + c)
              b.filler(' ')
            }
            b.end()
          }
          break
        }
        case 'html':
          b.end()
          htmlLines(t.raw, pos)
          break
        default:
          // space, hr, def: nothing to read
          break
      }
    }
  }
  const htmlLines = (raw: string, at: number) => {
    const text = throughDoc(htmlToText(raw), at)
    let from = 0
    for (let i = 0; i <= text.length; i++) {
      if (i === text.length || text.text[i] === '\n') {
        b.text(text.slice(from, i))
        b.end()
        from = i + 1
      }
    }
  }

  const body = source.slice(bodyAt)
  const tokens: TokensList = marked.lexer(body, { gfm: true })
  links = tokens.links
  blocks(tokens, body, bodyAt)
  b.end()
  return { lines: b.lines, headings: b.headings, code: b.code, title, titleLine }
}
