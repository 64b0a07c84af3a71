import { randomUUID } from 'node:crypto';
import { Hono, type Context } from 'hono';
import { CLIENTS, type Client } from '../domain/actor.js';
import type { Database } from '../db/client.js';
import { negotiateLanguage } from '../i18n/language.js';
import { ServiceError } from '../services/errors.js';
import type { AppEnv } from './env.js';
import { errorResponse, toServiceError } from './errors.js';
import { openApiDocument } from './openapi.js';
import { Api } from './route.js';
import { adminRoutes } from './routes/admin.js';
import { itemRoutes } from './routes/items.js';
import { locationRoutes } from './routes/locations.js';
import { movementRoutes } from './routes/movements.js';
import { reservationRoutes } from './routes/reservations.js';
import { stockRoutes } from './routes/stock.js';
import { userRoutes } from './routes/users.js';

export const API_BASE = '/api/v1';

export interface AppOptions {
  database: Database;
  /** The clock; tests move it to expire holds. */
  now?: () => number;
  /** Where unexpected errors are reported (default: stderr). */
  onUnexpectedError?: (error: unknown, requestId: string) => void;
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
  const report = options.onUnexpectedError ?? ((error, id) => console.error(`[${id}]`, error));

  app.use('*', async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const requestId = incoming && /^[\w.:-]{1,64}$/.test(incoming) ? incoming : randomUUID();
    c.set('requestId', requestId);
    c.set('lang', negotiateLanguage(c.req.header('Accept-Language')));
    const client = c.req.header('X-Client')?.toLowerCase();
    c.set('client', (CLIENTS as readonly string[]).includes(client ?? '') ? (client as Client) : 'api');
    c.header('X-Request-Id', requestId);
    await next();
  });

  app.onError((error, c) => {
    const mapped = toServiceError(error, c.get('requestId') ?? 'unknown');
    if (mapped.code === 'internal_error') report(error, c.get('requestId'));
    return errorResponse(c, mapped);
  });
  app.notFound((c) =>
    errorResponse(c, new ServiceError('not_found', { params: { entity: 'route', key: c.req.path }, details: { path: c.req.path } })),
  );

  const health = (c: Context<AppEnv>) => c.json({ ok: true });
  app.get('/healthz', health);
  app.get(`${API_BASE}/healthz`, health);

  const api = new Api(app, API_BASE, { database: options.database, now });
  locationRoutes(api);
  itemRoutes(api);
  userRoutes(api);
  movementRoutes(api);
  stockRoutes(api);
  reservationRoutes(api);
  adminRoutes(api);

  const document = openApiDocument(API_BASE, api.routes);
  const serveDocument = (c: Context<AppEnv>) => c.json(document);
  app.get('/openapi.json', serveDocument);
  app.get(`${API_BASE}/openapi.json`, serveDocument);
  return app;
}

export type App = ReturnType<typeof createApp>;
