/** "1 passage", "124 passages": counts in what the command line prints. */
export const countNoun = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`
