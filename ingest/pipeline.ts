import { createHash } from 'node:crypto'
import { basename, resolve } from 'node:path'
import { INDEX_FORMAT_VERSION, type Corpus, type DocumentRecord, type IndexFiles, type Manifest, type PassageRecord } from '../src/index/corpus.js'
import type { Embedder } from '../src/embedder.js'
import { loadTransformersEmbedder, ModelUnavailableError } from '../src/embedders/transformers.js'
import { readIndexFiles } from '../src/node/read-index.js'
import { cleanAll } from './cleaning/clean-pool.js'
import { InputError, readSources, type SourceFile } from './formats/read-sources.js'
import type { SourceFormat } from './cleaning/clean.js'
import { accentedVocabulary } from './cleaning/repairs.js'
import { buildLexiconOffThread, cachedLexicon, corpusTermsOf, lexiconBuildId, lexiconIsCurrent, type CorpusTerms } from './language/build-lexicon.js'
import { writeIndex } from './store/write-index.js'

/** Bump when cleaning or passage rules change, so every document is processed again. */
export const PIPELINE_VERSION = 16
export const EMBED_BATCH = 16

export interface Progress {
  /** `unit` names what is counted, in the singular: passage unless said. */
  start(total: number, label: string, unit?: string): void
  tick(n: number): void
  stop(): void
}

export interface IngestOptions {
  source: string
  out: string
  model: string
  modelDir?: string
  lexicalOnly?: boolean
  /**
   * The user named the model (--model, --model-dir). Then a model that cannot be loaded stops
   * ingest, and an up-to-date index is re-embedded if it lacks that model. Otherwise a missing
   * default model gives a lexical-only index, and is not retried while nothing else changed.
   */
  modelRequested?: boolean
  log?: (line: string) => void
  progress?: Progress
  /** Worker threads that clean documents when there are many or they are large (the CLI uses one per core); none (the default) cleans in this thread. */
  threads?: number
  /** Passages from which an embedded index also gets a nearest-neighbour graph (default ANN_FROM, 20,000). */
  annFrom?: number
}

export interface IngestResult {
  status: 'written' | 'unchanged'
  manifest: Manifest
  processed: string[]
  reused: string[]
  removed: string[]
  ms: number
  /** Whether this run already logged why embeddings are off, so the summary need not say it again. */
  saidEmbeddingsOff?: boolean
}

const NOTHING_TO_INDEX: Record<SourceFormat, string> = {
  text: 'has no sentences to index; give it some text',
  markdown: 'has no text to index (only markup, front matter or images); give it some paragraphs',
  html: 'has no readable text (only scripts, styles or page furniture); save the page as it shows in a browser, or its main text',
  pdf: 'has no text to index; if it is a scan, run it through OCR (e.g. ocrmypdf) first',
}

const nothingToIndex = (source: SourceFile) => `${source.file}: ${NOTHING_TO_INDEX[source.format]}`

const sha = (s: string) => createHash('sha256').update(s).digest('hex')

const corpusTermsOfPassages = (passages: readonly PassageRecord[]): CorpusTerms => corpusTermsOf(passages.flatMap((p) => [p.text, p.section ?? '']))

/** What a lexicon is built from: the builder (code, options, WordNet) and the corpus's terms and adjacent pairs. */
const lexiconKeyOf = (build: string, corpus: CorpusTerms) => sha(`${build}\n${[...corpus.vocabulary].sort().join('\n')}\n\n${[...corpus.pairs].sort().join('\n')}`)

