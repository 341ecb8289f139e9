// Bundles the page script and the widget (with marked and DOMPurify) into web/public, and puts
// Swagger UI (from swagger-ui-dist), its start-up script and contrast fixes in web/public/docs for /docs.
import { copyFileSync, mkdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { build } from 'esbuild'

const common = { bundle: true, format: 'esm', target: 'es2020', minify: true, sourcemap: false, logLevel: 'warning', loader: { '.css': 'text' } }
const swaggerDist = dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))
mkdirSync('web/public/docs/swagger-ui-dist', { recursive: true })
for (const file of ['swagger-ui-bundle.js', 'swagger-ui.css']) copyFileSync(join(swaggerDist, file), join('web/public/docs/swagger-ui-dist', file))
copyFileSync('web/src/docs.css', 'web/public/docs/docs.css')
await Promise.all([
  build({ ...common, entryPoints: ['web/src/app.ts'], outfile: 'web/public/app.js' }),
  // A classic script, so document.currentScript names the host the widget talks to.
  build({ ...common, format: 'iife', entryPoints: ['web/src/widget.ts'], outfile: 'web/public/widget.js' }),
  build({ ...common, format: 'iife', entryPoints: ['web/src/docs.ts'], outfile: 'web/public/docs/docs.js' }),
])
