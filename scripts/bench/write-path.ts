/**
 * The write path against a raw @libsql/client baseline doing the same inserts and
 * updates by hand, measured in the same run on the same machine, printed as ratios.
 * Each measurement gets its own temp-file database with the real schema, WAL and
 * durable commits (synchronous=FULL). HTTP load comes from a child process
 * (load.mjs) so that the client's CPU is not charged to the server.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Client, Transaction } from '@libsql/client';
import { createApp } from '../../core/http/app.js';
import { postMovementBatch } from '../../core/services/movements/post-movement-batch.js';
import { postMovement } from '../../core/services/movements/post-movement.js';
import { table, TOKEN, withShop, type Shop } from './shop.js';

const SINGLE = Number(process.env['BENCH_SINGLE'] ?? 1000);
const BATCH = 10_000;

interface Ids {
  item: number;
  store: number;
  supplier: number;
}

/** One item (A) and one store (S1). */
async function prepare(shop: Shop): Promise<Ids> {
  const c = shop.database.client;
  await c.execute(
    `INSERT INTO locations (code, name, kind, is_virtual, created_at) VALUES ('S1', 'Store', 'store', 0, 0)`,
  );
  await c.execute(
    `INSERT INTO items (sku, name, unit, created_at) VALUES ('A', 'Item A', 'pcs', 0)`,
  );
  const id = async (sql: string) => Number((await c.execute(sql)).rows[0]![0]);
  return {
    item: await id(`SELECT id FROM items WHERE sku = 'A'`),
    store: await id(`SELECT id FROM locations WHERE code = 'S1'`),
    supplier: await id(`SELECT id FROM locations WHERE code = '@supplier'`),
  };
}

/** What a developer would write by hand: guarded update, upsert and insert per posting. */
async function rawPosting(c: Client | Transaction, ids: Ids): Promise<void> {
  const guard = await c.execute({
    sql: `UPDATE balances SET on_hand = on_hand - 1 WHERE item_id = ? AND location_id = ? AND (is_virtual = 1 OR on_hand - reserved >= 1)`,
    args: [ids.item, ids.supplier],
  });
  if (guard.rowsAffected === 0) {
    await c.execute({
      sql: `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 1, -1, 0)`,
      args: [ids.item, ids.supplier],
    });
  }
  await c.execute({
    sql: `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 0, 1, 0)
          ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = on_hand + 1`,
    args: [ids.item, ids.store],
  });
  await c.execute({
    sql: `INSERT INTO movements (type, item_id, source_id, target_id, quantity, occurred_at, posted_at, actor_id)
          VALUES ('receipt', ?, ?, ?, 1, ?, ?, 1)`,
    args: [ids.item, ids.supplier, ids.store, Date.now(), Date.now()],
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

const receipt = { type: 'receipt' as const, sku: 'A', quantity: 1, location: 'S1' };

/** `callers` concurrent callers of the service function, each posting one after another. */
function viaService(callers: number): Promise<number> {
  return withShop(async (shop) => {
    await prepare(shop);
    let next = 0;
    const caller = async () => {
      while (next++ < SINGLE) await postMovement({ ctx: shop.ctx, input: receipt });
    };
    return timed(() => Promise.all(Array.from({ length: callers }, caller)).then(() => {}));
  });
}

function overHttp(concurrency: number): Promise<number> {
  return withShop(async (shop) => {
    await prepare(shop);
    const app = createApp({ database: shop.database });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/movements`;
    try {
      const child = spawn(
        process.execPath,
        [fileURLToPath(new URL('./load.mjs', import.meta.url))],
        {
          env: {
            ...process.env,
            LOAD_URL: url,
            LOAD_TOKEN: TOKEN,
            LOAD_COUNT: String(SINGLE),
            LOAD_CONCURRENCY: String(concurrency),
          },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`load generator failed (${code}): ${out}`);
      return Number((JSON.parse(out.trim().split('\n').at(-1)!) as { ms: number }).ms);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
}

export async function benchWritePath(): Promise<void> {
  const rawSingle = await withShop(async (shop) => {
    const ids = await prepare(shop);
    return timed(async () => {
      for (let i = 0; i < SINGLE; i++) {
        const tx = await shop.database.client.transaction('write');
        await rawPosting(tx, ids);
        await tx.commit();
      }
    });
  });
  const serviceSingle = await viaService(1);
  const serviceConcurrent = await viaService(16);
  const httpSequential = await overHttp(1);
  const httpConcurrent = await overHttp(16);
  const rawBatch = await withShop(async (shop) => {
    const ids = await prepare(shop);
    return timed(async () => {
      const tx = await shop.database.client.transaction('write');
      for (let i = 0; i < BATCH; i++) await rawPosting(tx, ids);
      await tx.commit();
    });
  });
  const serviceBatch = await withShop(async (shop) => {
    await prepare(shop);
    const rows = Array.from({ length: BATCH }, () => receipt);
    return timed(async () => {
      const out = await postMovementBatch({
        ctx: shop.ctx,
        input: { rows, atomic: true, dryRun: false },
      });
      if (out.posted !== BATCH) throw new Error('batch did not post');
    });
  });

  const perSecond = (ms: number) => `${Math.round((SINGLE / ms) * 1000)} postings/s`;
  const ratio = (ms: number) => (rawSingle / ms).toFixed(2);
  table(
    `Write path (${SINGLE} single postings, ${BATCH}-row batch; ratio: throughput vs raw, or time vs raw for the batch)`,
    [
      ['raw @libsql/client, one posting per transaction', perSecond(rawSingle), '1.00 (baseline)'],
      ['service postMovement(), sequential', perSecond(serviceSingle), ratio(serviceSingle)],
      [
        'service postMovement(), 16 concurrent callers',
        perSecond(serviceConcurrent),
        ratio(serviceConcurrent),
      ],
      ['HTTP POST /movements, sequential', perSecond(httpSequential), ratio(httpSequential)],
      [
        'HTTP POST /movements, 16 concurrent clients',
        perSecond(httpConcurrent),
        ratio(httpConcurrent),
      ],
      [
        'raw @libsql/client, 10,000 rows in one transaction',
        `${rawBatch.toFixed(0)} ms`,
        '1.00 (baseline)',
      ],
      [
        'service 10,000-row atomic batch',
        `${serviceBatch.toFixed(0)} ms`,
        `${(serviceBatch / rawBatch).toFixed(2)}× raw time (target ≤ 2)`,
      ],
    ],
  );
}
