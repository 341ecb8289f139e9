/** "passage" or "passages", as a count of `n` needs. */
export const nounFor = (n: number, noun: string): string => `${noun}${n === 1 ? '' : 's'}`

/** "1 passage", "124 passages": a count with its noun, for what people read. */
export const countNoun = (n: number, noun: string): string => `${n} ${nounFor(n, noun)}`
