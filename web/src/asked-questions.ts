// The questions of a conversation, as the page and the widget send them with the next one.

/** Earlier questions sent with a new one: enough for a follow-up to lean on. */
const HISTORY_SENT = 4

export class AskedQuestions {
  private readonly asked: string[] = []

  /** Records a question; returns the earlier ones it is sent with, taken now so it follows on from the one before. */
  add(question: string): string[] {
    const earlier = this.asked.slice(-HISTORY_SENT)
    this.asked.push(question)
    return earlier
  }

  /** A question that got no answer is not followed on from. */
  drop(question: string): void {
    const i = this.asked.lastIndexOf(question)
    if (i >= 0) this.asked.splice(i, 1)
  }

  clear(): void {
    this.asked.length = 0
  }

  get count(): number {
    return this.asked.length
  }
}
