import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Hono } from 'hono';
import type { AppEnv } from './env.js';

const require = createRequire(import.meta.url);
/** Swagger UI as the npm package ships it: served from here, never from a CDN. */
const SWAGGER_UI = dirname(require.resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Inventory ledger API · 库存台账 API</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
    <style>body { margin: 0 } header { font: 14px system-ui, 'Microsoft YaHei', sans-serif; padding: 8px 20px; background: #217346; color: #fff }</style>
  </head>
  <body>
    <header>Inventory ledger API · 库存台账 API — <a style="color:#fff" href="/openapi.json">openapi.json</a></header>
    <div id="api"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`;

// No validator badge: it would send the document to validator.swagger.io.
const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#api', deepLinking: true, validatorUrl: null, persistAuthorization: false });\n`;

/**
 * `GET /docs`: the API reference, rendered by Swagger UI from the same `/openapi.json`
 * the server validates requests with. Everything comes from this server (the page's
 * Content-Security-Policy allows nothing else), so it works on a shop's network with no
 * internet, and the document never leaves it.
 */
export function docsRoutes(app: Hono<AppEnv>): void {
  const assets: Record<string, { body: string; type: string }> = {
    'swagger-ui.css': {
      body: readFileSync(join(SWAGGER_UI, 'swagger-ui.css'), 'utf8'),
      type: 'text/css; charset=utf-8',
    },
    'swagger-ui-bundle.js': {
      body: readFileSync(join(SWAGGER_UI, 'swagger-ui-bundle.js'), 'utf8'),
      type: 'text/javascript; charset=utf-8',
    },
    'init.js': { body: INIT, type: 'text/javascript; charset=utf-8' },
  };
  const csp =
    "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'";
  app.get('/', (c) => {
    c.set('route', '/');
    return c.redirect('/docs');
  });
  app.get('/docs', (c) => {
    c.set('route', '/docs');
    return c.html(PAGE, 200, { 'content-security-policy': csp });
  });
  app.get('/docs/:asset', (c) => {
    c.set('route', '/docs/:asset');
    const asset = assets[c.req.param('asset')];
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, {
      'content-type': asset.type,
      'cache-control': 'public, max-age=3600',
    });
  });
}
