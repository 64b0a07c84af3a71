import type { Database } from '../../db/client.js';
import type { Executor, Tx } from '../../db/types.js';

/**
 * The one delivery queue: what webhooks (core/services/webhooks/deliver.ts) and Teams
 * (core/services/teams/deliveries.ts, sent by bot/teams-worker.ts) share. Each keeps
 * its own table of rows, one per (target, outbox event), and the same algorithm runs
 * over both:
 *
 * 1. **fan out**: a consumer reads the outbox from its cursor, queues rows, and moves
 *    the cursor in the same transaction (`readOutbox`, `advanceCursor`);
 * 2. **claim**: due rows get a worker id and a claim deadline (`claimDue`), so another
 *    process leaves them alone; a claim that outlives its deadline (a crashed worker)
 *    is claimed again;
 * 3. **send**: the caller's own transport;
 * 4. **settle**: delivered, or another attempt after an exponential backoff with jitter
 *    (never sooner than the target asked), or dead at once when the answer says no
 *    attempt can succeed, or dead after `MAX_ATTEMPTS` (`settle`). Only the claimant
 *    settles a row.
 *
 * Everything lives in the database: two service processes behave like one.
 */

/** The queues. Closed, so a name is never text from outside in the SQL below. */
export interface QueueSpec {
  table: 'deliveries' | 'teams_deliveries';
  /** What a delivered row records: the time (webhooks) or the sent activity (Teams). */
  receipt: 'delivered_at' | 'activity_id';
}

export const WEBHOOK_QUEUE: QueueSpec = { table: 'deliveries', receipt: 'delivered_at' };
export const TEAMS_QUEUE: QueueSpec = { table: 'teams_deliveries', receipt: 'activity_id' };

export const MAX_ATTEMPTS = 8;
/** More than this many messages due to one target at once become one digest. */
export const DIGEST_OVER = 10;
/** How long a claim keeps other workers away from a row. */
export const CLAIM_MS = 60_000;

/** Tries again after 2 s, 4 s, 8 s, … up to 10 minutes, with jitter. */
export function backoffMs(attempts: number, random = Math.random()): number {
  return Math.min(600_000, 1000 * 2 ** attempts) * (0.75 + random * 0.5);
}

/**
 * What one send came to.
 * - `delivered`: the target took the message (`receipt`: what the row keeps of it).
 * - `retry`: try again later; `notBeforeMs` when the target said how long to wait.
 * - `permanent`: trying again cannot help; the row is dead at once.
 */
export type Outcome =
  | { outcome: 'delivered'; receipt?: string | number | null }
  | { outcome: 'retry'; error: string; notBeforeMs?: number }
  | { outcome: 'permanent'; error: string };

export interface Claimed {
  id: number;
  attempts: number;
}

/**
 * Claims up to `limit` due rows for `worker`, oldest first, with the queue's own
 * `columns` of each row (names from the caller's code, never from input).
 */
export async function claimDue<C extends string>(
  tx: Tx,
  queue: QueueSpec,
  options: { worker: string; now: number; limit: number; columns: readonly C[] },
): Promise<Array<Claimed & { row: Record<C, unknown> }>> {
  const { worker, now, limit, columns } = options;
  const rows = await tx.raw.execute({
    sql: `UPDATE ${queue.table} SET claimed_by = ?, claimed_until = ?
          WHERE id IN (SELECT id FROM ${queue.table} WHERE status = 'pending' AND next_attempt_at <= ?
                         AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY id LIMIT ?)
          RETURNING ${['id', 'attempts', ...columns].join(', ')}`,
    args: [worker, now + CLAIM_MS, now, now, limit],
  });
  return rows.rows
    .map((r) => ({
      id: Number(r['id']),
      attempts: Number(r['attempts']),
      row: Object.fromEntries(columns.map((c) => [c, r[c]])) as Record<C, unknown>,
    }))
    .sort((a, b) => a.id - b.id);
}

/**
 * Records the outcome of one message (one or more rows sent together, as a digest).
 * A row whose claim was lost (another worker took it over after the deadline) is left
 * to its new claimant.
 */
