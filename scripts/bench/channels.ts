/**
 * `npm run bench -- channels`: 2,000 orders in 10 seconds from three channels
 * competing for 500 units, on two service processes sharing one database file.
 * Prints what was held and refused, orders per second and latency; then the same
 * orders as fast as they can go, against a raw baseline measured in the same run:
 * one-unit holds through `POST /reservations` (the ledger's own hold, no channel,
 * listing or routing), on their own fresh database.
 */
import { join } from 'node:path';
import { startServerProcess, type ServerProcess } from '../../tests/helpers/server-process.js';
import { tempDir } from '../../tests/helpers/temp-db.js';
import { runBurst, setUpBurst, type BurstResult } from './channel-burst.js';

const TOKEN = 'bench-channels-token';

async function withServers<T>(fn: (urls: string[]) => Promise<T>): Promise<T> {
  const dir = tempDir();
  const url = `file:${join(dir.dir, 'channels.db')}`;
  const servers: ServerProcess[] = [];
  try {
    servers.push(
      await startServerProcess({
        DATABASE_URL: url,
        INVENTORY_BOOTSTRAP_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
      }),
    );
    servers.push(
      await startServerProcess({
        DATABASE_URL: url,
        INVENTORY_BOOTSTRAP_TOKEN: TOKEN,
        LOG_LEVEL: 'warn',
      }),
    );
    await setUpBurst(servers[0]!.url, TOKEN, 500);
    return await fn(servers.map((s) => s.url));
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    dir.cleanup();
  }
}

const line = (label: string, r: BurstResult, extra = '') =>
  console.log(
    `${label.padEnd(52)} ${r.ordersPerSecond.toFixed(0).padStart(5)} req/s  p50 ${r.p50.toFixed(1).padStart(6)} ms  p99 ${r.p99.toFixed(1).padStart(6)} ms  held ${r.held}  refused ${r.refused}  other ${r.otherErrors.length}${extra}`,
  );

export async function benchChannels(): Promise<void> {
  console.log(
    '\nChannel orders (three channels, 500 units, two service processes on one database)\n',
  );
  const paced = await withServers((urls) =>
    runBurst({ urls, token: TOKEN, orders: 2000, seconds: 10, concurrency: 64, prefix: 'paced' }),
  );
  line(
    '2,000 orders arriving over 10 s',
    paced,
    paced.held === 500 && paced.otherErrors.length === 0
      ? '  (exactly 500 held: no oversell)'
      : '  (WRONG)',
  );

  const raw = await withServers((urls) =>
    runBurst({
      urls,
      token: TOKEN,
      orders: 2000,
      seconds: 0,
      concurrency: 32,
      prefix: 'raw',
      path: (i) => ({
        path: '/api/v1/reservations',
        body: { sku: 'HOT', location: i % 5 ? 'W1' : 'S1', quantity: 1, reference: `raw-${i}` },
      }),
    }),
  );
  const flat = await withServers((urls) =>
    runBurst({ urls, token: TOKEN, orders: 2000, seconds: 0, concurrency: 32, prefix: 'flat' }),
  );
  line('raw POST /reservations, as fast as possible', raw, '  1.00 (baseline)');
  line(
    'channel orders, as fast as possible',
    flat,
    `  ${(flat.ordersPerSecond / raw.ordersPerSecond).toFixed(2)}`,
  );
}
