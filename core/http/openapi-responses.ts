import type { z } from 'zod';
import type { ResultCode } from '../domain/codes.js';
import { STATUS } from './errors.js';
import type { AnyRouteSpec } from './route.js';

type JsonSchema = Record<string, unknown>;

/**
 * The refusals a route can answer with: the ones its spec names, plus the ones the
 * edge (`core/http/route.ts`) gives every route of its kind. This is the one place that
 * says which edge codes a route can get, so the document cannot forget one.
 */
export function refusalsOf(route: AnyRouteSpec): ResultCode[] {
  const codes = new Set<ResultCode>();
  const write = route.method !== 'get';
  if (write) codes.add('payload_too_large');
  if (route.auth !== false) codes.add('unauthenticated');
  if (route.body) codes.add('invalid_json');
  // Writes also check the Idempotency-Key header.
  if (route.body || route.query || route.params || write) codes.add('validation_failed');
  if (write) codes.add('idempotency_key_reused');
  for (const code of route.errors ?? []) codes.add(code);
  // Where the ledger picks stock to take it can find only expired lots (core/services/ledger/lot-ledger.ts).
  if (codes.has('insufficient_stock')) codes.add('lot_expired');
  // Where it takes or holds stock, the place may be a quarantine (core/domain/stock.ts).
  if (codes.has('insufficient_stock')) codes.add('location_quarantined');
  codes.add('busy').add('internal_error');
  return [...codes];
}

/** Headers the API sends, each documented once and referenced from every response that carries it. */
export const RESPONSE_HEADERS = {
  RequestId: {
    description:
      'The request id: the `X-Request-Id` the client sent (1–64 of `A–Z a–z 0–9 _ . : -`), else a new UUID. Logs and audit entries carry it.',
    required: true,
    schema: { type: 'string', pattern: '^[\\w.:-]{1,64}$' },
  },
  IdempotentReplayed: {
    description:
      'Present (`true`) when this is the stored first response to the same `Idempotency-Key` and body, not a second effect.',
    schema: { type: 'string', enum: ['true'] },
  },
  RetryAfter: {
    description: 'Seconds to wait before retrying.',
    required: true,
    schema: { type: 'integer', minimum: 0 },
  },
  Location: {
    description: 'The path of what was created, under the API base, to read it with GET.',
    required: true,
    schema: { type: 'string', pattern: '^/api/v1/' },
  },
  WwwAuthenticate: {
    description: 'The scheme to authenticate with: `Bearer`.',
    required: true,
    schema: { type: 'string', enum: ['Bearer'] },
  },
} as const;

const header = (name: keyof typeof RESPONSE_HEADERS) => ({ $ref: `#/components/headers/${name}` });

/**
 * Per status, its description, its headers and the codes it can carry (an enum on
 * `error.code`). Refusals with the same status and codes share one component under
 * `components.responses`, so the document (and the types generated from it) stays small.
 */
export function responses(
  route: AnyRouteSpec,
  convert: (s: z.ZodType, io: 'output') => JsonSchema,
  shared: Record<string, JsonSchema>,
): Record<string, unknown> {
  const success: Record<string, unknown> = { 'X-Request-Id': header('RequestId') };
  if (route.method !== 'get') success['Idempotent-Replayed'] = header('IdempotentReplayed');
  if (route.success.location)
    success['Location'] = {
      ...header('Location'),
      description: `Where it is read: ${route.success.location}`,
    };
  const out: Record<string, unknown> = {
    [route.success.status]: {
      description: route.success.description,
      headers: success,
      ...(route.success.schema
        ? { content: { 'application/json': { schema: convert(route.success.schema, 'output') } } }
        : {}),
    },
  };

  const byStatus = new Map<number, ResultCode[]>();
  for (const code of refusalsOf(route))
    byStatus.set(STATUS[code], [...(byStatus.get(STATUS[code]) ?? []), code]);
  for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
    const name = `${status}.${[...codes].sort().join('.')}`;
    shared[name] ??= refusal(codes);
    out[status] = { $ref: `#/components/responses/${name}` };
  }
  return out;
}

function refusal(codes: ResultCode[]): JsonSchema {
  const headers: Record<string, unknown> = { 'X-Request-Id': header('RequestId') };
  if (codes.includes('unauthenticated')) headers['WWW-Authenticate'] = header('WwwAuthenticate');
  if (codes.includes('busy')) headers['Retry-After'] = header('RetryAfter');
  return {
    description: codes.join(', '),
    headers,
    content: { 'application/json': { schema: errorSchema(codes) } },
  };
}

/** The error body, its `code` narrowed to the codes this status can carry here. */
function errorSchema(codes: ResultCode[]): JsonSchema {
  return {
    allOf: [
      { $ref: '#/components/schemas/Error' },
      {
        type: 'object',
        properties: { error: { type: 'object', properties: { code: { enum: codes } } } },
      },
    ],
  };
}
