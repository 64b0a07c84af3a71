/**
 * Stock reads with 10,000 items × 100 locations (1,000,000 balances), through the
 * HTTP app in-process: one row, one item everywhere, one location (a page of 1,000).
 */
import { createApp } from '../../core/http/app.js';
import { percentile, seed, table, TOKEN, withShop } from './shop.js';

const SAMPLES = Number(process.env['BENCH_READS'] ?? 500);

export async function benchStockReads(): Promise<void> {
  await withShop(async (shop) => {
    // 1,000,000 receipts, one per (item, location): 10,000 items × 100 stores.
    await seed(shop, { items: 10_000, stores: 100, movements: 1_000_000 });
    const app = createApp({ database: shop.database });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const sku = (i: number) => `SKU-${String((i * 7919) % 10_000).padStart(5, '0')}`;
    const store = (i: number) => `S${String((i * 31) % 100).padStart(3, '0')}`;

    const measure = async (path: (i: number) => string, rows: number) => {
      const times: number[] = [];
      for (let i = 0; i < SAMPLES; i++) {
        const started = performance.now();
        const res = await app.request(path(i), { headers });
        const body = (await res.json()) as { items?: unknown[] };
        times.push(performance.now() - started);
        if (res.status !== 200 || (body.items && body.items.length !== rows))
          throw new Error(`${path(i)}: ${res.status}`);
      }
      times.sort((a, b) => a - b);
      return `p50 ${percentile(times, 0.5).toFixed(2)} ms, p99 ${percentile(times, 0.99).toFixed(2)} ms`;
    };

    table(`Stock reads, 10,000 items × 100 locations (${SAMPLES} requests each, in-process HTTP)`, [
      [
        'GET /stock/{location}/{sku}',
        await measure((i) => `/api/v1/stock/${store(i)}/${sku(i)}`, 0),
        '',
      ],
      ['GET /stock?sku= (100 rows)', await measure((i) => `/api/v1/stock?sku=${sku(i)}`, 100), ''],
      [
        'GET /stock?location=&limit=1000',
        await measure((i) => `/api/v1/stock?location=${store(i)}&limit=1000`, 1000),
        '',
      ],
    ]);
  });
}