export async function ingest(opts: IngestOptions): Promise<IngestResult> {
  const t0 = performance.now()
  const log = opts.log ?? (() => {})
  // With worker threads (the CLI), WordNet is read in one, as documents are cleaned: this thread stays free to hear Ctrl-C.
  const lexiconFor = (terms: CorpusTerms, key: string) => cachedLexicon(terms, key, log, (opts.threads ?? 0) > 0 ? buildLexiconOffThread : undefined)
  let previous: IndexFiles | null = null
  try {
    previous = readIndexFiles(opts.out)
    if (previous && previous.manifest.formatVersion !== INDEX_FORMAT_VERSION) previous = null
  } catch {
    log(`The index in ${opts.out} could not be read; building a new one.`)
  }
  const prevFiles = previous?.manifest.files ?? {}
  const prevDocs = new Map(previous?.corpus.documents.map((d) => [d.file, d]))
  // Grouped once: filtering all passages per document is quadratic in a large library.
  const prevPassages = new Map<string, PassageRecord[]>()
  for (const p of previous?.corpus.passages ?? []) {
    const list = prevPassages.get(p.docId)
    if (list) list.push(p)
    else prevPassages.set(p.docId, [p])
  }
  // An unchanged PDF's text and layout come from the index, not from extracting it again.
  const known = (file: string, sha256: string) => {
    const f = prevFiles[file]
    const doc = prevDocs.get(file)
    return f?.pdf && f.sha256 === sha256 && doc ? { text: doc.original, pdf: f.pdf } : undefined
  }
  const { sources, problems } = await readSources(opts.source, { known, log })
  const vocabulary = accentedVocabulary(sources.map((s) => s.text))
  // Files that cannot be read stop the ingest; the new or changed readable ones are cleaned first,
  // so one round names every file to fix, those with nothing to index too.
  if (problems.length) {
    const changed = sources.filter((s) => prevFiles[s.file]?.sha256 !== s.sha256)
    const cleaned = await cleanAll(changed, vocabulary, opts.threads ?? 0, opts.progress)
    throw new InputError([...problems, ...changed.flatMap((s, i) => (cleaned[i].passages.length ? [] : [nothingToIndex(s)]))])
  }
  const vocabSig = sha([...vocabulary].sort().join('\n'))
  const cacheKey = (s: SourceFile) => sha(`${PIPELINE_VERSION}\n${vocabSig}\n${s.sha256}`)

  const prevEmbedding = previous?.manifest.embedding?.model ?? null
  const sameFiles =
    previous !== null &&
    Object.keys(prevFiles).length === sources.length &&
    sources.every((s) => prevFiles[s.file]?.cacheKey === cacheKey(s))
  const wanted = opts.lexicalOnly ? null : opts.modelDir ? basename(resolve(opts.modelDir)) : opts.model
  // Same files, but a changed lexicon builder (its code, options or WordNet) still needs a new
  // lexicon. An index from before manifests named the builder is checked by its lexicon's key.
  const lexiconBuild = lexiconBuildId()
  // Stemming every passage is costly in a large library: done at most once, and only when needed.
  let previousTerms: CorpusTerms | undefined
  const termsOfPrevious = (prev: IndexFiles) => (previousTerms ??= corpusTermsOfPassages(prev.corpus.passages))
  const sameLexicon =
    previous !== null &&
    (lexiconIsCurrent(previous.manifest) ?? previous.manifest.lexiconKey === lexiconKeyOf(lexiconBuild, termsOfPrevious(previous)))
  const unchanged = (manifest: Manifest): IngestResult => ({
    status: 'unchanged',
    manifest,
    processed: [],
    reused: sources.map((s) => s.file),
    removed: [],
    ms: performance.now() - t0,
  })
  const sameEmbedding = prevEmbedding === wanted || (prevEmbedding === null && previous?.manifest.embeddingUnavailable === wanted && !opts.modelRequested)
  if (previous && sameFiles && sameEmbedding) {
    if (sameLexicon && previous.manifest.pipelineVersion === PIPELINE_VERSION) return unchanged(previous.manifest)
    // Only the lexicon is rebuilt (and the manifest says which reading the documents had: their
    // cache keys show it was this one). The model is not loaded, so a hybrid index keeps its
    // vectors even where the model can no longer be loaded.
    const corpusTerms = termsOfPrevious(previous)
    const lexiconKey = lexiconKeyOf(lexiconBuild, corpusTerms)
    const manifest: Manifest = { ...previous.manifest, lexiconKey, lexiconBuild, pipelineVersion: PIPELINE_VERSION, createdAt: new Date().toISOString() }
    const vectors = new Map(previous.vectors.map((v) => [v.id, v.vector]))
    await writeIndex(opts.out, manifest, previous.corpus, vectors, await lexiconFor(corpusTerms, lexiconKey), opts.annFrom, log)
    return { ...unchanged(manifest), status: 'written' }
  }

  let embedder: Embedder | null = null
  let saidEmbeddingsOff = false
  if (!opts.lexicalOnly) {
    try {
      embedder = await loadTransformersEmbedder({ model: opts.model, modelDir: opts.modelDir })
    } catch (e) {
      if (!(e instanceof ModelUnavailableError) || opts.modelRequested) throw e
      log(
        `Embeddings off: ${e.message}. Writing a lexical-only index. To embed, pass --model-dir DIR or set LAMING_MODEL_DIR to a local model folder.`,
      )
      saidEmbeddingsOff = true
    }
  }
  // Unchanged only if the manifest already names the model that could not be loaded: another
  // default that failed, or none asked for, is written so the summary and /health say what is true.
  const unavailable = embedder || !wanted ? undefined : wanted
  if (previous && sameFiles && sameLexicon && embedder === null && prevEmbedding === null && previous.manifest.embeddingUnavailable === unavailable) {
    return { ...unchanged(previous.manifest), saidEmbeddingsOff }
  }

  const sameModel = (embedder?.model ?? null) === prevEmbedding
  const prevVectors = new Map(previous?.vectors.map((v) => [v.id, v.vector]))
  const documents: DocumentRecord[] = []
  const passages: PassageRecord[] = []
  const processed: string[] = []
  const reused: string[] = []
  const files: Manifest['files'] = {}
  const vectors = new Map<string, number[]>()
  const toEmbed: PassageRecord[] = []
  const empty: string[] = []

  const isReused = (s: SourceFile) => {
    const before = prevDocs.get(s.file)
    return before !== undefined && prevFiles[s.file]?.cacheKey === cacheKey(s)
  }
  const toClean = sources.filter((s) => !isReused(s))
  const cleanedBy = new Map(toClean.map((s, i) => [s, i]))
  const cleanedAll = await cleanAll(toClean, vocabulary, opts.threads ?? 0, opts.progress)

  for (const source of sources) {
    const key = cacheKey(source)
    const before = prevDocs.get(source.file)
    let docPassages: PassageRecord[]
    let reusedNow = false
    if (before && isReused(source)) {
      documents.push(before)
      docPassages = prevPassages.get(before.id) ?? []
      reused.push(source.file)
      reusedNow = true
    } else {
      const cleaned = cleanedAll[cleanedBy.get(source)!]
      documents.push({
        id: source.id,
        file: source.file,
        title: cleaned.title,
        kind: cleaned.kind,
        sha256: source.sha256,
        original: source.text,
        text: cleaned.text,
        ...(cleaned.pageStarts ? { pageStarts: cleaned.pageStarts } : {}),
      })
      docPassages = cleaned.passages
      if (docPassages.length === 0) empty.push(nothingToIndex(source))
      processed.push(source.file)
    }
    for (const p of docPassages) passages.push(p)
    files[source.file] = { docId: source.id, sha256: source.sha256, cacheKey: key, passages: docPassages.length, ...(source.pdf ? { pdf: source.pdf } : {}) }
    for (const p of docPassages) {
      const old = prevVectors.get(p.id)
      if (embedder && sameModel && reusedNow && old && old.length) vectors.set(p.id, old)
      else if (embedder) toEmbed.push(p)
    }
  }

  if (empty.length) throw new InputError(empty)

  let dims = 0
  if (embedder && toEmbed.length) {
    opts.progress?.start(toEmbed.length, `Embedding with ${embedder.model}`)
    for (let i = 0; i < toEmbed.length; i += EMBED_BATCH) {
      const batch = toEmbed.slice(i, i + EMBED_BATCH)
      const out = await embedder.embed(batch.map(embeddingText), 'passage')
      batch.forEach((p, k) => vectors.set(p.id, out[k]))
      opts.progress?.tick(batch.length)
    }
    opts.progress?.stop()
  }
  for (const v of vectors.values()) dims = v.length

  const corpus: Corpus = { documents, passages }
  const corpusTerms = corpusTermsOfPassages(passages)
  const lexiconKey = lexiconKeyOf(lexiconBuild, corpusTerms)
  let lexicon = previous?.manifest.lexiconKey === lexiconKey ? previous.lexicon : undefined
  lexicon ??= await lexiconFor(corpusTerms, lexiconKey)
  const manifest: Manifest = {
    lexiconKey,
    lexiconBuild,
    pipelineVersion: PIPELINE_VERSION,
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: new Date().toISOString(),
    embedding: embedder ? { model: embedder.model, dims } : null,
    ...(unavailable ? { embeddingUnavailable: unavailable } : {}),
    counts: { documents: documents.length, passages: passages.length, sentences: passages.reduce((n, p) => n + p.sentences.length, 0) },
    files,
  }
  await writeIndex(opts.out, manifest, corpus, vectors, lexicon, opts.annFrom, log)
  const removed = Object.keys(prevFiles).filter((f) => !files[f])
  return { status: 'written', manifest, processed, reused, removed, ms: performance.now() - t0, saidEmbeddingsOff }
}

/** Section headings carry meaning the passage text may not repeat. */
function embeddingText(p: PassageRecord): string {
  return p.section ? `${p.section}\n${p.text}` : p.text
}
