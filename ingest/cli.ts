import { existsSync, realpathSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path'
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import { DEFAULT_MODEL } from '../src/embedder.js'
import { ModelUnavailableError } from '../src/embedders/transformers.js'
import { DEFAULT_INDEX_DIR, indexExists, readManifest } from '../src/node/read-index.js'
import { lexiconIsCurrent } from './language/build-lexicon.js'
import { FolderLockedError, lockIndexFolder, recoverIndexFolder } from './store/index-folder.js'
import { whenParentsExit } from '../src/node/parent-watch.js'
import { ingest, PIPELINE_VERSION, type Progress } from './pipeline.js'
import { InputError, listFiles, MAX_FILE_BYTES, MAX_PDF_OR_WORD_BYTES, SUPPORTED_EXTENSIONS } from './formats/read-sources.js'
import { countNoun, nounFor } from '../src/language/count-noun.js'

/**
 * How to tell ingest where the documents of a folder named by LAMING_INDEX_DIR are. The folder
 * is named too: a command copied without the variable set would otherwise write data/index.
 */
const nameTheSource = (out: string) =>
  `  npm run ingest -- --source YOUR_FOLDER --out ${shellArg(out)}\nor set LAMING_SOURCE_DIR=YOUR_FOLDER with LAMING_INDEX_DIR=${shellArg(out)} (LAMING_SOURCE_DIR=seeds for the Laming documents)`

/** The documents of the index in `out` (how many), and those of them not in `source`: those an ingest from it would remove. */
function documentsNotIn(out: string, source: string): { missing: string[]; indexed: number } {
  let indexed: string[]
  try {
    indexed = Object.keys(readManifest(out)?.files ?? {})
  } catch {
    return { missing: [], indexed: 0 }
  }
  if (!indexed.length || !existsSync(source)) return { missing: [], indexed: indexed.length }
  const present = new Set(listFiles(source).map((f) => relative(source, f).split('\\').join('/')))
  return { missing: indexed.filter((f) => !present.has(f)), indexed: indexed.length }
}

/** Removals of fewer documents than this are an ordinary update, however small the index. */
const MIN_GUARDED_REMOVAL = 2

/** "a, b, c and 4 more": the first `n` of a list, for a message. */
const firstFew = (items: readonly string[], n: number) => items.slice(0, n).join(', ') + (items.length > n ? ` and ${items.length - n} more` : '')

/** Whether `path` is `folder` or inside it, symbolic links followed ("..idx" is a name inside, not a way out). */
function isInside(path: string, folder: string): boolean {
  const real = (p: string) => {
    // A path that does not exist yet: its nearest existing parent, followed, then the rest.
    const missing: string[] = []
    let at = resolve(p)
    while (!existsSync(at) && dirname(at) !== at) {
      missing.unshift(basename(at))
      at = dirname(at)
    }
    return join(realpathSync(at), ...missing)
  }
  const rel = relative(real(folder), real(path))
  return rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel))
}

