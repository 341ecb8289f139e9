// The compact index, bundled into the worker through wrangler's alias (see wrangler.toml).
declare module 'laming-index' {
  import type { CompactIndex } from '../index/compact-index.js'
  const index: CompactIndex
  export default index
}
