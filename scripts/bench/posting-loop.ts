/**
 * 2,000 sequential one-unit receipts through the service function after 300 to warm
 * up, printing wall-clock and CPU milliseconds per posting: what docs/performance.md
 * profiles. `node --cpu-prof --cpu-prof-dir=prof --import tsx scripts/bench/posting-loop.ts`
 * writes the profile; `INVENTORY_STATEMENT_CACHE=off` measures without the cache.
 */
import { postMovement } from '../../core/services/movements/post-movement.js';
import { withShop } from './shop.js';

const COUNT = Number(process.env['BENCH_SINGLE'] ?? 2000);

await withShop(async (shop) => {
  const c = shop.database.client;
  await c.execute(
    `INSERT INTO locations (code, name, kind, is_virtual, created_at) VALUES ('S1', 'Store', 'store', 0, 0)`,
  );
  await c.execute(
    `INSERT INTO items (sku, name, unit, created_at) VALUES ('A', 'Item A', 'pcs', 0)`,
  );
  const input = { type: 'receipt' as const, sku: 'A', quantity: 1, location: 'S1' };
  for (let i = 0; i < 300; i++) await postMovement({ ctx: shop.ctx, input });
  const wall = performance.now();
  const cpu = process.cpuUsage();
  for (let i = 0; i < COUNT; i++) await postMovement({ ctx: shop.ctx, input });
  const used = process.cpuUsage(cpu);
  console.log(
    JSON.stringify({
      postings: COUNT,
      msPerPosting: (performance.now() - wall) / COUNT,
      cpuMsPerPosting: (used.user + used.system) / 1000 / COUNT,
    }),
  );
});
