import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database } from '../../core/db/client.js';
import type { ServiceContext } from '../../core/services/context.js';
import { bootstrapAdmin } from '../../core/services/users/bootstrap-admin.js';

export const TOKEN = 'bench-token-0001';

export interface Shop {
  database: Database;
  ctx: ServiceContext;
  cleanup(): Promise<void>;
}

/** A temp-file database with the real schema, an admin, and a service context. */
export async function openShop(): Promise<Shop> {
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
  return {
    database,
    ctx,
    async cleanup() {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function withShop<T>(fn: (shop: Shop) => Promise<T>): Promise<T> {
  const shop = await openShop();
  try {
    return await fn(shop);
  } finally {
    await shop.cleanup();
  }
}

/**
 * Fills a shop fast, in SQL: `items` items (SKU-00001…), `stores` stores (S001…), and
 * `movements` receipts spread over them, with balances that match (verify passes).
 * The audit trigger fires for every movement, as it would in production.
 */
export async function seed(
  shop: Shop,
  counts: { items: number; stores: number; movements: number },
): Promise<void> {
  const c = shop.database.client;
  const tx = await c.transaction('write');
  const range = (n: number) =>
    `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${n - 1})`;
  await tx.execute(`${range(counts.items)} INSERT INTO items (sku, name, unit, created_at)
    SELECT printf('SKU-%05d', i), 'Item ' || i, 'pcs', 0 FROM n`);
  await tx.execute(`${range(counts.stores)} INSERT INTO locations (code, name, kind, is_virtual, created_at)
    SELECT printf('S%03d', i), 'Store ' || i, 'store', 0, 0 FROM n`);
  const one = async (sql: string) => Number((await tx.execute(sql)).rows[0]![0]);
  const firstItem = await one(`SELECT min(id) FROM items WHERE sku LIKE 'SKU-%'`);
  const firstStore = await one(
    `SELECT min(id) FROM locations WHERE code LIKE 'S%' AND is_virtual = 0`,
  );
  const supplier = await one(`SELECT id FROM locations WHERE code = '@supplier'`);
  if (counts.movements > 0) {
    await tx.execute(`${range(counts.movements)}
      INSERT INTO movements (type, item_id, source_id, target_id, quantity, occurred_at, posted_at, actor_id, request_id, client)
      SELECT 'receipt', ${firstItem} + (i % ${counts.items}), ${supplier},
             ${firstStore} + ((i / ${counts.items}) % ${counts.stores}), 1 + (i % 5), 0, 0, 1, 'seed', 'system' FROM n`);
    await tx.execute(`INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved)
      SELECT item_id, target_id, 0, sum(quantity), 0 FROM movements GROUP BY item_id, target_id`);
    await tx.execute(`INSERT INTO balances (item_id, location_id, is_virtual, on_hand, reserved)
      SELECT item_id, source_id, 1, -sum(quantity), 0 FROM movements GROUP BY item_id, source_id`);
  }
  await tx.commit();
}

export function percentile(sorted: number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

export function table(title: string, rows: Array<[string, string, string]>): void {
  console.log(`\n${title}\n`);
  const width = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value, ratio] of rows)
    console.log(`${name.padEnd(width)}  ${value.padStart(20)}  ${ratio}`);
}
