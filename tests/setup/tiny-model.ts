// Generates a tiny but real embedding model for @xenova/transformers: a WordPiece tokenizer
// and a one-node ONNX graph (Gather) mapping token ids to fixed vectors. Loading and running
// it exercises the library's real tokenizer, ONNX runtime and pooling path offline.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import onnxProto from 'onnx-proto'

const { onnx } = onnxProto

const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]']

function vocabulary(corpusText: string, size: number): string[] {
  const counts = new Map<string, number>()
  for (const w of corpusText.toLowerCase().match(/[a-z]+|\d+/g) ?? []) counts.set(w, (counts.get(w) ?? 0) + 1)
  const words = [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w)
  const chars = 'abcdefghijklmnopqrstuvwxyz0123456789'.split('')
  const base = [...SPECIALS, ...chars, ...chars.map((c) => `##${c}`), ...'.,;:!?\'"()-£%/'.split('')]
  return [...base, ...words.filter((w) => !base.includes(w)).slice(0, Math.max(0, size - base.length))]
}

/** Deterministic pseudo-random vector per token id (mulberry32). */
function tokenVector(id: number, dims: number): number[] {
  let a = (id + 1) * 0x9e3779b1
  const out: number[] = []
  for (let i = 0; i < dims; i++) {
    a |= 0
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    out.push(((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5)
  }
  return out
}

function onnxModel(vocabSize: number, dims: number): Uint8Array {
  const table: number[] = []
  for (let id = 0; id < vocabSize; id++) table.push(...(id < SPECIALS.length ? Array(dims).fill(0) : tokenVector(id, dims)))
  const model = onnx.ModelProto.create({
    irVersion: 7,
    producerName: 'laming-qa-tests',
    opsetImport: [{ domain: '', version: 13 }],
    graph: {
      name: 'tiny-embedder',
      node: [{ opType: 'Gather', input: ['embeddings', 'input_ids'], output: ['last_hidden_state'], attribute: [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] }],
      initializer: [{ name: 'embeddings', dataType: onnx.TensorProto.DataType.FLOAT, dims: [vocabSize, dims], floatData: table }],
      input: [valueInfo('input_ids', onnx.TensorProto.DataType.INT64, ['batch', 'sequence'])],
      output: [valueInfo('last_hidden_state', onnx.TensorProto.DataType.FLOAT, ['batch', 'sequence', dims])],
    },
  })
  return onnx.ModelProto.encode(model).finish()
}

function valueInfo(name: string, elemType: number, shape: (string | number)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: shape.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
      },
    },
  }
}

function tokenizerJson(vocab: string[]) {
  const ids = Object.fromEntries(vocab.map((t, i) => [t, i]))
  const special = (id: string) => ({ id: ids[id], content: id, single_word: false, lstrip: false, rstrip: false, normalized: false, special: true })
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [{ SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } }],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } }, { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [ids['[CLS]']], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [ids['[SEP]']], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab: ids },
  }
}

export interface TinyModel {
  dir: string
  dims: number
  vocabSize: number
}

/** Write the model folder `dir` (named like a model), sized from words of `corpusText`. */
export function generateTinyModel(dir: string, corpusText: string, dims = 32, size = 3000): TinyModel {
  const vocab = vocabulary(corpusText, size)
  mkdirSync(join(dir, 'onnx'), { recursive: true })
  const bytes = onnxModel(vocab.length, dims)
  writeFileSync(join(dir, 'onnx', 'model.onnx'), bytes)
  writeFileSync(join(dir, 'onnx', 'model_quantized.onnx'), bytes)
  writeFileSync(join(dir, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocab)))
  writeFileSync(
    join(dir, 'tokenizer_config.json'),
    JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, cls_token: '[CLS]', sep_token: '[SEP]', pad_token: '[PAD]', unk_token: '[UNK]', mask_token: '[MASK]' }),
  )
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: dims, vocab_size: vocab.length }))
  return { dir, dims, vocabSize: vocab.length }
}
