import { z } from 'zod'
import type { AppConfig } from '../config.js'

function questionSchema(cfg: AppConfig, missing: string, notString: string) {
  return z
    .string({ required_error: missing, invalid_type_error: notString })
    .trim()
    .min(1, 'The question is empty; ask something about the documents.')
    .max(cfg.maxQuestionChars, `The question is longer than ${cfg.maxQuestionChars} characters; shorten it.`)
}

export function askBodySchema(cfg: AppConfig) {
  return z.object(
    {
      question: questionSchema(cfg, 'Missing "question": send {"question": "your question"}.', '"question" must be a string, e.g. {"question": "What did Laming say about court fees?"}.'),
      history: z
        .array(
          z
            .string({ invalid_type_error: '"history" must hold earlier questions as strings.' })
            .max(cfg.maxQuestionChars, `Each "history" entry must be at most ${cfg.maxQuestionChars} characters.`),
          { invalid_type_error: '"history" must be an array of earlier questions (strings), oldest first.' },
        )
        .max(cfg.maxHistory, `"history" may hold at most ${cfg.maxHistory} earlier questions.`)
        .optional(),
    },
    { invalid_type_error: 'The body must be a JSON object such as {"question": "..."}.' },
  )
}

export function askQuerySchema(cfg: AppConfig) {
  return z.object({ q: questionSchema(cfg, 'Missing "q": use GET /ask?q=your+question.', 'Give "q" once: GET /ask?q=your+question.') })
}

/** The first problem, as a sentence a person can act on. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The request is not valid.'
}
