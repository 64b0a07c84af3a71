import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { verifyLedger } from '../../core/services/admin/verify-ledger.js';
import { runBurst, setUpBurst } from '../../scripts/bench/channel-burst.js';
import { request, startServerProcess, type ServerProcess } from '../helpers/server-process.js';
import { tempDir } from '../helpers/temp-db.js';

/**
 * Three channels competing for the last units, through two service processes on one
 * database file: exactly the units there are get held, every other order is refused
 * with insufficient_stock, and replaying the whole feed changes nothing. (The
 * benchmark runs the same driver with 2,000 orders for 500 units.)
 */
const TOKEN = 'channel-burst-admin-token';
let dir: ReturnType<typeof tempDir>;
let url: string;
const servers: ServerProcess[] = [];

beforeAll(async () => {
  dir = tempDir();
  url = `file:${join(dir.dir, 'burst.db')}`;
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
  servers.push(await startServerProcess({ DATABASE_URL: url, INVENTORY_BOOTSTRAP_TOKEN: TOKEN }));
  await setUpBurst(servers[0]!.url, TOKEN, 150);
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  dir?.cleanup();
});

async function ledger() {
  const database = await openDatabase({ url, migrate: false });
  try {
    const count = async (sql: string) => Number((await database.client.execute(sql)).rows[0]![0]);
    return {
      reserved: await count(`SELECT sum(reserved) FROM balances WHERE is_virtual = 0`),
      holds: await count(`SELECT count(*) FROM reservations WHERE status = 'pending'`),
      orders: await count(`SELECT count(*) FROM channel_orders`),
      movements: await count(`SELECT count(*) FROM movements`),
      verify: await verifyLedger(database.client),
    };
  } finally {
    await database.close();
  }
}

describe('a burst of channel orders on two processes', () => {
  it('holds exactly the 150 units there are, refuses the other 450 with insufficient_stock, and a replay changes nothing', async () => {
    const urls = servers.map((s) => s.url);
    const first = await runBurst({
      urls,
      token: TOKEN,
      orders: 600,
      seconds: 2,
      concurrency: 24,
      prefix: 'o',
    });
    expect(first.otherErrors).toEqual([]);
    expect({ held: first.held, refused: first.refused }).toEqual({ held: 150, refused: 450 });
    const after = await ledger();
    expect(after).toMatchObject({ reserved: 150, holds: 150, orders: 150 });
    expect(after.verify.mismatches).toEqual([]);
    for (const s of servers) {
      const w1 = (await request(s.url, 'GET', '/api/v1/stock/W1/HOT', TOKEN)).body;
      const s1 = (await request(s.url, 'GET', '/api/v1/stock/S1/HOT', TOKEN)).body;
      expect(w1.available + s1.available).toBe(0);
    }

    const replay = await runBurst({
      urls,
      token: TOKEN,
      orders: 600,
      seconds: 0,
      concurrency: 24,
      prefix: 'o',
    });
    expect({ held: replay.held, refused: replay.refused, otherErrors: replay.otherErrors }).toEqual(
      { held: 150, refused: 450, otherErrors: [] },
    );
    const again = await ledger();
    expect({ ...again, verify: undefined }).toEqual({ ...after, verify: undefined });
  });
});