/** A path as a shell reads it back: quoted when it holds spaces or other special characters, so a printed command can be copied. */
const shellArg = (s: string) => (/^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`)

const USAGE = `Usage: npm run ingest -- [options]

  --source DIR     documents to index (default: seeds/, or LAMING_SOURCE_DIR); ${SUPPORTED_EXTENSIONS.join(' ')} files, ${MAX_FILE_BYTES / 1024 / 1024} MiB each at most (PDF and Word ${MAX_PDF_OR_WORD_BYTES / 1024 / 1024} MiB)
  --out DIR        where the index goes (default: ${DEFAULT_INDEX_DIR}, or LAMING_INDEX_DIR)
  --model ID       embedding model to download (default: ${DEFAULT_MODEL}, or LAMING_MODEL)
  --model-dir DIR  a local model folder instead (or LAMING_MODEL_DIR)
  --lexical        skip embeddings; write a lexical-only index
  --allow-removal  go ahead when the source folder lacks more than half of the
                   documents indexed, and at least two (they are removed)
  --if-missing     do nothing when an index already exists (npm start); when the
                   folder was named by LAMING_INDEX_DIR, build it only from a named
                   source (--source or LAMING_SOURCE_DIR), never from the seeds
  -h, --help       this text`

function terminalProgress(): Progress | undefined {
  if (!process.stderr.isTTY) {
    let done = 0
    let total = 0
    return {
      start: (n, label, unit = 'passage') => ((total = n), (done = 0), console.error(`${label}: ${countNoun(n, unit)}`)),
      tick: (n) => {
        done += n
        if (done === total || done % 64 < n) console.error(`  ${done}/${total}`)
      },
      stop: () => {},
    }
  }
  const bar = new cliProgress.SingleBar({ format: '{label} [{bar}] {value}/{total} {unit}  {eta}s left', stream: process.stderr }, cliProgress.Presets.shades_classic)
  return { start: (n, label, unit = 'passage') => bar.start(n, 0, { label, unit: nounFor(n, unit) }), tick: (n) => bar.increment(n), stop: () => bar.stop() }
}

async function main(): Promise<number> {
  // First thing, so a stop during start-up is caught too.
  const stopping = stopOnSignals()
  let args
  let tokens
  try {
    ;({ values: args, tokens } = parseArgs({
      tokens: true,
      options: {
        source: { type: 'string', default: process.env.LAMING_SOURCE_DIR || 'seeds' },
        out: { type: 'string', default: process.env.LAMING_INDEX_DIR || DEFAULT_INDEX_DIR },
        model: { type: 'string', default: process.env.LAMING_MODEL || DEFAULT_MODEL },
        'model-dir': { type: 'string', default: process.env.LAMING_MODEL_DIR || undefined },
        lexical: { type: 'boolean', default: false },
        'allow-removal': { type: 'boolean', default: false },
        'if-missing': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e)
    // `npm run ingest --source DIR` hands npm the option and this command only DIR.
    const positional = (e as { code?: string }).code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL'
    const npmAteOptions = positional ? '\nnpm passes options on only after "--": npm run ingest -- --source DIR.' : ''
    console.error(`${message}${npmAteOptions}\n\n${USAGE}`)
    return 2
  }
  if (args.help) {
    console.log(USAGE)
    return 0
  }
  const named = (name: string) => tokens.some((t) => t.kind === 'option' && t.name === name)
  // A folder the user named holds the user's documents: ingest must be told where they are.
  const userFolderWithoutSource = !!process.env.LAMING_INDEX_DIR && !named('out') && !named('source') && !process.env.LAMING_SOURCE_DIR
  // The command that refreshes this index: a folder the user named needs its documents' folder.
  const refresh = userFolderWithoutSource
    ? `npm run ingest -- --source YOUR_FOLDER --out ${shellArg(args.out)}, naming the folder its documents came from`
    : named('out') || named('source')
      ? `npm run ingest -- --source ${shellArg(args.source)} --out ${shellArg(args.out)}`
      : 'npm run ingest'
  const found = () => {
    console.log(`Index found in ${args.out}; not re-ingesting (to refresh it: ${refresh}).`)
    let manifest = null
    try {
      manifest = readManifest(args.out)
    } catch {
      // An unreadable manifest is the server's to report.
    }
    // Documents read by older rules (wrapped plain text, say) are only read again when asked.
    if (manifest && manifest.pipelineVersion !== PIPELINE_VERSION) {
      console.log(`  Its documents were read by another version of laming-qa's ingest, which cleans and splits text differently. To read them again: ${refresh}`)
    }
    if (manifest && lexiconIsCurrent(manifest) !== true) {
      console.log(`  Its WordNet lexicon was built by another version of laming-qa. To rebuild it (unchanged documents are not processed again): ${refresh}`)
    }
    return 0
  }
  if (args['if-missing'] && indexExists(args.out)) return found()
  // An index in a folder named only by LAMING_INDEX_DIR is of the user's documents: ingesting the
  // seeds into it would replace them.
  if (userFolderWithoutSource && indexExists(args.out)) {
    console.error(
      `LAMING_INDEX_DIR=${args.out} holds an index of your documents, so ingest did not replace it with the seeds. Say where the documents are:\n${nameTheSource(args.out)}.`,
    )
    return 1
  }
  // Nor does one into a folder named by --out, or the default one, whose index holds documents the
  // seeds do not: the source was forgotten, and ingesting the seeds would remove them (a reviewer's
  // policies, indexed beside the seeds, went on "npm run ingest", as start-up suggests).
  const sourceNamed = named('source') || !!process.env.LAMING_SOURCE_DIR
  const { missing, indexed } = documentsNotIn(args.out, args.source)
  if (!sourceNamed && missing.length) {
    const shown = firstFew(missing, 3)
    console.error(`${args.out} holds documents that are not in ${args.source}/ (${shown}), so ingest did not remove them. Say where the documents are:\n  npm run ingest -- --source YOUR_FOLDER --out ${shellArg(args.out)}\nor, to index the seeds alone, name them: --source ${shellArg(args.source)}.`)
    return 1
  }
  // The documents folder holding the index: the next ingest would read the index as documents.
  if (isInside(args.out, args.source)) {
    console.error(`--out ${args.out} is inside the documents folder ${args.source}, so the next ingest would read the index as documents. Put the index in a folder of its own, outside ${args.source}.`)
    return 1
  }
  // A named folder that lacks most of the index's documents is likelier the wrong folder than a
  // clear-out (a reviewer named a subfolder and lost 8 of 12 documents): ask for a second word.
  if (sourceNamed && missing.length >= MIN_GUARDED_REMOVAL && missing.length * 2 > indexed && !args['allow-removal']) {
    const shown = firstFew(missing, 5)
    console.error(
      `${args.source} lacks ${missing.length} of the ${indexed} documents in ${args.out} (${shown}), so ingest did not remove them. If that is the right folder, run again with --allow-removal; otherwise name the folder that holds all the documents.`,
    )
    return 1
  }
  const keptNow = () => (indexExists(args.out) ? 'the existing index was left as it was' : 'no index was written')
  stopping.kept = keptNow()
  let release: (() => Promise<void>) | null = null
  try {
    // A stop while the lock is half-taken waits for it, so the lock is removed on exit.
    stopping.acquiring = true
    release = await lockIndexFolder(args.out)
  } catch (e) {
    console.error(e instanceof FolderLockedError ? e.message : `Could not lock ${args.out}: ${e instanceof Error ? e.message : e}`)
    return 1
  } finally {
    stopping.acquired()
  }
  for (const line of recoverIndexFolder(args.out)) console.error(line)
  if (args['if-missing'] && indexExists(args.out)) return found()
  // Only an index that was there before can be the one a running server serves.
  const replacing = indexExists(args.out)
  // A folder the user named gets the user's documents, not the seeds in their place.
  if (args['if-missing'] && userFolderWithoutSource) {
    console.error(
      `LAMING_INDEX_DIR=${args.out} holds no index. Build it from your documents with\n${nameTheSource(args.out)} to have npm start build it.`,
    )
    return 1
  }
  // What a failure leaves behind: the index that was there, or none.
  const kept = keptNow()
  stopping.kept = kept
  try {
    const result = await ingest({
      source: args.source,
      out: args.out,
      model: args.model,
      modelDir: args['model-dir'],
      lexicalOnly: args.lexical,
      modelRequested: tokens.some((t) => t.kind === 'option' && (t.name === 'model' || t.name === 'model-dir')),
      log: (line) => console.error(line),
      progress: terminalProgress(),
      threads: availableParallelism(),
    })
    // A new index is in place: a stop from here on must not say the old one was kept.
    if (result.status === 'written') stopping.kept = `the new index in ${args.out} had been written and is in use`
    const { counts, embedding } = result.manifest
    const mode = embedding
      ? `embeddings ${embedding.model} (${embedding.dims} dims)`
      : result.manifest.embeddingUnavailable && !result.saidEmbeddingsOff
        ? `lexical-only; ${result.manifest.embeddingUnavailable} could not be loaded (pass --model or --model-dir to try again)`
        : 'lexical-only'
    if (result.status === 'unchanged') {
      console.log(`Index in ${args.out} is up to date (${countNoun(counts.documents, 'document')}, ${countNoun(counts.passages, 'passage')}, ${mode}); nothing to do.`)
    } else {
      console.log(
        `Wrote ${args.out}: ${countNoun(counts.documents, 'document')}, ${countNoun(counts.passages, 'passage')}, ${countNoun(counts.sentences, 'sentence')}, ${mode}, in ${(result.ms / 1000).toFixed(2)} s.` +
          ` Processed ${result.processed.length}, reused ${result.reused.length}, removed ${result.removed.length}.`,
      )
      if (result.processed.length && result.reused.length) console.log(`Processed: ${firstFew(result.processed, 10)}.`)
      for (const [file, f] of Object.entries(result.manifest.files)) console.log(`  ${file}: ${countNoun(f.passages, 'passage')}`)
      // An index holds the documents of its source folder, no more: say which left, and why.
      if (result.removed.length) {
        const shown = firstFew(result.removed, 5)
        console.log(`Removed from the index, as they are not in ${args.source}/: ${shown}. To keep documents in an index, keep them in the folder it is built from.`)
      }
      // npm start's own ingest serves what it wrote; a server already running does not see it.
      if (!args['if-missing'] && replacing) console.log('A server already running (npm start) still serves the index it started with: restart it to serve this one.')
    }
    return 0
  } catch (e) {
    if (e instanceof ModelUnavailableError) {
      console.error(`Ingest stopped; ${kept}: ${e.message}.`)
      return 1
    }
    if (e instanceof InputError) {
      console.error(`Ingest stopped; ${kept}.\n${e.problems.map((p) => `  - ${p}`).join('\n')}`)
      return 1
    }
    console.error(`Ingest failed; ${kept}: ${e instanceof Error ? e.message : e}`)
    return 1
  } finally {
    await release?.()
  }
}

