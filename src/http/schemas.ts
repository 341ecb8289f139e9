// The API's contract: these zod schemas validate requests and, through @hono/zod-openapi,
// become the OpenAPI document served at /openapi.json and the MCP tools' schemas.
import { z } from '@hono/zod-openapi'
import type { AppConfig } from '../config.js'
import { MAX_ANALYSED_CHARS } from '../language/question.js'

const EXAMPLE_QUESTION = 'What did Laming say about court fees?'

/** What a bad /ask request is told, in one place for the schemas and the OpenAPI examples. */
export const askErrors = (cfg: Pick<AppConfig, 'maxQuestionChars' | 'maxHistory'>) => ({
  missingQuestion: 'Missing "question": send {"question": "your question"}.',
  questionNotString: '"question" must be a string: send {"question": "your question"}.',
  emptyQuestion: 'The question is empty; ask something about the documents.',
  questionTooLong: `The question is longer than ${cfg.maxQuestionChars} characters; shorten it.`,
  historyNotArray: '"history" must be an array of earlier questions (strings), oldest first.',
  historyNotStrings: '"history" must hold earlier questions as strings.',
  historyEntryTooLong: `Each "history" entry must be at most ${cfg.maxQuestionChars} characters.`,
  historyTooLong: `"history" may hold at most ${cfg.maxHistory} earlier questions.`,
  bodyNotObject: 'The body must be a JSON object such as {"question": "..."}.',
  missingQ: 'Missing "q": use GET /ask?q=your+question.',
  qTwice: 'Give "q" once: GET /ask?q=your+question.',
})

/** What the API says of a question's length: what it accepts, and what of it is searched. */
const questionLength = (cfg: AppConfig) =>
  `The question, at most ${cfg.maxQuestionChars} characters${cfg.maxQuestionChars > MAX_ANALYSED_CHARS ? `; the words of its first ${MAX_ANALYSED_CHARS} are searched` : ''}.`

function questionSchema(cfg: AppConfig, missing: string, notString: string) {
  const errors = askErrors(cfg)
  return z
    .string({ error: (issue) => (issue.input === undefined ? missing : notString) })
    // Invisible format characters (zero-width spaces from pasted text) are no more a question than spaces are.
    .overwrite((q) => q.replace(/\p{Cf}/gu, ''))
    .trim()
    .min(1, errors.emptyQuestion)
    .max(cfg.maxQuestionChars, errors.questionTooLong)
}

/** The fields of an /ask body, shared by POST /ask and the MCP `ask` tool. */
export function askFields(cfg: AppConfig) {
  const errors = askErrors(cfg)
  return {
    question: questionSchema(cfg, errors.missingQuestion, errors.questionNotString).meta({
      description: questionLength(cfg),
      example: EXAMPLE_QUESTION,
    }),
    history: z
      .array(
        z.string({ error: errors.historyNotStrings }).max(cfg.maxQuestionChars, errors.historyEntryTooLong),
        { error: errors.historyNotArray },
      )
      .max(cfg.maxHistory, errors.historyTooLong)
      .optional()
      .meta({
        description: `Earlier questions in this conversation, oldest first (at most ${cfg.maxHistory}). Used only when the question refers back, e.g. "and the police?".`,
        example: ['What did Laming say about training?'],
      }),
  }
}

export const unknownFields = (keys: readonly string[], takes = 'the body takes') =>
  `Unknown field${keys.length > 1 ? 's' : ''} ${keys.map((k) => JSON.stringify(k)).join(', ')}: ${takes} "question" and, for a follow-up, "history".`

/** The ask tool's arguments (MCP), as strict as POST /ask's body. */
export function askArguments(cfg: AppConfig) {
  return z.strictObject(askFields(cfg), {
    error: (issue) => (issue.code === 'unrecognized_keys' ? unknownFields(issue.keys, 'the ask tool takes') : 'The arguments must be an object such as {"question": "..."}.'),
  })
}

/**
 * A field the API does not know is an error, not ignored: a misspelt "histroy" would otherwise
 * answer a follow-up as a question of its own, with no hint why.
 */
