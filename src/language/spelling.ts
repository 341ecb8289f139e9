// Corrects a question word the corpus does not use to corpus words a typo away.
import damerauLevenshtein from 'damerau-levenshtein'
import { distance } from 'fastest-levenshtein'

export interface Correction {
  word: string
  distance: number
}

/** Edits allowed for a word of this length: none under 4 letters, 1 up to 6, 2 from 7 ("safegaurding"). */
const maxEdits = (length: number) => (length < 4 ? 0 : length < 7 ? 1 : 2)

/**
 * A corpus's words grouped by length, so a look-up reads only the lengths within reach, each
 * with the set of letters it holds as a bit mask (a–z, and one bit for anything else).
 */
export type WordsByLength = ReadonlyMap<number, readonly (readonly [word: string, count: number, letters: number])[]>

export function byLength(vocabulary: ReadonlyMap<string, number>): WordsByLength {
  const out = new Map<number, [string, number, number][]>()
  for (const [w, count] of vocabulary) {
    const group = out.get(w.length)
    if (group) group.push([w, count, letterMask(w)])
    else out.set(w.length, [[w, count, letterMask(w)]])
  }
  return out
}

function letterMask(w: string): number {
  let m = 0
  for (let i = 0; i < w.length; i++) {
    const c = w.charCodeAt(i) - 97
    m |= c >= 0 && c < 26 ? 1 << c : 1 << 26
  }
  return m
}

function bitCount(x: number): number {
  let n = 0
  for (; x; x &= x - 1) n++
  return n
}

/**
 * The corpus words nearest to `word` within the edits its length allows, nearest first and
 * commonest first among equals. Only words whose length is within reach are compared.
 */
export function corrections(word: string, groups: WordsByLength, limit = 2): Correction[] {
  const max = maxEdits(word.length)
  if (max === 0 || /\d/.test(word)) return []
  const found: (Correction & { count: number })[] = []
  const letters = letterMask(word)
  for (let len = word.length - max; len <= word.length + max; len++) {
    for (const [w, count, mask] of groups.get(len) ?? []) {
      // An edit adds or removes at most two letters from the set: a cheap test before the distance.
      if (bitCount(letters ^ mask) > 2 * max) continue
      let d = distance(word, w)
      // Two letters swapped, the commonest typo, is one edit, not Levenshtein's two ("lenght" →
      // length). Recounted only for the few two or more edits away: fastest-levenshtein is quicker.
      if (d >= 2 && d <= max + 1) d = damerauLevenshtein(word, w).steps
      if (d > 0 && d <= max) found.push({ word: w, distance: d, count })
    }
  }
  return found
    .sort((a, b) => a.distance - b.distance || b.count - a.count)
    .slice(0, limit)
    .map(({ word: w, distance: d }) => ({ word: w, distance: d }))
}

/** Words that frame a question, as people mistype them: "Wht did ...", "hwo many". */
const FRAMING_WORDS = ['what', 'which', 'who', 'when', 'where', 'why', 'how', 'does', 'did', 'about', 'the', 'that', 'this', 'there', 'their', 'they', 'with', 'from', 'have', 'should', 'would', 'could', 'were', 'was', 'said', 'say', 'for', 'and', 'are', 'many', 'much']

/**
 * The word that frames a question that a word is a typo of: one edit away, with its first
 * letter or its first two swapped. For words neither English nor the corpus knows, which would
 * otherwise count as a topic the documents lack ("Wht did Laming say ..." was not found).
 */
export function mistypedFramingWord(word: string, next = ''): string | null {
  if (word.length < 3) return null
  const near = FRAMING_WORDS.filter(
    (f) => Math.abs(f.length - word.length) <= 1 && (f[0] === word[0] || (f[0] === word[1] && f[1] === word[0])) && damerauLevenshtein(word, f).steps === 1,
  )
  // "hwo" is as near "how" as "who": "hwo many" is "how many".
  return near.length > 1 && HOW_FOLLOWED_BY.test(next) && near.includes('how') ? 'how' : (near[0] ?? null)
}
const HOW_FOLLOWED_BY = /^(many|much|long|often|old|far|soon)$/i

/**
 * A closed compound the corpus writes as two words: "caseloads" → case + loads, "taskforce" →
 * task + force. Both halves must be corpus words of three letters or more; the split whose
 * rarer half is commonest wins.
 */
export function splitCompound(word: string, vocabulary: ReadonlyMap<string, number>): [string, string] | null {
  let best: [string, string] | null = null
  let bestCount = 0
  for (let i = 3; i <= word.length - 3; i++) {
    const [a, b] = [word.slice(0, i), word.slice(i)]
    const count = Math.min(vocabulary.get(a) ?? 0, vocabulary.get(b) ?? 0)
    if (count > bestCount) [best, bestCount] = [[a, b], count]
  }
  return best
}

