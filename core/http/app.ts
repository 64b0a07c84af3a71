import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { CLIENTS, type Client } from '../domain/actor.js';
import type { Database } from '../services/context.js';
import { negotiateLanguage } from '../i18n/language.js';
import { ServiceError, toServiceError } from '../services/errors.js';
import { errorContext } from '../services/names.js';
import type { AppEnv } from './env.js';
import { errorResponse } from './errors.js';
import { metrics, renderMetrics } from '../observability/metrics.js';
import { silentLogger, type Logger } from '../observability/logger.js';
import { openApiDocument } from './openapi.js';
import { LOCAL_DEPLOYMENT, type Deployment } from '../config/deployment.js';
import { deploymentRoutes, forwarded } from './deployment.js';
import { docsRoutes } from './docs-page.js';
import { pageRoutes } from './pages/page-routes.js';
import { Api } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { alertRoutes } from './routes/alerts.js';
import { reportRoutes } from './routes/reports.js';
import { forecastRoutes } from './routes/forecasts.js';
import { approvalRoutes, supplierRoutes } from './routes/approvals.js';
import { purchaseOrderRoutes } from './routes/purchase-orders.js';
import { transferRoutes } from './routes/transfers.js';
import { itemRoutes } from './routes/items.js';
import { locationRoutes } from './routes/locations.js';
import { movementRoutes } from './routes/movements.js';
import { reservationRoutes } from './routes/reservations.js';
import { stockRoutes } from './routes/stock.js';
import { stocktakeRoutes } from './routes/stocktakes.js';
import { lotRoutes } from './routes/lots.js';
import { returnRoutes } from './routes/returns.js';
import { channelRoutes } from './routes/channels.js';
import { customerRoutes } from './routes/customers.js';
import { userRoutes } from './routes/users.js';
import { serviceRoutes } from './routes/service.js';
import { settingsRoutes } from './routes/settings.js';

export const API_BASE = '/api/v1';
const ADDIN_DIST = resolve(dirname(fileURLToPath(import.meta.url)), '../../addin/dist');

export interface AppOptions {
  database: Database;
  /** The clock; tests move it to expire holds. */
  now?: () => number;
  /** Structured logs; silent unless given. */
  logger?: Logger;
  /** When set, `GET /metrics` wants `Authorization: Bearer <metricsToken>`. */
  metricsToken?: string | undefined;
  /** Public address, trusted proxies, CORS origins (default: none, as on a laptop). */
  deployment?: Deployment;
  /** The add-in's origin when no public address is known (the local HTTPS listener). */
  localAddinOrigin?: string;
  /** Where unexpected errors are reported (default: the logger). */
  onUnexpectedError?: (error: unknown, requestId: string) => void;
  /** How far ahead of the clock an `occurredAt` may be (default 10 minutes; `OCCURRED_AT_TOLERANCE_MS`). */
  futureToleranceMs?: number | undefined;
}

/**
 * The HTTP face of the ledger: `/api/v1/*` plus `/healthz` and `/openapi.json`.
 *
 * @example
 * const app = createApp({ database: await openDatabase({ url: 'file:data/inventory.db' }) });
 * const res = await app.request('/healthz'); // { ok: true }
 */
export function createApp(options: AppOptions): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const now = options.now ?? Date.now;
  const deployment = options.deployment ?? LOCAL_DEPLOYMENT;
  const logger = options.logger ?? silentLogger;
  const report =
    options.onUnexpectedError ??
    ((error, requestId) => logger.error({ requestId, err: error }, 'unexpected error'));

  app.use('*', async (c, next) => {
    const started = performance.now();
    const incoming = c.req.header('X-Request-Id');
    const requestId = incoming && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('log', logger.child({ requestId }));
    c.set('route', 'unmatched');
    c.set('lang', negotiateLanguage(c.req.header('Accept-Language')));
    const client = c.req.header('X-Client')?.toLowerCase();
    c.set(
      'client',
      (CLIENTS as readonly string[]).includes(client ?? '') ? (client as Client) : 'api',
    );
    c.header('X-Request-Id', requestId);
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.get('route');
    metrics.requests.inc({ method: c.req.method, route, status: String(c.res.status) });
    metrics.latency.observe({ method: c.req.method, route }, seconds);
    c.get('log').info(
      {
        method: c.req.method,
        path: c.req.path,
        route,
        status: c.res.status,
        ms: Math.round(seconds * 10_000) / 10,
        actor: c.get('actor')?.name,
        client: c.get('client'),
        ip: forwarded(c, deployment).clientIp,
      },
      'request',
    );
  });

  app.onError(async (error, c) => {
    const mapped = toServiceError(error, c.get('requestId') ?? 'unknown');
    if (mapped.code === 'internal_error') report(error, c.get('requestId'));
    // Items and locations by name in the message; the codes stay in details.
    const context =
      mapped.code === 'busy' || mapped.code === 'internal_error'
        ? {}
        : await errorContext(options.database, mapped);
    return errorResponse(c, mapped, context);
  });
  app.notFound((c) =>
    errorResponse(
      c,
      new ServiceError('not_found', {
        params: { entity: 'route', key: c.req.path },
        details: { path: c.req.path },
      }),
    ),
  );

  docsRoutes(app);
  pageRoutes(app, { database: options.database, now });
  deploymentRoutes(app, deployment, {
    apiBase: API_BASE,
    ...(options.localAddinOrigin ? { localAddinOrigin: options.localAddinOrigin } : {}),
  });

  const health = (c: Context<AppEnv>) => c.json({ ok: true });
  app.get('/metrics', (c) => {
    c.set('route', '/metrics');
    if (
      options.metricsToken &&
      c.req.header('Authorization') !== `Bearer ${options.metricsToken}`
    ) {
      return errorResponse(c, new ServiceError('unauthenticated'));
    }
    return c.text(renderMetrics(), 200, {
      'content-type': 'text/plain; version=0.0.4; charset=utf-8',
    });
  });
  app.get('/healthz', health);

  const api = new Api(app, API_BASE, {
    database: options.database,
    now,
    futureToleranceMs: options.futureToleranceMs,
  });
  serviceRoutes(api, () => document);
  locationRoutes(api);
  itemRoutes(api);
  userRoutes(api);
  movementRoutes(api);
  stockRoutes(api);
  reservationRoutes(api);
  transferRoutes(api);
  supplierRoutes(api);
  purchaseOrderRoutes(api);
  stocktakeRoutes(api);
  lotRoutes(api);
  returnRoutes(api);
  channelRoutes(api);
  customerRoutes(api);
  approvalRoutes(api);
  alertRoutes(api);
  reportRoutes(api);
  forecastRoutes(api);
  adminRoutes(api);
  settingsRoutes(api);

  // The Excel add-in, built into addin/dist (npm start builds it), same-origin with the API.
  if (existsSync(ADDIN_DIST)) {
    app.use('/addin/*', async (c, next) => {
      c.set('route', '/addin/*');
      await next();
    });
    app.use(
      '/addin/*',
      serveStatic({ root: ADDIN_DIST, rewriteRequestPath: (path) => path.replace(/^\/addin/, '') }),
    );
  }

  const document = openApiDocument(API_BASE, api.routes);
  app.get('/openapi.json', (c) => c.json(document));
  return app;
}

export type App = ReturnType<typeof createApp>;