export async function settle(
  tx: Tx,
  queue: QueueSpec,
  rows: readonly Claimed[],
  worker: string,
  now: number,
  result: Outcome,
): Promise<void> {
  for (const row of rows) {
    if (result.outcome === 'delivered') {
      await tx.raw.execute({
        sql: `UPDATE ${queue.table} SET status = 'delivered', ${queue.receipt} = ?, attempts = attempts + 1,
                     claimed_by = NULL, claimed_until = NULL
               WHERE id = ? AND claimed_by = ?`,
        args: [queue.receipt === 'delivered_at' ? now : (result.receipt ?? null), row.id, worker],
      });
      continue;
    }
    const attempts = row.attempts + 1;
    const dead = result.outcome === 'permanent' || attempts >= MAX_ATTEMPTS;
    const wait = Math.max(
      backoffMs(attempts),
      result.outcome === 'retry' ? (result.notBeforeMs ?? 0) : 0,
    );
    await tx.raw.execute({
      sql: `UPDATE ${queue.table} SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?,
                   claimed_by = NULL, claimed_until = NULL
             WHERE id = ? AND claimed_by = ?`,
      args: [
        dead ? 'dead' : 'pending',
        attempts,
        now + wait,
        result.error.slice(0, 500),
        row.id,
        worker,
      ],
    });
  }
}

export interface OutboxEvent {
  id: number;
  topic: string;
  createdAt: number;
  documentType: string | null;
  documentId: number | null;
  payload: Record<string, unknown>;
}

const toEvent = (r: Record<string, unknown>): OutboxEvent => ({
  id: Number(r['id']),
  topic: String(r['topic']),
  createdAt: Number(r['created_at']),
  documentType: r['document_type'] === null ? null : String(r['document_type']),
  documentId: r['document_id'] === null ? null : Number(r['document_id']),
  payload: JSON.parse(String(r['payload'])) as Record<string, unknown>,
});

const EVENT_COLUMNS = 'id, topic, created_at, document_type, document_id, payload';

/**
 * The outbox events after a consumer's cursor, at most `limit`, in order. Run it in the
 * transaction that queues them and then `advanceCursor`: the read position moves with
 * the rows it produced, so two processes fanning out at once queue nothing twice.
 */
export async function readOutbox(tx: Tx, consumer: string, limit: number): Promise<OutboxEvent[]> {
  await tx.raw.execute({
    sql: `INSERT INTO outbox_cursors (consumer, last_id) VALUES (?, 0) ON CONFLICT DO NOTHING`,
    args: [consumer],
  });
  const cursor = Number(
    (
      await tx.raw.execute({
        sql: `SELECT last_id FROM outbox_cursors WHERE consumer = ?`,
        args: [consumer],
      })
    ).rows[0]![0],
  );
  const rows = await tx.raw.execute({
    sql: `SELECT ${EVENT_COLUMNS} FROM outbox WHERE id > ? ORDER BY id LIMIT ?`,
    args: [cursor, limit],
  });
  return rows.rows.map(toEvent);
}

/** Moves a consumer's cursor past the events it has queued. */
export async function advanceCursor(
  tx: Tx,
  consumer: string,
  events: readonly OutboxEvent[],
): Promise<void> {
  if (events.length === 0) return;
  await tx.raw.execute({
    sql: `UPDATE outbox_cursors SET last_id = ? WHERE consumer = ?`,
    args: [events.at(-1)!.id, consumer],
  });
}

/** Outbox events by id, in id order. */
export async function outboxEvents(
  q: Executor | Database,
  ids: readonly number[],
): Promise<OutboxEvent[]> {
  if (ids.length === 0) return [];
  const executor: Executor = 'client' in q ? q.client : q;
  const rows = await executor.execute({
    sql: `SELECT ${EVENT_COLUMNS} FROM outbox WHERE id IN (${ids.map(() => '?').join(', ')}) ORDER BY id`,
    args: [...ids],
  });
  return rows.rows.map(toEvent);
}
