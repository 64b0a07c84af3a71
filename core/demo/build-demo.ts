import type { Database } from '../db/client.js';
import { sweepExpiryAlerts } from '../services/alerts/expiry-alerts.js';
import { verifyLedger, type VerifyReport } from '../services/admin/verify-ledger.js';
import { runHistory } from './history.js';
import { openWork } from './open-work.js';
import { Random } from './random.js';
import { setUpShop } from './setup.js';
import { DemoWorld } from './world.js';

export interface DemoSummary {
  sales: number;
  transfers: number;
  orders: number;
  verify: VerifyReport;
  ms: number;
}

/** The same shop on every machine: change the seed and every figure changes. */
const SEED = 20261122;

/**
 * Fills an empty database with the demo tea shop, entirely through the service
 * functions (so it obeys every rule the API does): 97 days of history ending the day
 * before `now`, then the open work of the morning. Deterministic: the same `now` gives
 * the same ledger, row for row.
 *
 * @example
 * const database = await openDatabase({ url: 'file:data/demo.db' });
 * const summary = await buildDemoShop(database, Date.now());   // summary.verify.ok === true
 */
export async function buildDemoShop(database: Database, now: number): Promise<DemoSummary> {
  const started = performance.now();
  const world = new DemoWorld(database, now);
  const rng = new Random(SEED);
  const forgotten = ['DHP-125', 'QMHC-150'];
  await setUpShop(world, -100);
  // Each service call would otherwise be its own durable commit: thousands of fsyncs. The
  // services join one transaction instead (as they do inside a batch); the rules are the same.
  const history = await database.write(async (tx) => {
    world.tx = tx;
    try {
      const done = await runHistory(world, rng, {
        openingDay: -99,
        salesFrom: -90,
        forgotten,
        forgottenSince: -60,
        // Slow teas whose first delivery was an old lot: two expire within the month, one has expired.
        oldLots: { 'TPHK-100': 12, 'DFMR-100': 20, 'JSQ-250': -3 },
      });
      await openWork(world, rng, forgotten);
      return done;
    } finally {
      world.tx = undefined;
    }
  });
  await sweepExpiryAlerts(database, now);
  const verify = await verifyLedger(database.client);
  return { ...history, verify, ms: Math.round(performance.now() - started) };
}
