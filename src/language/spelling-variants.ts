// American and British spellings of the same word ("organization" / "organisation", "center" /
// "centre", "program" / "programme"): an asker writes one, the documents the other. The pairs are
// the american-british-english-translator package's lists (1,700 words each way, MIT), rather than
// suffix rules, which misfire ("prize" is not "prise").
import americanToBritish from 'american-british-english-translator/data/american_spellings.json' with { type: 'json' }
import britishToAmerican from 'american-british-english-translator/data/british_spellings.json' with { type: 'json' }

const VARIANTS: Readonly<Record<string, string>> = { ...britishToAmerican, ...americanToBritish }

/** The word in the other spelling, lower-case, or null when it is spelt the same in both. */
export function otherSpelling(word: string): string | null {
  return Object.hasOwn(VARIANTS, word) ? VARIANTS[word] : null
}
