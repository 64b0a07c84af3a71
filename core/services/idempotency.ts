import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import { idempotencyKeys } from '../db/schema.js';
import type { Tx } from '../db/types.js';
import { withTransaction, type ServiceContext } from './context.js';
import { ServiceError } from './errors.js';

/** A response as it was first given, to be given again for the same key. */
export interface StoredResponse {
  status: number;
  body: string;
}

/**
 * Runs a write at most once per (user, key): the key is looked up and recorded in the
 * same transaction as the effect, so two processes racing with one key record one
 * effect. The same key with another request is `idempotency_key_reused`.
 *
 * Only a request that took effect consumes its key. A refused request changed
 * nothing, not even the key, so the client may fix it and send it again.
 */
export async function withIdempotency(
  ctx: ServiceContext,
  request: { key: string; hash: string },
  fn: (ctx: ServiceContext) => Promise<StoredResponse>,
): Promise<StoredResponse & { replayed: boolean }> {
  return withTransaction(ctx, async (tx, inner) => {
    const seen = await findKey(tx, ctx.actor.id, request.key, request.hash);
    if (seen) return { ...seen, replayed: true };
    const response = await fn(inner);
    if (response.status < 300) await claimKey(tx, ctx, request.key, request.hash, response);
    return { ...response, replayed: false };
  });
}

/** The stored response for this key, or undefined; throws if the key was used for another request. */
export async function findKey(
  tx: Tx,
  userId: number,
  key: string,
  hash: string,
): Promise<StoredResponse | undefined> {
  const [row] = await tx
    .select({
      requestHash: idempotencyKeys.requestHash,
      status: idempotencyKeys.status,
      body: idempotencyKeys.body,
    })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
  if (!row) return undefined;
  if (row.requestHash !== hash) {
    throw new ServiceError('idempotency_key_reused', { params: { key }, details: { key } });
  }
  return { status: row.status, body: row.body };
}

export async function claimKey(
  tx: Tx,
  ctx: Pick<ServiceContext, 'actor' | 'now'>,
  key: string,
  hash: string,
  response: StoredResponse,
): Promise<void> {
  await tx.insert(idempotencyKeys).values({
    userId: ctx.actor.id,
    key,
    requestHash: hash,
    status: response.status,
    body: response.body,
    createdAt: ctx.now(),
  });
}

/** Stored responses for many keys at once (batch rows), by key. */
export async function findKeys(
  tx: Tx,
  userId: number,
  keys: readonly string[],
): Promise<Map<string, StoredResponse & { requestHash: string }>> {
  const found = new Map<string, StoredResponse & { requestHash: string }>();
  const unique = [...new Set(keys)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = await tx
      .select({
        key: idempotencyKeys.key,
        requestHash: idempotencyKeys.requestHash,
        status: idempotencyKeys.status,
        body: idempotencyKeys.body,
      })
      .from(idempotencyKeys)
      .where(
        and(
          eq(idempotencyKeys.userId, userId),
          inArray(idempotencyKeys.key, unique.slice(i, i + 500)),
        ),
      );
    for (const { key, ...rest } of rows) found.set(key, rest);
  }
  return found;
}

/** Records many keys at once, with a few multi-row inserts. */
export async function claimKeys(
  tx: Tx,
  ctx: Pick<ServiceContext, 'actor' | 'now'>,
  entries: ReadonlyArray<{ key: string; hash: string; response: StoredResponse }>,
): Promise<void> {
  const createdAt = ctx.now();
  for (let i = 0; i < entries.length; i += 150) {
    await tx.insert(idempotencyKeys).values(
      entries.slice(i, i + 150).map((e) => ({
        userId: ctx.actor.id,
        key: e.key,
        requestHash: e.hash,
        status: e.response.status,
        body: e.response.body,
        createdAt,
      })),
    );
  }
}

/** A fingerprint of a request that ignores the order of object keys. */
export function requestHash(scope: string, body: unknown): string {
  return createHash('sha256')
    .update(scope)
    .update('\n')
    .update(stableStringify(body))
    .digest('hex');
}

export function stableStringify(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined && v !== null)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
}
