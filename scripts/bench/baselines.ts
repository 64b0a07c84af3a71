/**
 * The baselines the write path is measured against, in the same run:
 *
 * - `rawClientPosting`: the posting by hand with `@libsql/client` (what the service
 *   is built on), one posting per transaction;
 * - `syncPostings`: the same posting through the `libsql` package's synchronous,
 *   better-sqlite3-compatible API with statements prepared once: this design's limit
 *   on this machine (no async hop per statement, no re-preparing);
 * - `rawHonoServer`: a bare Hono route on `@hono/node-server` (no auth, no validation)
 *   doing the raw posting under a write mutex, one commit per request: what a
 *   hand-written service gets over HTTP.
 *
 * All three write the same rows as the service's receipt of one unit (the guarded
 * supplier balance, the store balance and the movement), on the real schema with
 * WAL and durable commits.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Client, Transaction } from '@libsql/client';
import { Hono } from 'hono';
import Libsql from 'libsql';

export interface Ids {
  item: number;
  store: number;
  supplier: number;
}

const SUPPLIER_GUARD = `UPDATE balances SET on_hand = on_hand - 1 WHERE item_id = ? AND location_id = ? AND (is_virtual = 1 OR on_hand - reserved >= 1)`;
const SUPPLIER_INSERT = `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 1, -1, 0)`;
const STORE_UPSERT = `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 0, 1, 0)
          ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = on_hand + 1`;
const MOVEMENT_INSERT = `INSERT INTO movements (type, item_id, source_id, target_id, quantity, occurred_at, posted_at, actor_id)
          VALUES ('receipt', ?, ?, ?, 1, ?, ?, 1)`;

/** What a developer would write by hand: guarded update, upsert and insert per posting. */
export async function rawClientPosting(c: Client | Transaction, ids: Ids): Promise<void> {
  const guard = await c.execute({ sql: SUPPLIER_GUARD, args: [ids.item, ids.supplier] });
  if (guard.rowsAffected === 0) {
    await c.execute({ sql: SUPPLIER_INSERT, args: [ids.item, ids.supplier] });
  }
  await c.execute({ sql: STORE_UPSERT, args: [ids.item, ids.store] });
  const now = Date.now();
  await c.execute({ sql: MOVEMENT_INSERT, args: [ids.item, ids.supplier, ids.store, now, now] });
}

/**
 * `count` postings, one transaction each, through the synchronous `libsql` API with
 * prepared statements, on the database file at `path` (already migrated). Returns ms.
 */
export function syncPostings(path: string, ids: Ids, count: number): number {
  const db = new Libsql(path);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    const guard = db.prepare(SUPPLIER_GUARD);
    const insert = db.prepare(SUPPLIER_INSERT);
    const upsert = db.prepare(STORE_UPSERT);
    const movement = db.prepare(MOVEMENT_INSERT);
    const post = db.transaction(() => {
      if (guard.run(ids.item, ids.supplier).changes === 0) insert.run(ids.item, ids.supplier);
      upsert.run(ids.item, ids.store);
      const now = Date.now();
      movement.run(ids.item, ids.supplier, ids.store, now, now);
    });
    const start = performance.now();
    for (let i = 0; i < count; i++) post.immediate();
    return performance.now() - start;
  } finally {
    db.close();
  }
}

/** A mutex: one write transaction at a time in this process, in arrival order. */
function mutex(): <T>(fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * The hand-written service: `POST /api/v1/movements` parses the body and posts the
 * raw receipt in its own transaction (one commit per request). Returns its URL.
 */
export async function rawHonoServer(
  client: Client,
  ids: Ids,
): Promise<{ url: string; close(): Promise<void> }> {
  const app = new Hono();
  const exclusive = mutex();
  app.post('/api/v1/movements', async (c) => {
    const body = (await c.req.json()) as { quantity?: number };
    if (body.quantity !== 1) return c.json({ code: 'validation_failed' }, 422);
    const id = await exclusive(async () => {
      const tx = await client.transaction('write');
      try {
        await rawClientPosting(tx, ids);
        const row = await tx.execute('SELECT last_insert_rowid() AS id');
        await tx.commit();
        return Number(row.rows[0]![0]);
      } finally {
        tx.close();
      }
    });
    return c.json({ id }, 201);
  });
  const server = await new Promise<Server>((resolve) => {
    const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () =>
      resolve(srv as Server),
    ) as Server;
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v1/movements`,
    close: () => new Promise((r) => server.close(() => r())),
  };
}
