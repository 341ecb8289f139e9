import { execFile } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { loadTransformersEmbedder, ModelUnavailableError } from '../../src/embedders/transformers.js'
import { ingest } from '../../ingest/pipeline.js'
import { readIndexFiles } from '../../src/node/read-index.js'
import { ROOT, SEEDS, TINY_INDEX, TINY_MODEL_DIR } from '../setup/paths.js'

const run = promisify(execFile)
const dot = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i], 0)

describe('the real @xenova/transformers path, offline, on the generated model', () => {
  it('tokenizes, runs the ONNX graph and pools to normalised vectors', async () => {
    const embedder = await loadTransformersEmbedder({ model: 'unused', modelDir: TINY_MODEL_DIR })
    expect(embedder.model).toBe('tiny-bert')
    const [a, b, c] = await embedder.embed(['court fees review', 'a review of court fees', 'health visitors'], 'passage')
    expect(a).toHaveLength(32)
    expect(dot(a, a)).toBeCloseTo(1, 4)
    expect(dot(a, b)).toBeGreaterThan(dot(a, c) + 0.3)
    const [again] = await embedder.embed(['court fees review'], 'passage')
    expect(again).toEqual(a)
  })

  it('ingest writes one vector per passage and records the model in the manifest', () => {
    const index = readIndexFiles(TINY_INDEX)!
    expect(index.manifest.embedding).toEqual({ model: 'tiny-bert', dims: 32 })
    expect(index.vectors).toHaveLength(index.corpus.passages.length)
    expect(index.vectors.every((v) => v.vector.length === 32)).toBe(true)
  })

  it('a folder that is not a model is refused with what it needs', async () => {
    await expect(loadTransformersEmbedder({ model: 'x', modelDir: SEEDS })).rejects.toThrow(ModelUnavailableError)
    await expect(loadTransformersEmbedder({ model: 'x', modelDir: SEEDS })).rejects.toThrow(/config\.json/)
  })

  it('without the model, ingest says so in one line, writes a lexical-only index and exits 0', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'laming-')), 'index')
    // The model comes from the environment's default, not a flag: a default that cannot be had degrades.
    const { stdout, stderr } = await run('npx', ['tsx', 'ingest/cli.ts', '--source', SEEDS, '--out', out], {
      cwd: ROOT,
      env: { ...process.env, LAMING_MODEL_DIR: '', LAMING_MODEL: 'Xenova/laming-qa-no-such-model' },
    })
    const lines = stderr.split('\n').filter((l) => l.includes('Embeddings off'))
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(/Xenova\/laming-qa-no-such-model.*--model-dir DIR.*LAMING_MODEL_DIR/)
    expect(stdout).toMatch(/lexical-only/)
    // Said once: the summary does not repeat that the model could not be loaded.
    expect(stdout).not.toMatch(/laming-qa-no-such-model|could not be loaded/)
    expect(readIndexFiles(out)!.manifest.embedding).toBeNull()
  })

  it('a later ingest whose default model cannot be loaded either names that model, not the earlier one', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'laming-')), 'index')
    await ingest({ source: SEEDS, out, model: 'Xenova/laming-qa-missing-a' })
    expect(readIndexFiles(out)!.manifest.embeddingUnavailable).toBe('Xenova/laming-qa-missing-a')
    const again = await ingest({ source: SEEDS, out, model: 'Xenova/laming-qa-missing-b' })
    expect(again.reused).toHaveLength(5)
    expect(readIndexFiles(out)!.manifest.embeddingUnavailable).toBe('Xenova/laming-qa-missing-b')
    // The same model failing again leaves the index as it is.
    expect((await ingest({ source: SEEDS, out, model: 'Xenova/laming-qa-missing-b' })).status).toBe('unchanged')
  })

  it('a model named with --model that cannot be loaded stops ingest, exit 1', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'laming-')), 'index')
    const failed = await run('npx', ['tsx', 'ingest/cli.ts', '--source', SEEDS, '--out', out, '--model', 'Xenova/laming-qa-no-such-model'], {
      cwd: ROOT,
      env: { ...process.env, LAMING_MODEL_DIR: '' },
    }).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    )
    expect(failed?.code).toBe(1)
    expect(failed?.stderr).toMatch(/Ingest stopped; no index was written: embedding model "Xenova\/laming-qa-no-such-model" could not be loaded/)
    expect(readIndexFiles(out)).toBeNull()
  })
})
