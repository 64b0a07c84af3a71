import { createApp, type App, type AppOptions } from '../../core/http/app.js';
import { verifyLedger, type VerifyReport } from '../../core/services/admin/verify-ledger.js';
import { bootstrapAdmin } from '../../core/services/users/bootstrap-admin.js';
import { contractOf } from './contract.js';
import { tempDatabase, type TempDatabase } from './temp-db.js';

export const ADMIN_TOKEN = 'test-admin-token-0001';

export interface Reply<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export interface CallOptions {
  token?: string | null;
  headers?: Record<string, string>;
  /** Send this text as the body instead of JSON-encoding `body`. */
  raw?: string | Uint8Array;
}

export interface TestApp extends TempDatabase {
  app: App;
  clock: { now: number };
  call<T = any>(
    method: string,
    path: string,
    body?: unknown,
    options?: CallOptions,
  ): Promise<Reply<T>>;
  /** Create a user through the API and return their token. */
  user(name: string, role: string, locations?: string[]): Promise<string>;
  verify(): Promise<VerifyReport>;
}

/**
 * The real Hono app on a temp-file database, called in-process with `app.request()`.
 * `clock.now` is the server's time; tests move it to expire holds.
 */
export async function testApp(
  options: Pick<AppOptions, 'futureToleranceMs'> = {},
): Promise<TestApp> {
  const temp = await tempDatabase();
  await bootstrapAdmin(temp.database, ADMIN_TOKEN);
  const clock = { now: Date.parse('2026-11-01T08:00:00Z') };
  const app = checkedAgainstContract(
    createApp({
      database: temp.database,
      now: () => clock.now,
      ...options,
      onUnexpectedError: (e) => {
        if (process.env['SHOW_ERRORS']) console.error(e);
      },
    }),
  );

  const call = async (method: string, path: string, body?: unknown, options: CallOptions = {}) => {
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...options.headers,
    };
    const token = options.token === undefined ? ADMIN_TOKEN : options.token;
    if (token !== null) headers['authorization'] = `Bearer ${token}`;
    const init: RequestInit = { method, headers };
    if (options.raw !== undefined) init.body = options.raw as RequestInit['body'];
    else if (body !== undefined) init.body = JSON.stringify(body);
    const res = await app.request(path, init);
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // leave as text
    }
    return { status: res.status, body: parsed as any, headers: res.headers };
  };

  return {
    ...temp,
    app,
    clock,
    call,
    async user(name, role, locations) {
      const res = await call('POST', '/api/v1/users', {
        name,
        role,
        ...(locations ? { locations } : {}),
      });
      if (res.status !== 201) throw new Error(`user ${name}: ${JSON.stringify(res.body)}`);
      return res.body.token as string;
    },
    verify: () => verifyLedger(temp.database.client),
  };
}

/**
 * The app, with every response it gives checked against the OpenAPI document it serves
 * (`tests/helpers/contract.ts`): a response the document does not describe makes the
 * request throw, so every HTTP test is also a contract test. Wraps `app.fetch`, which
 * `app.request()` and a server started on the app both go through.
 */
export function checkedAgainstContract(app: App): App {
  const fetch = app.fetch;
  let document: Promise<string> | undefined;
  app.fetch = async (request: Request, ...rest: unknown[]) => {
    const response = await (fetch as (r: Request, ...x: unknown[]) => Response | Promise<Response>)(
      request,
      ...rest,
    );
    document ??= Promise.resolve(fetch(new Request('http://localhost/openapi.json'))).then((r) =>
      r.text(),
    );
    const text = await response.clone().text();
    contractOf(await document).check({
      method: request.method,
      url: request.url,
      status: response.status,
      headers: response.headers,
      text,
    });
    return response;
  };
  return app;
}

/** Paths under the API base. */
export const api = (path: string) => `/api/v1${path}`;
