/**
 * `npm run bench`: the ledger's write path against a raw @libsql/client baseline
 * doing the same inserts and updates by hand, measured in the same run on the same
 * machine, printed as ratios. Each measurement gets its own temp-file database with
 * the real schema, WAL and durable commits (synchronous=FULL).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import type { Client } from '@libsql/client';
import { openDatabase, type Database } from '../core/db/client.js';
import { createApp } from '../core/http/app.js';
import type { ServiceContext } from '../core/services/context.js';
import { postMovementBatch } from '../core/services/movements/post-movement-batch.js';
import { postMovement } from '../core/services/movements/post-movement.js';
import { bootstrapAdmin } from '../core/services/users/bootstrap-admin.js';

const SINGLE = Number(process.env['BENCH_SINGLE'] ?? 1000);
const BATCH = 10_000;
const TOKEN = 'bench-token-0001';

interface Shop {
  database: Database;
  ctx: ServiceContext;
  ids: { item: number; store: number; supplier: number; customer: number };
  cleanup(): Promise<void>;
}

async function shop(): Promise<Shop> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-bench-'));
  const database = await openDatabase({ url: `file:${join(dir, 'bench.db')}` });
  await bootstrapAdmin(database, TOKEN);
  const ctx: ServiceContext = {
    database,
    actor: { id: 1, name: 'admin', role: 'admin', locationIds: null },
    requestId: 'bench',
    client: 'api',
    now: Date.now,
  };
  const c = database.client;
  await c.execute(`INSERT INTO locations (code, name, kind, is_virtual, created_at) VALUES ('S1', 'Store', 'store', 0, 0)`);
  await c.execute(`INSERT INTO items (sku, name, unit, created_at) VALUES ('A', 'Item A', 'pcs', 0)`);
  const id = async (sql: string) => Number((await c.execute(sql)).rows[0]!['id']);
  const ids = {
    item: await id(`SELECT id FROM items WHERE sku = 'A'`),
    store: await id(`SELECT id FROM locations WHERE code = 'S1'`),
    supplier: await id(`SELECT id FROM locations WHERE code = '@supplier'`),
    customer: await id(`SELECT id FROM locations WHERE code = '@customer'`),
  };
  return {
    database,
    ctx,
    ids,
    async cleanup() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** What a developer would write by hand: guard, upserts and insert per posting. */
