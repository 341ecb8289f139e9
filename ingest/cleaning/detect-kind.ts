import type { DocumentKind } from '../../src/index/corpus.js'

const count = (text: string, re: RegExp) => text.match(re)?.length ?? 0

/** A slide number: a line holding only a number, with a bullet within the next three lines. */
export function isSlideMarker(lines: readonly string[], i: number): boolean {
  return /^\s*\d{1,3}\s*$/.test(lines[i]) && lines.slice(i + 1, i + 4).some((l) => /^\s*[•▪]/.test(l))
}

const countSlideMarkers = (lines: readonly string[]) => lines.filter((_, i) => isSlideMarker(lines, i)).length

/**
 * Kind from content signals alone; the file name plays no part. A format that says what it is
 * (a web page is an article, a PDF a report) keeps that kind unless another scores `minScore`.
 */
export function detectKind(text: string, { fallback = 'report', minScore = 0 }: { fallback?: DocumentKind; minScore?: number } = {}): DocumentKind {
  const lines = text.split('\n')
  const prose = lines.filter((l) => l.trim().split(/\s+/).length >= 8)
  const directive = prose.filter((l) => /\b(should|must)\b/.test(l)).length
  const scores: Record<DocumentKind, number> = {
    slides: countSlideMarkers(lines) >= 3 ? 10 : 0,
    recommendations:
      (prose.length >= 5 && directive / prose.length >= 0.6 ? 6 : 0) +
      Math.min(3, count(text, /\brecommendations?\b/gi)),
    'press release': 3 * count(text, /press (notice|release)|editor'?s notes|notes to editors|contact details|newswire/gi),
    article: 3 * count(text, /click to follow|\bsaid today\b/gi) + Math.min(6, count(text, /\b(he|she) said\b/gi)),
    report: (/\bISBN\b/.test(text) ? 4 : 0) + Math.min(6, count(text, /\bchapter \d+\b/gi)) + (text.length > 30_000 ? 3 : 0),
  }
  let best: DocumentKind = 'report'
  for (const kind of Object.keys(scores) as DocumentKind[]) if (scores[kind] > scores[best]) best = kind
  return scores[best] >= minScore ? best : fallback
}
