import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

const TOKEN = 'suggestion-orders-admin-token';
let dir: ReturnType<typeof tempDir>;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dir = tempDir();
  const url = `file:${join(dir.dir, 'shared.db')}`;
  // The first process migrates; the second starts on the migrated file.
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  dir?.cleanup();
});

describe('ordering purchase suggestions from two service processes', () => {
  it('clicked many times at once, on both, makes one draft with the quantity of one click', async () => {
    const [a, b] = servers as [ServerProcess, ServerProcess];
    const call = (s: ServerProcess, method: string, path: string, body?: unknown) =>
      request(s.url, method, `/api/v1${path}`, TOKEN, body);
    expect(
      (await call(a, 'POST', '/locations', { code: 'S1', name: 'Store', kind: 'store' })).status,
    ).toBe(201);
    expect((await call(b, 'POST', '/items', { sku: 'TEA', name: 'Tea' })).status).toBe(201);
    expect(
      (await call(a, 'POST', '/suppliers', { name: 'Farm', leadTimeDays: 1, packSize: 1 })).status,
    ).toBe(201);
    const po = await call(b, 'POST', '/purchase-orders', {
      supplier: 'Farm',
      location: 'S1',
      lines: [{ sku: 'TEA', quantity: 7, unitCost: 3 }],
    });
    expect(
      (
        await call(a, 'POST', `/purchase-orders/${po.body.id}/receive`, {
          lines: [{ sku: 'TEA', quantity: 7 }],
        })
      ).body.status,
    ).toBe('received');
    expect(
      (
        await call(b, 'POST', '/movements', {
          type: 'issue',
          sku: 'TEA',
          quantity: 7,
          location: 'S1',
        })
      ).status,
    ).toBe(201);
    // Sold 7 today, one day of lead time: order 7.
    const window = { location: 'S1', windowDays: 1, reviewDays: 0 };
    expect(
      (await call(a, 'GET', '/suggestions/purchase?location=S1&windowDays=1&reviewDays=0')).body
        .items,
    ).toMatchObject([{ sku: 'TEA', quantity: 7 }]);

    const replies = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/suggestions/purchase/orders', window),
      ),
    );
    expect(replies.map((r) => r.status)).toEqual(Array(12).fill(201));
    expect(replies.filter((r) => r.body.orders.length > 0)).toHaveLength(1);

    for (const s of servers) {
      const drafts = (await call(s, 'GET', '/purchase-orders?status=draft&location=S1')).body.items;
      expect(drafts.map((d: { lines: unknown }) => d.lines)).toEqual([
        [{ sku: 'TEA', quantity: 7, unitCost: 3, received: 0 }],
      ]);
      expect(
        (await call(s, 'GET', '/suggestions/purchase?location=S1&windowDays=1&reviewDays=0')).body
          .items,
      ).toEqual([]);
    }
  });
});
