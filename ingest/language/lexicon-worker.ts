// Builds a lexicon in a worker thread (see buildLexiconOffThread): reading all of WordNet holds a
// thread for 7-20 s, and on the CLI's main thread Ctrl-C went unheard until the new index had
// been written.
import { buildLexicon } from './build-lexicon.js'
import type { LexiconData } from '../../src/language/lexicon.js'

export default function build(corpus: { vocabulary: string[]; pairs: string[] }): LexiconData {
  return buildLexicon({ vocabulary: new Set(corpus.vocabulary), pairs: new Set(corpus.pairs) })
}