export function askBodySchema(cfg: AppConfig) {
  return z
    .strictObject(askFields(cfg), {
      error: (issue) =>
        issue.code === 'unrecognized_keys'
          ? unknownFields(issue.keys)
          : askErrors(cfg).bodyNotObject,
    })
    .openapi('AskRequest')
}

export function askQuerySchema(cfg: AppConfig) {
  return z.object({
    q: questionSchema(cfg, askErrors(cfg).missingQ, askErrors(cfg).qTwice).openapi({
      param: { name: 'q', in: 'query' },
      description: questionLength(cfg),
      example: EXAMPLE_QUESTION,
    }),
  })
}

/** The first problem, as a sentence a person can act on. */
export function firstIssue(error: z.ZodError): string {
  return error.issues[0]?.message ?? 'The request is not valid.'
}

// Responses. Descriptions say what a client may rely on; the server's types must fit them
// (the route handlers are type-checked against these schemas).

export const ErrorSchema = z
  .object({
    error: z.string().meta({ description: 'What went wrong and what to change, as a sentence for a person.' }),
    requestId: z.string().optional().meta({ description: 'On a 500: the id of the request in the server log, to report.' }),
  })
  .openapi('Error')

export const AnswerStatusSchema = z.enum(['answered', 'uncertain', 'not_found']).openapi('AnswerStatus').meta({
  description:
    '`answered`: the quoted sentences answer the question, with confidence. `uncertain`: they may answer it, so each source listed is quoted by its best sentence too, unless that repeats a sentence already quoted; the markdown opens with "These passages may answer your question, but I am not sure:". `not_found`: the documents do not seem to say; nothing is quoted.',
  example: 'answered',
})

export const SourceSchema = z
  .object({
    n: z.number().int().meta({ description: 'What the answer cites as [n]; sources are in rank order from 1.', example: 1 }),
    docId: z.string().meta({ description: 'The document, as GET /documents/{id} serves it.', example: '004_c70c0011b1986d2f' }),
    passageId: z.string(),
    title: z.string().meta({ example: 'IMPLEMENTING LAMING – A CONTRIBUTION' }),
    kind: z.string().meta({ description: 'What sort of document it is, e.g. report, press release, article, slides, recommendations.', example: 'article' }),
    section: z.string().nullable().meta({ description: 'The heading the passage sits under, if any.', example: 'The Governments response (8)' }),
    text: z.string().meta({ description: 'The passage, verbatim. Every answer sentence citing it is an exact substring.' }),
    start: z.number().int().meta({ description: 'Offset of the passage in the document text GET /documents/{id} serves.', example: 6827 }),
    end: z.number().int().meta({ description: 'End offset (exclusive) in the same text.', example: 7084 }),
    score: z.number().meta({
      description:
        'The re-ranking score the sources are ordered by: comparable only within one answer, and not a probability (see `confidence`). A passage of a kind of document the question names ("according to the slides") counts twice, so it may exceed 1.',
      example: 0.903,
    }),
    highlights: z.array(z.tuple([z.number().int(), z.number().int()])).meta({ description: 'The quoted sentences, as [start, end) offsets inside `text`.', example: [[52, 102]] }),
    pages: z.tuple([z.number().int(), z.number().int()]).optional().meta({ description: 'PDF only: the first and last page of the passage, counted from 1 in the file.', example: [37, 38] }),
    pageLabel: z.string().optional().meta({ description: 'PDF only: the pages as a citation says them.', example: 'pp. 37–38' }),
  })
  .openapi('Source')

