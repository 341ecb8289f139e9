/** "1 passage", "124 passages": a count with its noun, for what people read. */
export const countNoun = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
