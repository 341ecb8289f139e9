import { swaggerUI } from '@hono/swagger-ui'
import type { MiddlewareHandler } from 'hono'
import { OPENAPI_PATH } from '../openapi.js'

/** Where web/build.mjs puts Swagger UI (from swagger-ui-dist) and the script that starts it. */
const DOCS_ASSETS = '/docs'

/**
 * The API reference at /docs: Swagger UI, served from this server (no CDN, so an intranet
 * without internet gets it too). @hono/swagger-ui's default page starts Swagger UI with an
 * inline script, which the strict CSP (script-src 'self') blocks; this page loads
 * /docs/docs.js instead, which reads the document's address from the element it renders into;
 * /docs/docs.css raises the contrast of Swagger UI's colours.
 */
export function docsPage(): MiddlewareHandler {
  return swaggerUI({
    title: 'laming-qa API',
    baseUrl: DOCS_ASSETS,
    url: OPENAPI_PATH,
    manuallySwaggerUIHtml: (asset) =>
      [
        ...[...asset.css, `${DOCS_ASSETS}/docs.css`].map((href) => `<link rel="stylesheet" href="${href}">`),
        `<div id="swagger-ui" data-openapi="${OPENAPI_PATH}"></div>`,
        ...asset.js.map((src) => `<script src="${src}"></script>`),
        `<script src="${DOCS_ASSETS}/docs.js"></script>`,
      ].join('\n'),
  })
}
