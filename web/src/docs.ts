// Starts Swagger UI on /docs. A file, not an inline script, so the page keeps script-src 'self'.
declare const SwaggerUIBundle: (options: Record<string, unknown>) => unknown

const root = document.getElementById('swagger-ui')!
SwaggerUIBundle({
  dom_id: '#swagger-ui',
  url: root.dataset.openapi,
  // Swagger UI would send the document to validator.swagger.io for a badge; keep everything here.
  validatorUrl: null,
  // Deep links make each operation's path a link inside its toggle button (nested controls).
  deepLinking: false,
  tryItOutEnabled: true,
  // Its highlighter's colours fall below AA contrast; plain code is as readable.
  syntaxHighlight: false,
})

// Swagger UI leaves some controls without a name and code boxes out of the Tab order, and has
// no option for either; name them as they appear, so screen reader and keyboard users can use
// the page too.
const names: [string, string][] = [
  ['textarea.body-param__text', 'Request body (JSON)'],
  ['select.examples-select-element', 'Example'],
  ['.parameters-col_description input[type=text]', 'Parameter value'],
]
function label(): void {
  for (const [selector, name] of names)
    for (const el of root.querySelectorAll<HTMLElement>(selector)) if (!el.hasAttribute('aria-label') && !el.id) el.setAttribute('aria-label', name)
  for (const el of root.querySelectorAll<HTMLElement>('pre, .highlight-code, .microlight'))
    if (!el.hasAttribute('tabindex') && (el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight)) el.tabIndex = 0
}
new MutationObserver(label).observe(root, { childList: true, subtree: true })
