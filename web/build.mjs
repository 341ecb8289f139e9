// Bundles the page script and the widget (with marked and DOMPurify) into web/public.
import { build } from 'esbuild'

const common = { bundle: true, format: 'esm', target: 'es2020', minify: true, sourcemap: false, logLevel: 'warning', loader: { '.css': 'text' } }
await Promise.all([
  build({ ...common, entryPoints: ['web/src/app.ts'], outfile: 'web/public/app.js' }),
  // A classic script, so document.currentScript names the host the widget talks to.
  build({ ...common, format: 'iife', entryPoints: ['web/src/widget.ts'], outfile: 'web/public/widget.js' }),
])
