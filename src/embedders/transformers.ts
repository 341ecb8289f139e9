// Node-only: loads an ONNX model through @xenova/transformers, from a local folder or the hub.
import { existsSync } from 'node:fs'
import { basename, dirname, resolve } from 'node:path'
import { env, pipeline } from '@xenova/transformers'
import { queryInstruction, type Embedder } from '../embedder.js'

export interface TransformersOptions {
  /** Hub id such as Xenova/bge-small-en-v1.5; ignored when modelDir is given. */
  model: string
  /** A local model folder: config.json, tokenizer.json, tokenizer_config.json, onnx/model_quantized.onnx. */
  modelDir?: string
}

export class ModelUnavailableError extends Error {}

export async function loadTransformersEmbedder(opts: TransformersOptions): Promise<Embedder> {
  let modelId = opts.model
  if (opts.modelDir) {
    const dir = resolve(opts.modelDir)
    if (!existsSync(dir)) throw new ModelUnavailableError(`model folder ${dir} does not exist`)
    if (!existsSync(`${dir}/config.json`)) {
      throw new ModelUnavailableError(`model folder ${dir} has no config.json; it needs config.json, tokenizer.json, tokenizer_config.json and onnx/model_quantized.onnx`)
    }
    env.localModelPath = dirname(dir)
    env.allowRemoteModels = false
    modelId = basename(dir)
  } else {
    env.allowRemoteModels = true
  }
  let extractor: Awaited<ReturnType<typeof pipeline>>
  try {
    extractor = await pipeline('feature-extraction', modelId)
  } catch (e) {
    const reason = e instanceof Error ? (e.cause instanceof Error ? `${e.message} (${e.cause.message})` : e.message) : String(e)
    const where = opts.modelDir ? resolve(opts.modelDir) : `${env.cacheDir} or the Hugging Face hub`
    throw new ModelUnavailableError(`embedding model "${opts.modelDir ?? opts.model}" could not be loaded from ${where}: ${reason}`)
  }
  const name = opts.modelDir ? basename(resolve(opts.modelDir)) : opts.model
  const prefix = queryInstruction(name)
  return {
    model: name,
    async embed(texts, kind) {
      const input = kind === 'query' ? texts.map((t) => prefix + t) : texts
      const out = (await extractor(input, { pooling: 'mean', normalize: true })) as { tolist(): number[][] }
      return out.tolist()
    },
  }
}
