// The page and the widget stop typing where the server stops accepting.
import { describe, expect, it } from 'vitest'
import { DEFAULT_CONFIG } from '../../src/config.js'
import { MAX_QUESTION_CHARS } from '../../web/src/api.js'

describe("the browser's question limit", () => {
  it("is the server's", () => {
    expect(MAX_QUESTION_CHARS).toBe(DEFAULT_CONFIG.maxQuestionChars)
  })
})