async function rawPosting(c: Client | Awaited<ReturnType<Client['transaction']>>, ids: Shop['ids'], source: number, target: number) {
  const guard = await c.execute({
    sql: `UPDATE balances SET on_hand = on_hand - 1 WHERE item_id = ? AND location_id = ? AND (is_virtual = 1 OR on_hand - reserved >= 1)`,
    args: [ids.item, source],
  });
  if (guard.rowsAffected === 0) {
    await c.execute({
      sql: `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 1, -1, 0)`,
      args: [ids.item, source],
    });
  }
  await c.execute({
    sql: `INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved) VALUES (?, ?, 0, 1, 0)
          ON CONFLICT (item_id, location_id) DO UPDATE SET on_hand = on_hand + 1`,
    args: [ids.item, target],
  });
  await c.execute({
    sql: `INSERT INTO movements (type, item_id, source_id, target_id, quantity, occurred_at, posted_at, actor_id)
          VALUES ('receipt', ?, ?, ?, 1, ?, ?, 1)`,
    args: [ids.item, source, target, Date.now(), Date.now()],
  });
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function measure<T>(name: string, fn: (s: Shop) => Promise<T>): Promise<T> {
  const s = await shop();
  try {
    return await fn(s);
  } finally {
    await s.cleanup();
    void name;
  }
}

const rawSingle = await measure('raw single', (s) =>
  timed(async () => {
    for (let i = 0; i < SINGLE; i++) {
      const tx = await s.database.client.transaction('write');
      await rawPosting(tx, s.ids, s.ids.supplier, s.ids.store);
      await tx.commit();
    }
  }),
);

/** `callers` concurrent callers, each posting one movement after another. */
async function viaService(callers: number): Promise<number> {
  return measure('service', (s) =>
    timed(async () => {
      let next = 0;
      const caller = async () => {
        while (next++ < SINGLE) await postMovement({ ctx: s.ctx, input: { type: 'receipt', sku: 'A', quantity: 1, location: 'S1' } });
      };
      await Promise.all(Array.from({ length: callers }, caller));
    }),
  );
}
const serviceSingle = await viaService(1);
const serviceConcurrent = await viaService(16);

/**
 * The server runs here; the load comes from a child process (scripts/load.mjs) so that
 * the client's CPU is not charged to the server, as with any HTTP load tool.
 */
async function overHttp(concurrency: number): Promise<number> {
  return measure('http', async (s) => {
    const app = createApp({ database: s.database });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/movements`;
    try {
      const child = spawn(process.execPath, [fileURLToPath(new URL('./load.mjs', import.meta.url))], {
        env: { ...process.env, LOAD_URL: url, LOAD_TOKEN: TOKEN, LOAD_COUNT: String(SINGLE), LOAD_CONCURRENCY: String(concurrency) },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
      const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
      if (code !== 0) throw new Error(`load generator failed (${code}): ${out}`);
      return Number(JSON.parse(out.trim().split('\n').at(-1)!).ms);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
}
const httpSequential = await overHttp(1);
const httpConcurrent = await overHttp(16);

const rawBatch = await measure('raw batch', (s) =>
  timed(async () => {
    const tx = await s.database.client.transaction('write');
    for (let i = 0; i < BATCH; i++) await rawPosting(tx, s.ids, s.ids.supplier, s.ids.store);
    await tx.commit();
  }),
);

const serviceBatch = await measure('service batch', (s) =>
  timed(async () => {
    const rows = Array.from({ length: BATCH }, () => ({ type: 'receipt', sku: 'A', quantity: 1, location: 'S1' }));
    const out = await postMovementBatch({ ctx: s.ctx, input: { rows, atomic: true, dryRun: false } });
    if (out.posted !== BATCH) throw new Error('batch did not post');
  }),
);

const perSecond = (ms: number) => Math.round((SINGLE / ms) * 1000);
const rows: Array<[string, string, string]> = [
  ['raw @libsql/client, one posting per transaction', `${perSecond(rawSingle)} postings/s`, '1.00 (baseline)'],
  ['service postMovement(), sequential', `${perSecond(serviceSingle)} postings/s`, (rawSingle / serviceSingle).toFixed(2)],
  ['service postMovement(), 16 concurrent callers', `${perSecond(serviceConcurrent)} postings/s`, (rawSingle / serviceConcurrent).toFixed(2)],
  ['HTTP POST /movements, sequential', `${perSecond(httpSequential)} postings/s`, (rawSingle / httpSequential).toFixed(2)],
  ['HTTP POST /movements, 16 concurrent clients', `${perSecond(httpConcurrent)} postings/s`, (rawSingle / httpConcurrent).toFixed(2)],
  ['raw @libsql/client, 10,000 rows in one transaction', `${rawBatch.toFixed(0)} ms`, '1.00 (baseline)'],
  ['service 10,000-row atomic batch', `${serviceBatch.toFixed(0)} ms`, `${(serviceBatch / rawBatch).toFixed(2)}× raw time`],
];
console.log(`\nLedger write path (${SINGLE} single postings, ${BATCH}-row batch; ratio: throughput vs raw, or time vs raw for the batch)\n`);
const width = Math.max(...rows.map((r) => r[0].length));
for (const [name, value, ratio] of rows) console.log(`${name.padEnd(width)}  ${value.padStart(18)}  ${ratio}`);
console.log(
  `\ntargets: single postings ≥ 0.50 of raw (service ${(rawSingle / serviceSingle).toFixed(2)} sequential, ` +
    `${(rawSingle / serviceConcurrent).toFixed(2)} concurrent; HTTP ${(rawSingle / httpSequential).toFixed(2)} sequential, ` +
    `${(rawSingle / httpConcurrent).toFixed(2)} concurrent); ` +
    `batch ≤ 2× raw time (${(serviceBatch / rawBatch).toFixed(2)}×)`,
);
