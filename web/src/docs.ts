// Starts Swagger UI on /docs. A file, not an inline script, so the page keeps script-src 'self'.
declare const SwaggerUIBundle: (options: Record<string, unknown>) => unknown

const root = document.getElementById('swagger-ui')!
SwaggerUIBundle({
  dom_id: '#swagger-ui',
  url: root.dataset.openapi,
  // Swagger UI would send the document to validator.swagger.io for a badge; keep everything here.
  validatorUrl: null,
  deepLinking: true,
  tryItOutEnabled: true,
})
