import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { verifyLedger } from '../../core/services/admin/verify-ledger.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

const TOKEN = 'scale-out-admin-token';
let dir: ReturnType<typeof tempDir>;
let url: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dir = tempDir();
  url = `file:${join(dir.dir, 'shared.db')}`;
  // The first process migrates; the second starts on the migrated file.
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  dir?.cleanup();
});

async function verify() {
  const database = await openDatabase({ url, migrate: false });
  try {
    return await verifyLedger(database.client);
  } finally {
    await database.close();
  }
}

describe('two service processes on one database', () => {
  it('behave as one: 200 concurrent holds for the last 20 units, split across both, give exactly 20', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    expect(
      (
        await request(a.url, 'POST', '/api/v1/locations', TOKEN, {
          code: 'S1',
          name: 'Store',
          kind: 'store',
        })
      ).status,
    ).toBe(201);
    // Created through one process, visible through the other at once: nothing is cached.
    expect(
      (await request(b.url, 'POST', '/api/v1/items', TOKEN, { sku: 'LAST', name: 'last 20' }))
        .status,
    ).toBe(201);
    expect(
      (
        await request(a.url, 'POST', '/api/v1/movements', TOKEN, {
          type: 'receipt',
          sku: 'LAST',
          quantity: 20,
          location: 'S1',
        })
      ).status,
    ).toBe(201);

    const replies = await Promise.all(
      Array.from({ length: 200 }, (_, i) =>
        request((i % 2 ? a : b).url, 'POST', '/api/v1/reservations', TOKEN, {
          sku: 'LAST',
          location: 'S1',
          quantity: 1,
          reference: `o-${i}`,
        }),
      ),
    );
    const byStatus = new Map<number, number>();
    for (const r of replies) byStatus.set(r.status, (byStatus.get(r.status) ?? 0) + 1);
    expect(Object.fromEntries(byStatus)).toEqual({ 201: 20, 409: 180 });
    expect(
      replies
        .filter((r) => r.status === 409)
        .every((r) => r.body.error.code === 'insufficient_stock'),
    ).toBe(true);
    expect(new Set(replies.filter((r) => r.status === 201).map((r) => r.body.id)).size).toBe(20);

    for (const s of servers) {
      expect((await request(s.url, 'GET', '/api/v1/stock/S1/LAST', TOKEN)).body).toMatchObject({
        onHand: 20,
        reserved: 20,
        available: 0,
      });
    }
    expect((await verify()).mismatches).toEqual([]);
  });

  it('share idempotency: the same key sent to both processes has one effect', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const send = (s: ServerProcess) =>
      request(
        s.url,
        'POST',
        '/api/v1/movements',
        TOKEN,
        { type: 'receipt', sku: 'LAST', quantity: 7, location: 'S1' },
        { 'idempotency-key': 'twice-1' },
      );
    const replies = await Promise.all([send(a), send(b), send(a), send(b)]);
    expect(replies.map((r) => r.status)).toEqual([201, 201, 201, 201]);
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect((await request(b.url, 'GET', '/api/v1/stock/S1/LAST', TOKEN)).body.onHand).toBe(27);
  });
});
