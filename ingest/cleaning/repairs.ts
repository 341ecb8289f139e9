import type { MappedText } from '../formats/mapped-text.js'

// Repairs of extraction damage, each applied only where the intended character is certain.

/** "?19.15" → "£19.15": a lone "?" opening a price can only be a lost pound sign. */
export const poundBeforePrice = (t: MappedText) => t.replace(/(?<![\p{L}\p{N}?])\?(?=\d[\d,]*(\.\d+)?m?\b)/gu, () => '£')

/** "Chapter 1 ? Progress" → "Chapter 1 – Progress": a "?" between a part number and its title is a dash. */
export const dashAfterPartNumber = (t: MappedText) =>
  t.replace(/(?<=\b(?:Chapter|Part|Section|Appendix|Annex) \d{1,3} )\?(?= \p{Lu})/gu, () => '–')

/**
 * "Climbi?" → "Climbié" when the corpus spells the word exactly one way with a non-ASCII
 * letter in that place, and the "?" cannot be a question mark (a letter, comma or
 * lower-case word follows it).
 */
export function lostLetters(t: MappedText, vocabulary: ReadonlySet<string>): MappedText {
  return t.replace(/(\p{L}+)\?(\p{L}*)(?=[,;:)]|\s+\p{Ll}|$)|(\p{L}+)\?(\p{L}+)/gu, (m) => {
    const before = m[1] ?? m[3]
    const after = m[2] ?? m[4] ?? ''
    const fits = new Set<string>()
    for (const word of vocabulary) {
      if (word.length === before.length + 1 + after.length && word.startsWith(before) && word.endsWith(after)) {
        fits.add(word[before.length])
      }
    }
    return fits.size === 1 ? `${before}${[...fits][0]}${after}` : m[0]
  })
}

/** Words with a non-ASCII letter, the candidates for repairing lost characters. */
export function accentedVocabulary(texts: readonly string[]): Set<string> {
  const words = new Set<string>()
  for (const text of texts) for (const m of text.matchAll(/\p{L}*[^\x00-\x7F\s\p{P}\p{S}\p{N}]\p{L}*/gu)) words.add(m[0])
  return words
}

/** "children3 were" → "children were" for footnote numbers whose notes were dropped; "1.2" is a section number. */
export function footnoteMarkers(t: MappedText, numbers: ReadonlySet<number>): MappedText {
  if (numbers.size === 0) return t
  return t.replace(/(?<!\d\.)(?<=[\p{Ll})'"`.])\d{1,3}(?=[\s,.;:)]|$)/gu, (m) => (numbers.has(Number(m[0])) ? '' : m[0]))
}

export const collapseSpaces = (t: MappedText) => t.replace(/\s{2,}|[\t\n\r\f\v\u00a0]/g, () => ' ').trim()

/**
 * Whether a word broken at a line's end ("profes-" / "sional") is one word: yes when the text
 * writes it closed elsewhere, no when it writes it with the hyphen on one line ("child-centred"),
 * else yes, as most hyphens at a line's end in print are the typesetter's.
 */
export function dehyphenator(text: string): (head: string, tail: string) => boolean {
  const closed = new Set(text.toLowerCase().match(/\p{L}+/gu))
  const hyphenated = new Set(text.toLowerCase().match(/\p{L}+-\p{L}+/gu))
  return (head, tail) => {
    const [h, t] = [head.toLowerCase(), tail.toLowerCase()]
    return closed.has(h + t) || !hyphenated.has(`${h}-${t}`)
  }
}
