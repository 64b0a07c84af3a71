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
import { createApp } from '../../core/http/app.js';
import { postMovementBatch } from '../../core/services/movements/post-movement-batch.js';
import { postMovement } from '../../core/services/movements/post-movement.js';
import { type Ids, rawClientPosting, rawHonoServer, syncPostings } from './baselines.js';
import { localFilePath } from '../../core/db/client.js';
import { table, TOKEN, withShop, type Shop } from './shop.js';

const SINGLE = Number(process.env['BENCH_SINGLE'] ?? 1000);
const BATCH = 10_000;

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

export interface LoadResult {
  ms: number;
  p50: number;
  p99: number;
  /** The server's resident set after the run, in MiB. */
  rssMiB: number;
}

/** `SINGLE` receipts to `url` from a separate process over `connections` keep-alive connections. */
async function load(url: string, connections: number): Promise<Omit<LoadResult, 'rssMiB'>> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./load.mjs', import.meta.url))], {
    env: {
      ...process.env,
      LOAD_URL: url,
      LOAD_TOKEN: TOKEN,
      LOAD_COUNT: String(SINGLE),
      LOAD_CONCURRENCY: String(connections),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator failed (${code}): ${out}`);
  return JSON.parse(out.trim().split('\n').at(-1)!) as Omit<LoadResult, 'rssMiB'>;
}

const rssMiB = () => process.memoryUsage().rss / 2 ** 20;

/** The service's `POST /movements` on a fresh shop, served in this process. */
function overHttp(connections: number): Promise<LoadResult> {
  return withShop(async (shop) => {
    await prepare(shop);
    const app = createApp({ database: shop.database });
    const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
      const srv = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(srv));
    });
    const address = server.address();
    const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v1/movements`;
    try {
      return { ...(await load(url, connections)), rssMiB: rssMiB() };
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
}

/** The bare Hono route doing the raw posting, one commit per request. */
function overRawHono(connections: number): Promise<LoadResult> {
  return withShop(async (shop) => {
    const ids = await prepare(shop);
    const server = await rawHonoServer(shop.database.client, ids);
    try {
      return { ...(await load(server.url, connections)), rssMiB: rssMiB() };
    } finally {
      await server.close();
    }
  });
}

export const CONNECTIONS = [1, 16, 64] as const;

export interface WriteFigures {
  /** Postings per second. */
  rawClient: number;
  sync: number;
  service: number;
  service16: number;
  http: Record<(typeof CONNECTIONS)[number], LoadResult & { perSecond: number }>;
  hono: Record<(typeof CONNECTIONS)[number], LoadResult & { perSecond: number }>;
  /** ms */
  rawBatch: number;
  serviceBatch: number;
}

export async function measureWritePath(): Promise<WriteFigures> {
  const perSecond = (ms: number) => (SINGLE / ms) * 1000;
  const rawSingle = await withShop(async (shop) => {
    const ids = await prepare(shop);
    return timed(async () => {
      for (let i = 0; i < SINGLE; i++) {
        const tx = await shop.database.client.transaction('write');
        await rawClientPosting(tx, ids);
        await tx.commit();
      }
    });
  });
  const sync = await withShop(async (shop) => {
    const ids = await prepare(shop);
    return syncPostings(localFilePath(shop.database.url)!, ids, SINGLE);
  });
  const serviceSingle = await viaService(1);
  const serviceConcurrent = await viaService(16);
  const http = {} as WriteFigures['http'];
  const hono = {} as WriteFigures['hono'];
  for (const c of CONNECTIONS) {
    const h = await overRawHono(c);
    hono[c] = { ...h, perSecond: perSecond(h.ms) };
    const s = await overHttp(c);
    http[c] = { ...s, perSecond: perSecond(s.ms) };
  }
  const rawBatch = await withShop(async (shop) => {
    const ids = await prepare(shop);
    return timed(async () => {
      const tx = await shop.database.client.transaction('write');
      for (let i = 0; i < BATCH; i++) await rawClientPosting(tx, ids);
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
  return {
    rawClient: perSecond(rawSingle),
    sync: perSecond(sync),
    service: perSecond(serviceSingle),
    service16: perSecond(serviceConcurrent),
    http,
    hono,
    rawBatch,
    serviceBatch,
  };
}

export async function benchWritePath(): Promise<WriteFigures> {
  const f = await measureWritePath();
  const rate = (n: number) => `${Math.round(n)} postings/s`;
  const vs = (n: number) => (n / f.rawClient).toFixed(2);
  const lat = (r: LoadResult & { perSecond: number }) =>
    `${rate(r.perSecond)}, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms, RSS ${r.rssMiB.toFixed(0)} MiB`;
  table(
    `Write path (${SINGLE} single postings, ${BATCH}-row batch; ratio: throughput vs raw @libsql/client, or time vs raw for the batch)`,
    [
      ['raw @libsql/client, one posting per transaction', rate(f.rawClient), '1.00 (baseline)'],
      ['raw libsql (sync API, prepared statements), one per transaction', rate(f.sync), vs(f.sync)],
      ['service postMovement(), sequential', rate(f.service), vs(f.service)],
      ['service postMovement(), 16 concurrent callers', rate(f.service16), vs(f.service16)],
      ...CONNECTIONS.flatMap(
        (c): Array<[string, string, string]> => [
          [`raw Hono route, ${c} connection(s)`, lat(f.hono[c]), '1.00 (baseline)'],
          [
            `HTTP POST /movements, ${c} connection(s)`,
            lat(f.http[c]),
            `${(f.http[c].perSecond / f.hono[c].perSecond).toFixed(2)} vs raw Hono`,
          ],
        ],
      ),
      [
        'raw @libsql/client, 10,000 rows in one transaction',
        `${f.rawBatch.toFixed(0)} ms`,
        '1.00 (baseline)',
      ],
      [
        'service 10,000-row atomic batch',
        `${f.serviceBatch.toFixed(0)} ms`,
        `${(f.serviceBatch / f.rawBatch).toFixed(2)}× raw time`,
      ],
    ],
  );
  return f;
}
