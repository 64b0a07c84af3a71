import { DEFAULT_FUTURE_TOLERANCE_MS } from '../config/server-config.js';
import type { Actor, Client } from '../domain/actor.js';
import type { Database } from '../db/client.js';
import type { Executor, Queryable, Tx } from '../db/types.js';

/** The database handle as transports pass it along (they never query it themselves). */
export type { Database };

/** Everything a service verb needs to know about the call it is serving. */
export interface ServiceContext {
  database: Database;
  actor: Actor;
  requestId: string;
  client: Client;
  /** The clock, injectable so tests can move time (reservation expiry). */
  now: () => number;
  /** Set when the verb runs inside a caller's transaction (idempotency, batches). */
  tx?: Tx;
  /** How far ahead of `now` an `occurredAt` may be (`OCCURRED_AT_TOLERANCE_MS`; default 10 minutes). */
  futureToleranceMs?: number | undefined;
}

/** The tolerance for dates ahead of the clock this request is judged by. */
export function futureToleranceOf(ctx: Pick<ServiceContext, 'futureToleranceMs'>): number {
  return ctx.futureToleranceMs ?? DEFAULT_FUTURE_TOLERANCE_MS;
}

/**
 * The service reading for itself, not for a person (a worker building an approval
 * card from a document): every location, the figures a manager sees. For reads only;
 * no verb that writes is ever called with it.
 */
export function systemReader(database: Database, requestId: string): ServiceContext {
  return {
    database,
    actor: { id: 0, name: 'system', role: 'manager', locationIds: null },
    requestId,
    client: 'system',
    now: Date.now,
  };
}

/**
 * Runs `fn` in the caller's transaction if there is one, otherwise in a new write
 * transaction from the process's write queue. A `ServiceError` thrown inside rolls
 * back everything `fn` wrote.
 */
export function withTransaction<T>(
  ctx: ServiceContext,
  fn: (tx: Tx, ctx: ServiceContext) => Promise<T>,
): Promise<T> {
  if (ctx.tx) return fn(ctx.tx, ctx);
  return ctx.database.write((tx) => fn(tx, { ...ctx, tx }));
}

/** Where a read should run: inside the current transaction, or on the database. */
export function reader(ctx: Pick<ServiceContext, 'database' | 'tx'>): Queryable {
  return ctx.tx ?? ctx.database.db;
}

/** The same, for hand-written statements. */
export function rawReader(ctx: Pick<ServiceContext, 'database' | 'tx'>): Executor {
  return ctx.tx?.raw ?? ctx.database.client;
}

/**
 * Runs several hand-written reads on one snapshot of the database (a read
 * transaction, or the caller's transaction), so that figures read by different
 * statements add up: no commit lands between them.
 */
export async function inSnapshot<T>(
  ctx: Pick<ServiceContext, 'database' | 'tx'>,
  fn: (q: Executor) => Promise<T>,
): Promise<T> {
  if (ctx.tx) return fn(ctx.tx.raw);
  const tx = await ctx.database.client.transaction('read');
  try {
    return await fn(tx);
  } finally {
    tx.close();
  }
}