export const AskResponseSchema = z
  .object({
    question: z.string().meta({ example: EXAMPLE_QUESTION }),
    status: AnswerStatusSchema,
    answered: z.boolean().meta({ description: 'True only when `status` is `answered`.' }),
    answer: z.object({
      markdown: z.string().meta({
        description: 'The answer: quoted sentences each followed by [n] citations, or one sentence saying why there is none.',
        example: 'The Ministry of Justice should appoint an independent person to undertake a review of the impact of court fees in the coming months. [1]',
      }),
      sentences: z
        .array(z.object({ text: z.string(), sources: z.array(z.number().int()), page: z.number().int().optional().meta({ description: 'PDF only: the page the sentence starts on.' }) }))
        .meta({ description: 'The quoted sentences, verbatim, with the `n` of the sources they cite.' }),
    }),
    sources: z.array(SourceSchema).meta({ description: 'Passages in rank order; with `not_found`, the nearest ones (none when no word of the question is in the documents).' }),
    confidence: z.number().meta({
      description:
        "The answerability model's estimate that the quoted sentences answer the question. `status` follows it, except that some answers are held at `uncertain` whatever the model says: a question pointing back with nothing to point to (\"who chairs it?\" with no `history`) or whose own words no quoted sentence holds; one whose nouns the quotes reach only through WordNet; one asking how many or when whose quotes give no number or time. Their confidence is then reported just below the answered threshold.",
      example: 0.913,
    }),
    features: z.record(z.string(), z.number()).meta({ description: 'What `confidence` was computed from; names may change between versions.' }),
    followUp: z.boolean().meta({ description: 'Whether `history` was used.' }),
    retrieval: z.enum(['hybrid', 'lexical']),
    timings: z.object({
      totalMs: z.number().meta({ description: 'Time to answer, in milliseconds.' }),
      embedMs: z.number().meta({ description: "Of that, embedding the question with the model (0 when retrieval is lexical)." }),
    }),
  })
  .openapi('AskResponse')

export const DocumentSummarySchema = z
  .object({
    id: z.string().meta({ example: '004_c70c0011b1986d2f' }),
    title: z.string(),
    kind: z.string(),
    file: z.string().meta({ description: 'The source file the document was ingested from.' }),
    passages: z.number().int().meta({ description: 'How many passages the document was split into.' }),
  })
  .openapi('DocumentSummary')

const SentenceSpanSchema = z.object({ start: z.number().int(), end: z.number().int(), origStart: z.number().int(), origEnd: z.number().int() })

export const DocumentSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.string(),
    file: z.string(),
    text: z.string().meta({ description: 'The cleaned text that every offset points into.' }),
    pageStarts: z.array(z.number().int()).optional().meta({ description: 'PDF only: the offset in `text` where each page starts.' }),
    passages: z.array(
      z.object({
        id: z.string(),
        section: z.string().nullable(),
        unit: z.string().meta({ description: 'What the passage is made of: paragraph, list, slide or recommendation.' }),
        start: z.number().int(),
        end: z.number().int(),
        origStart: z.number().int().meta({ description: 'Span in the original file that the passage was cleaned from.' }),
        origEnd: z.number().int(),
        pages: z.tuple([z.number().int(), z.number().int()]).optional().meta({ description: 'PDF only: the first and last page of the passage.' }),
        sentences: z.array(SentenceSpanSchema),
      }),
    ),
  })
  .openapi('Document')

export const HealthSchema = z
  .object({
    status: z.literal('ok'),
    index: z.object({
      loaded: z.boolean(),
      createdAt: z.string(),
      documents: z.number().int(),
      passages: z.number().int(),
      sentences: z.number().int(),
      embeddingModel: z.string().nullable(),
      newerOnDisk: z
        .string()
        .optional()
        .meta({ description: 'When the index folder now holds a newer index than the one served (an ingest since start-up): its creation time. Restart the server to serve it.' }),
    }),
    retrieval: z.enum(['hybrid', 'lexical']),
    queryEmbedder: z.string().nullable(),
    allowedOrigins: z.number().int().meta({ description: 'How many widget origins are allowed (not which).' }),
    answerCache: z
      .object({ entries: z.number().int(), maxEntries: z.number().int(), hits: z.number().int(), misses: z.number().int() })
      .meta({ description: 'The answer cache: answers kept, its bound, and how often a question was answered from it.' }),
    limits: z
      .object({ rateLimitPerMinute: z.number().int().meta({ description: 'API requests per client per minute; 0 is no limit.' }), apiKeysRequired: z.boolean() })
      .meta({ description: 'The limits in effect.' }),
  })
  .openapi('Health')
