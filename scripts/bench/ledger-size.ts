/**
 * Does a posting cost more as the ledger grows? Times single postings on a ledger of
 * 10,000 movements and on one of 1,000,000 (target: ratio ≤ 1.5), and `verify` on the
 * large one (target: under a minute).
 */
import { verifyLedger } from '../../core/services/admin/verify-ledger.js';
import { postMovement } from '../../core/services/movements/post-movement.js';
import { seed, table, withShop } from './shop.js';

const POSTINGS = Number(process.env['BENCH_SINGLE'] ?? 1000);
const ITEMS = 1000;
const STORES = 10;

async function postingCost(
  movements: number,
): Promise<{ msPerPosting: number; verifySeconds?: number }> {
  return withShop(async (shop) => {
    const seeded = performance.now();
    await seed(shop, { items: ITEMS, stores: STORES, movements });
    console.error(
      `  seeded ${movements} movements in ${((performance.now() - seeded) / 1000).toFixed(1)} s`,
    );
    const started = performance.now();
    for (let i = 0; i < POSTINGS; i++) {
      const sku = `SKU-${String((i * 7919) % ITEMS).padStart(5, '0')}`;
      const location = `S${String(i % STORES).padStart(3, '0')}`;
      const type = i % 2 ? 'issue' : 'receipt';
      await postMovement({ ctx: shop.ctx, input: { type, sku, quantity: 1, location } });
    }
    const msPerPosting = (performance.now() - started) / POSTINGS;
    if (movements < 1_000_000) return { msPerPosting };
    const verifyStarted = performance.now();
    const report = await verifyLedger(shop.database.client);
    if (!report.ok)
      throw new Error(`verify failed: ${JSON.stringify(report.mismatches.slice(0, 3))}`);
    return { msPerPosting, verifySeconds: (performance.now() - verifyStarted) / 1000 };
  });
}

export async function benchLedgerSize(): Promise<void> {
  const small = await postingCost(10_000);
  const large = await postingCost(1_000_000);
  const ratio = large.msPerPosting / small.msPerPosting;
  table('Posting cost against ledger size (service postMovement, sequential)', [
    [
      'ledger of 10,000 movements',
      `${small.msPerPosting.toFixed(3)} ms/posting`,
      '1.00 (baseline)',
    ],
    [
      'ledger of 1,000,000 movements',
      `${large.msPerPosting.toFixed(3)} ms/posting`,
      `${ratio.toFixed(2)} (target ≤ 1.5)`,
    ],
    ['verify, 1,000,000 movements', `${large.verifySeconds!.toFixed(2)} s`, 'target < 60 s'],
  ]);
}
