import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { verifyLedger } from '../../core/services/admin/verify-ledger.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

const TOKEN = 'concurrency-admin-token';
let dir: ReturnType<typeof tempDir>;
let server: ServerProcess;
let databaseUrl: string;

beforeAll(async () => {
  dir = tempDir();
  databaseUrl = `file:${join(dir.dir, 'nested', 'inventory.db')}`;
  server = await startServerProcess({
    DATABASE_URL: databaseUrl,
    INVENTORY_BOOTSTRAP_TOKEN: TOKEN,
  });
});
afterAll(async () => {
  await server?.stop();
  dir?.cleanup();
});

const call = (method: string, path: string, body?: unknown) =>
  request(server.url, method, `/api/v1${path}`, TOKEN, body);

describe('the real server on a temp-file database', () => {
  it('logs where it listens and which database it uses', () => {
    expect(server.output()).toContain(`listening on http://127.0.0.1:${server.port}`);
    expect(server.output()).toContain(databaseUrl);
  });

  it('gives 10 of 50 simultaneous one-unit holds against 10 available, and refuses the rest', async () => {
    expect(
      (await call('POST', '/locations', { code: 'S1', name: 'Store', kind: 'store' })).status,
    ).toBe(201);
    expect((await call('POST', '/items', { sku: 'LAST', name: 'last units' })).status).toBe(201);
    expect(
      (
        await call('POST', '/movements', {
          type: 'receipt',
          sku: 'LAST',
          quantity: 10,
          location: 'S1',
        })
      ).status,
    ).toBe(201);

    const replies = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call('POST', '/reservations', {
          sku: 'LAST',
          location: 'S1',
          quantity: 1,
          reference: `order-${i}`,
        }),
      ),
    );
    const statuses = replies.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(40);
    for (const r of replies.filter((r) => r.status === 409))
      expect(r.body.error.code).toBe('insufficient_stock');
    expect((await call('GET', '/stock/S1/LAST')).body).toEqual({
      sku: 'LAST',
      location: 'S1',
      onHand: 10,
      reserved: 10,
      available: 0,
      epoch: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
  });

  it('sells the last units once when sales race too', async () => {
    await call('POST', '/movements', { type: 'receipt', sku: 'LAST', quantity: 5, location: 'S1' });
    const replies = await Promise.all(
      Array.from({ length: 30 }, () =>
        call('POST', '/movements', { type: 'issue', sku: 'LAST', quantity: 1, location: 'S1' }),
      ),
    );
    expect(replies.filter((r) => r.status === 201)).toHaveLength(5);
    expect((await call('GET', '/stock/S1/LAST')).body.available).toBe(0);
  });

  it('keeps the books balanced, with WAL journaling on disk', async () => {
    const database = await openDatabase({ url: databaseUrl, migrate: false });
    try {
      const report = await verifyLedger(database.client);
      expect(report.mismatches).toEqual([]);
      expect(report.movements).toBe(2 + 5);
      const mode = await database.client.execute('PRAGMA journal_mode');
      expect(mode.rows[0]!['journal_mode']).toBe('wal');
      const sync = await database.client.execute('PRAGMA synchronous');
      expect(Number(sync.rows[0]!['synchronous'])).toBe(2);
    } finally {
      await database.close();
    }
  });

  it('stops cleanly on SIGTERM', async () => {
    expect(await server.stop('SIGTERM')).toBe(0);
  });
});
