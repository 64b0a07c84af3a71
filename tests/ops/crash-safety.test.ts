import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { verifyLedger } from '../../core/services/admin/verify-ledger.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

const TOKEN = 'crash-admin-token';
const ROWS = 5000;
let dir: ReturnType<typeof tempDir>;
let url: string;

beforeAll(async () => {
  dir = tempDir();
  url = `file:${join(dir.dir, 'crash.db')}`;
  const server = await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN });
  await request(server.url, 'POST', '/api/v1/locations', TOKEN, {
    code: 'W1',
    name: 'Warehouse',
    kind: 'warehouse',
  });
  await request(server.url, 'POST', '/api/v1/items', TOKEN, { sku: 'A', name: 'A' });
  await server.stop();
});
afterAll(() => dir?.cleanup());

async function ledger() {
  const database = await openDatabase({ url, migrate: false });
  try {
    return await verifyLedger(database.client);
  } finally {
    await database.close();
  }
}

function postBatch(server: ServerProcess) {
  const rows = Array.from({ length: ROWS }, (_, i) => ({
    type: 'receipt',
    sku: 'A',
    quantity: 1,
    location: 'W1',
    reference: `row-${i}`,
  }));
  return fetch(`${server.url}/api/v1/movements/batch`, {
    method: 'POST',
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ rows }),
  }).then(
    async (r) => ({ status: r.status, body: (await r.json()) as any }),
    () => ({ status: 0, body: undefined as any }),
  );
}

async function until(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * Sends the batch, kills the server with SIGKILL after `delayMs` (or once it logs
 * that it reached a failpoint), restarts it, and looks.
 */
async function killDuringBatch(delayMs: number, env: Record<string, string> = {}) {
  const before = await ledger();
  const server = await startServerProcess({ DATABASE_URL: url, ...env });
  const reply = postBatch(server);
  if (env['INVENTORY_FAILPOINT'])
    await until(() => server.output().includes('failpoint ledger.flush reached'));
  await new Promise((r) => setTimeout(r, delayMs));
  await server.stop('SIGKILL');
  const answered = await reply;
  const restarted = await startServerProcess({ DATABASE_URL: url });
  const stock = await request(restarted.url, 'GET', '/api/v1/stock/W1/A', TOKEN);
  await restarted.stop();
  const after = await ledger();
  return { before, after, answered, stock: stock.body };
}

describe('crash safety', () => {
  it('keeps all of a 5,000-row batch or none of it when killed inside the transaction', async () => {
    // The failpoint holds the transaction open after the movements are written and
    // before the balances are: the kill lands inside the transaction for certain.
    const { before, after, answered } = await killDuringBatch(0, {
      INVENTORY_FAILPOINT: 'ledger.flush:5000',
    });
    expect(answered.status).toBe(0);
    expect(after.movements).toBe(before.movements);
    expect(after.mismatches).toEqual([]);
  });

  it.each([0, 50, 150, 300, 600, 1200])(
    'keeps all or none when killed %i ms after sending',
    async (delayMs) => {
      const { before, after, answered, stock } = await killDuringBatch(delayMs);
      const added = after.movements - before.movements;
      expect([0, ROWS]).toContain(added);
      if (answered.status === 200) expect(added).toBe(ROWS);
      expect(stock.onHand).toBe(after.movements);
      expect(after.mismatches).toEqual([]);
    },
  );
});

describe('graceful shutdown', () => {
  it('finishes the request in flight on SIGTERM, then exits 0', async () => {
    const server = await startServerProcess({
      DATABASE_URL: url,
      INVENTORY_FAILPOINT: 'ledger.flush:800',
    });
    const before = (await ledger()).movements;
    const reply = postBatch(server);
    await until(() => server.output().includes('failpoint ledger.flush reached'));
    const exited = server.stop('SIGTERM');
    const answered = await reply;
    expect(answered.status).toBe(200);
    expect(answered.body.posted).toBe(ROWS);
    expect(await exited).toBe(0);
    expect((await ledger()).movements).toBe(before + ROWS);
    // New connections are refused once it stopped.
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
