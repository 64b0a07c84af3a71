/**
 * Reports and suggestions with 10,000 items × 100 locations (1,000,000 balances and
 * 700,000 days of sales figures), through the HTTP app in-process. Target: each
 * report under 200 ms.
 */
import { dayOf } from '../../core/domain/alerts.js';
import { createApp } from '../../core/http/app.js';
import { percentile, seed, table, TOKEN, withShop } from './shop.js';

const SAMPLES = Number(process.env['BENCH_REPORTS'] ?? 20);

export async function benchReports(): Promise<void> {
  await withShop(async (shop) => {
    await seed(shop, { items: 10_000, stores: 100, movements: 1_000_000 });
    // Sales on 7 of the last 28 days for one balance in ten.
    const today = dayOf(Date.now());
    await shop.database.client.execute(`
      INSERT INTO balance_days (item_id, location_id, day, inflow, outflow, sold, refused)
      SELECT b.item_id, b.location_id, ${today} - 4 * k.n, 0, 1 + (b.item_id % 3), 1 + (b.item_id % 3), 0
        FROM balances b, (WITH RECURSIVE k(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM k WHERE n < 6) SELECT n FROM k) k
       WHERE b.is_virtual = 0 AND (b.item_id + b.location_id) % 10 = 0`);
    await shop.database.client.execute(`UPDATE items SET avg_unit_cost_e4 = 10000 + id`);
    // S099 is a warehouse the other stores source from (the default), and it shipped
    // 1,000 transfers of 10 lines to them over the window: its velocity includes them.
    const c = shop.database.client;
    await c.execute(
      `UPDATE locations SET kind = 'warehouse', name = 'Warehouse' WHERE code = 'S099'`,
    );
    // S050…S069 always buy: the baseline for what sourcing from the warehouse costs.
    await c.execute(
      `UPDATE locations SET replenish_from_id = (SELECT id FROM locations WHERE code = '@supplier') WHERE code BETWEEN 'S050' AND 'S069'`,
    );
    await c.execute(`INSERT INTO transfers (id, from_location_id, to_location_id, status, version, requested_by, created_at, updated_at, shipped_by, shipped_at)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
      SELECT 1 + i, (SELECT id FROM locations WHERE code = 'S099'), (SELECT min(id) FROM locations WHERE code LIKE 'S0%') + i % 99,
             'received', 3, 1, ${Date.now()} - (i % 28) * 86400000, ${Date.now()}, 1, ${Date.now()} - (i % 28) * 86400000 FROM n`);
    await c.execute(`INSERT INTO transfer_lines (transfer_id, item_id, quantity, shipped, received)
      WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 9999)
      SELECT 1 + i / 10, (SELECT min(id) FROM items) + (i * 7) % 10000, 2, 2, 2 FROM n`);
    const app = createApp({ database: shop.database });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const store = (i: number) => `S${String((i * 37) % 100).padStart(3, '0')}`;

    const measure = async (path: (i: number) => string) => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const started = performance.now();
        const res = await app.request(path(i), { headers });
        await res.text();
        if (res.status !== 200) throw new Error(`${path(i)}: ${res.status}`);
        times.push(performance.now() - started);
      }
      times.sort((a, b) => a - b);
      const p50 = percentile(times, 0.5);
      return [
        `p50 ${p50.toFixed(0)} ms, p99 ${percentile(times, 0.99).toFixed(0)} ms`,
        p50 < 200 ? 'ok (< 200 ms)' : 'over 200 ms',
      ] as const;
    };

    const rows: Array<[string, string, string]> = [];
    for (const [name, path] of [
      [
        'stock value, one location',
        (i: number) => `/api/v1/reports/stock-value?location=${store(i)}`,
      ],
      ['stock value, all 100 locations (1,000,000 balances)', () => '/api/v1/reports/stock-value'],
      [
        'stock value per item, a page of 1,000 rows',
        (i: number) => `/api/v1/reports/stock-value/items?location=${store(i)}&limit=1000`,
      ],
      [
        'stock matrix, a page of 200 items × 100 locations',
        (i: number) =>
          `/api/v1/reports/stock-matrix?limit=200&afterSku=SKU-${String(i * 400).padStart(5, '0')}`,
      ],
      [
        'cover and turnover, one location',
        (i: number) => `/api/v1/reports/cover?location=${store(i)}`,
      ],
      [
        'slow movers, one location',
        (i: number) => `/api/v1/reports/slow-movers?location=${store(i)}&days=60`,
      ],
      [
        'daily history, one item',
        (i: number) => `/api/v1/reports/daily?sku=SKU-${String(i * 7).padStart(5, '0')}&days=90`,
      ],
      [
        'purchase suggestions, a store that always buys (baseline)',
        (i: number) => `/api/v1/suggestions/purchase?location=S0${50 + (i % 20)}`,
      ],
      [
        'purchase suggestions, a store sourcing from the warehouse',
        (i: number) => `/api/v1/suggestions/purchase?location=S0${10 + (i % 20)}`,
      ],
      [
        'purchase suggestions, the warehouse (shipments are demand)',
        () => '/api/v1/suggestions/purchase?location=S099',
      ],
    ] as const) {
      const [figure, verdict] = await measure(path);
      rows.push([name, figure, verdict]);
    }
    table(
      `Reports, 10,000 items × 100 locations (${SAMPLES} requests each, in-process HTTP)`,
      rows,
    );
  });
}
