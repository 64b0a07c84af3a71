import type { Context, Hono } from 'hono';
import type { z } from 'zod';
import type { Issue, ResultCode } from '../domain/codes.js';
import { format } from '../i18n/language.js';
import type { Database } from '../services/context.js';
import { authenticate } from '../services/auth/authenticate.js';
import type { ServiceContext } from '../services/context.js';
import { ServiceError, validationFailed } from '../services/errors.js';
import { requestHash, withIdempotency, type StoredResponse } from '../services/idempotency.js';
import { IdempotencyKey } from '../services/schemas.js';
import { zodIssues } from '../services/validation.js';
import { readJson } from './body.js';
import { bodyLimit } from './body-limit.js';
import type { AppEnv } from './env.js';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface HandlerInput<B, Q, P> {
  ctx: ServiceContext;
  body: B;
  query: Q;
  params: P;
  c: Context<AppEnv>;
}

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> {
  method: Method;
  /** Hono syntax (`/movements/:id/reverse`); shown as `{id}` in the OpenAPI document. */
  path: string;
  summary: string;
  description?: string;
  tag: string;
  /** Default true: the route needs a bearer token. */
  auth?: boolean;
  body?: B;
  /** The body as documented, when the parser is looser on purpose (batch rows). */
  bodyDoc?: z.ZodType;
  bodyLimit?: number;
  query?: Q;
  params?: P;
  success: {
    status: 200 | 201;
    description: string;
    schema?: z.ZodType;
    /** Where the created thing is read (`/transfers/{id}`, fields of the answer): sent as `Location`. */
    location?: string;
  };
  /** Refusals this route documents, besides the ones every route has. */
  errors?: ResultCode[];
  /**
   * What the body names that does not exist (`unknown_sku`, …), asked only when its
   * shape is refused, so that one answer lists both kinds of problem.
   */
  references?: (ctx: ServiceContext, raw: unknown) => Promise<Issue[]>;
  /** Told when the request is refused before the handler runs (bad JSON, bad fields). */
  onRefused?: (error: ServiceError) => void;
  handler: (input: HandlerInput<z.output<B>, z.output<Q>, z.output<P>>) => Promise<unknown>;
}

export interface ApiDeps {
  database: Database;
  now: () => number;
  /** See `ServiceContext.futureToleranceMs`. */
  futureToleranceMs?: number | undefined;
}

// Any route spec, whatever its schemas.
// biome-ignore lint/suspicious/noExplicitAny: any route spec, whatever its schemas
export type AnyRouteSpec = RouteSpec<any, any, any>;

/**
 * Registers routes from specs: one spec both serves the route (auth, parsing,
 * idempotency, error mapping) and documents it (`openapi.json`), so the two cannot
 * drift apart. The handler gets parsed input and returns the success body; refusals
 * are thrown as `ServiceError`.
 */
export class Api {
  readonly routes: AnyRouteSpec[] = [];

  constructor(
    private readonly app: Hono<AppEnv>,
    readonly base: string,
    private readonly deps: ApiDeps,
  ) {}

  add<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType>(
    spec: RouteSpec<B, Q, P>,
  ): void {
    this.routes.push(spec);
    const limit = spec.bodyLimit ?? DEFAULT_BODY_LIMIT;
    this.app.on(spec.method.toUpperCase(), this.base + spec.path, bodyLimit(limit), (c) =>
      this.#serve(spec, c),
    );
  }

  async #serve(spec: AnyRouteSpec, c: Context<AppEnv>): Promise<Response> {
    c.set('route', this.base + spec.path);
    const ctx = await this.#context(spec, c);
    let input: ParsedInput;
    try {
      input = await parseRequest(spec, c, ctx);
    } catch (error) {
      if (error instanceof ServiceError) spec.onRefused?.(error);
      throw error;
    }
    const { params, query, raw, body, key } = input;

    const run = async (inner: ServiceContext): Promise<StoredResponse> => {
      const result = await spec.handler({ ctx: inner, body, query, params, c });
      return { status: spec.success.status, body: JSON.stringify(result) };
    };
    let response: StoredResponse & { replayed?: boolean };
    if (key !== undefined) {
      const hash = requestHash(`${spec.method} ${c.req.path}`, raw);
      response = await withIdempotency(ctx, { key, hash }, run);
    } else {
      response = await run(ctx);
    }
    const headers: Record<string, string> = { 'content-type': 'application/json; charset=utf-8' };
    if (response.replayed) headers['Idempotent-Replayed'] = 'true';
    if (spec.success.location && response.status === 201)
      headers['Location'] = this.base + locationOf(spec.success.location, response.body);
    return c.body(response.body, response.status as 200, headers);
  }

  async #context(spec: AnyRouteSpec, c: Context<AppEnv>): Promise<ServiceContext> {
    const base = {
      database: this.deps.database,
      now: this.deps.now,
      futureToleranceMs: this.deps.futureToleranceMs,
      requestId: c.get('requestId'),
      client: c.get('client'),
    };
    if (spec.auth === false)
      return { ...base, actor: { id: 0, name: 'anonymous', role: 'viewer', locationIds: [] } };
    const header = c.req.header('Authorization') ?? '';
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    const actor = match ? await authenticate(this.deps.database, match[1]!) : undefined;
    if (!actor) throw new ServiceError('unauthenticated');
    c.set('actor', actor);
    return { ...base, actor };
  }
}

interface ParsedInput {
  params: unknown;
  query: unknown;
  raw: unknown;
  body: unknown;
  key: string | undefined;
}

/**
 * The request's input, or its refusal: first `invalid_json` (a body that cannot be read
 * has no fields to name), then one `validation_failed` listing every problem of the
 * path, the query, the body (and, when its shape is refused, what it names that does not
 * exist: `references`) and the `Idempotency-Key` header at once.
 */
async function parseRequest(
  spec: AnyRouteSpec,
  c: Context<AppEnv>,
  ctx: ServiceContext,
): Promise<ParsedInput> {
  // Only a route that declares a body reads one (and can refuse it as invalid_json).
  const raw = spec.body ? await readJson(c) : undefined;
  const issues: Issue[] = [];
  const parse = (schema: z.ZodType | undefined, value: unknown, path = ''): unknown => {
    if (!schema) return {};
    const result = schema.safeParse(value, { reportInput: true });
    if (result.success) return result.data;
    issues.push(...zodIssues(result.error, path));
    return undefined;
  };
  const params = parse(spec.params, c.req.param());
  const query = parse(spec.query, c.req.query());
  const body = spec.body ? parse(spec.body, raw) : undefined;
  // A refused body: also what it names that does not exist, so one answer lists both.
  if (spec.body && body === undefined && spec.references)
    issues.push(...(await spec.references(ctx, raw)));
  const key = spec.method === 'get' ? undefined : c.req.header('Idempotency-Key');
  if (key !== undefined) parse(IdempotencyKey, key, 'Idempotency-Key');
  if (issues.length > 0) throw validationFailed(issues);
  return { params, query, raw, body, key };
}

/** `/transfers/{id}` filled from the answer's own fields. */
function locationOf(template: string, body: string): string {
  const answer = JSON.parse(body) as Record<string, unknown>;
  return format(
    template,
    Object.fromEntries(Object.entries(answer).map(([k, v]) => [k, encodeURIComponent(String(v))])),
  );
}
