// The Worker's index, bundled through wrangler's alias (see wrangler.toml): the whole compact
// index, or, for a corpus too large to bundle, the pack whose rest lives in D1.
declare module 'laming-index' {
  import type { CompactIndex } from '../index/compact-index.js'
  import type { D1Pack } from '../index/d1-format.js'
  const index: CompactIndex | D1Pack
  export default index
}