/**
 * Ctrl-C or SIGTERM stops the ingest at once: the index in use is only replaced by a single
 * rename at the very end, so stopping anywhere leaves it whole, and the next run removes the
 * unfinished generation. proper-lockfile removes the lock on exit. npm runs this with
 * `node --import tsx`, not the tsx command, whose wrapper SIGKILLs a child that is busy when a
 * signal comes (which would leave the lock). A repeated signal changes nothing.
 */
function stopOnSignals(): { kept: string; acquiring: boolean; acquired(): void } {
  let deferred: (() => void) | null = null
  const state = {
    kept: 'nothing was written',
    stopping: false,
    acquiring: false,
    /** The lock is taken (and registered for removal on exit) or refused: a stop that waited goes ahead. */
    acquired() {
      state.acquiring = false
      deferred?.()
    },
  }
  const stop = (why: string, code: number) => {
    if (state.stopping) return
    state.stopping = true
    const exit = () => {
      console.error(`\nIngest stopped (${why}); ${state.kept}.`)
      process.exit(code)
    }
    if (state.acquiring) deferred = exit
    else exit()
  }
  for (const [signal, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) process.on(signal, () => stop(signal, code))
  whenParentsExit(() => stop('the npm process that ran it was ended', 143))
  return state
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`Ingest failed: ${e instanceof Error ? e.message : e}`)
    process.exit(1)
  },
)
