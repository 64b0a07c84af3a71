/**
 * `npm run bench -- targets`: the write path's targets (docs/performance.md), each
 * measured beside its baseline in this run and printed with the target and whether it
 * is met. Runs the write-path measurements, stock value over 100 locations, the
 * two-process channel burst at 200 orders/s, and the server's memory over
 * BENCH_RSS_POSTINGS postings (default 1,000,000) in a real service process.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createApp } from '../../core/http/app.js';
import { startServerProcess, type ServerProcess } from '../../tests/helpers/server-process.js';
import { tempDir } from '../../tests/helpers/temp-db.js';
import { runBurst, setUpBurst } from './channel-burst.js';
import { percentile, seed, TOKEN, withShop } from './shop.js';
import { measureWritePath } from './write-path.js';

const RSS_POSTINGS = Number(process.env['BENCH_RSS_POSTINGS'] ?? 1_000_000);

interface Row {
  measure: string;
  value: string;
  baseline: string;
  target: string;
  met: boolean;
}

async function twoServers<T>(
  token: string,
  fn: (servers: ServerProcess[]) => Promise<T>,
  count = 2,
): Promise<T> {
  const dir = tempDir();
  const env = {
    DATABASE_URL: `file:${join(dir.dir, 'targets.db')}`,
    INVENTORY_BOOTSTRAP_TOKEN: token,
    LOG_LEVEL: 'warn',
  };
  const servers: ServerProcess[] = [];
  try {
    for (let i = 0; i < count; i++)
      servers.push(await startServerProcess(env, { startTimeoutMs: 180_000 }));
    return await fn(servers);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    dir.cleanup();
  }
}

/** Stock value over all 100 locations of 10,000 items (1,000,000 balances), p50 of 10. */
async function stockValueAllLocations(): Promise<{ p50: number; oneLocation: number }> {
  return withShop(async (shop) => {
    await seed(shop, { items: 10_000, stores: 100, movements: 1_000_000 });
    await shop.database.client.execute(`UPDATE items SET avg_unit_cost_e4 = 10000 + id`);
    const app = createApp({ database: shop.database });
    const headers = { authorization: `Bearer ${TOKEN}` };
    const time = async (path: string) => {
      const times: number[] = [];
      for (let i = 0; i < 10; i++) {
        const started = performance.now();
        const res = await app.request(path, { headers });
        await res.text();
        if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
        times.push(performance.now() - started);
      }
      return percentile(
        times.sort((a, b) => a - b),
        0.5,
      );
    };
    return {
      p50: await time('/api/v1/reports/stock-value'),
      oneLocation: await time('/api/v1/reports/stock-value?location=S042'),
    };
  });
}

const rssOf = (pid: number) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;

/**
 * A real service process takes `RSS_POSTINGS` postings (500-row batches, with 10
 * single postings after each batch); its RSS is read after the first tenth (warm-up)
 * and at the end.
 */
async function memoryOverPostings(): Promise<{ warm: number; end: number; seconds: number }> {
  const token = 'bench-rss-token';
  return twoServers(
    token,
    async ([server]) => {
      const call = async (path: string, body: unknown) => {
        const res = await fetch(`${server!.url}/api/v1${path}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (res.status >= 300) throw new Error(`${path}: ${res.status} ${await res.text()}`);
        await res.arrayBuffer();
      };
      await call('/locations', { code: 'S1', name: 'Store', kind: 'store' });
      for (let i = 0; i < 20; i++) await call('/items', { sku: `R-${i}`, name: `Item ${i}` });
      const rows = (n: number) =>
        Array.from({ length: n }, (_, j) => ({
          type: 'receipt',
          sku: `R-${j % 20}`,
          quantity: 1,
          location: 'S1',
        }));
      const started = performance.now();
      let posted = 0;
      let warm = 0;
      while (posted < RSS_POSTINGS) {
        await call('/movements/batch', { rows: rows(500) });
        posted += 500;
        for (let k = 0; k < 10 && posted < RSS_POSTINGS; k++, posted++)
          await call('/movements', rows(1)[0]);
        if (!warm && posted >= RSS_POSTINGS / 10) warm = rssOf(server!.child.pid!);
      }
      return {
        warm,
        end: rssOf(server!.child.pid!),
        seconds: (performance.now() - started) / 1000,
      };
    },
    1,
  );
}

export async function benchTargets(): Promise<void> {
  const f = await measureWritePath();
  const rows: Row[] = [];
  const x = (n: number) => `${n.toFixed(2)}×`;
  for (const c of [16, 64] as const) {
    const ratio = f.http[c].perSecond / f.hono[c].perSecond;
    rows.push({
      measure: `HTTP POST /movements, ${c} connections / raw Hono route`,
      value: `${Math.round(f.http[c].perSecond)}/s`,
      baseline: `${Math.round(f.hono[c].perSecond)}/s`,
      target: '≥ 1.5×',
      met: ratio >= 1.5,
    });
    rows[rows.length - 1]!.value += ` = ${x(ratio)}`;
  }
  rows.push({
    measure: 'HTTP p99 at 64 connections',
    value: `${f.http[64].p99.toFixed(1)} ms`,
    baseline: `raw Hono ${f.hono[64].p99.toFixed(1)} ms`,
    target: '≤ 50 ms',
    met: f.http[64].p99 <= 50,
  });
  const above = 1000 / f.http[1].perSecond - 1000 / f.service;
  rows.push({
    measure: 'HTTP sequential: cost above the service function',
    value: `${above.toFixed(2)} ms/request`,
    baseline: `service ${(1000 / f.service).toFixed(2)} ms/posting`,
    target: '≤ 0.3 ms',
    met: above <= 0.3,
  });
  rows.push({
    measure: 'service function sequential / raw client posting',
    value: `${Math.round(f.service)}/s = ${x(f.service / f.rawClient)}`,
    baseline: `${Math.round(f.rawClient)}/s (sync libsql ${Math.round(f.sync)}/s)`,
    target: '≥ 0.8×',
    met: f.service / f.rawClient >= 0.8,
  });
  rows.push({
    measure: '10,000-row atomic batch / raw batch time',
    value: `${f.serviceBatch.toFixed(0)} ms = ${x(f.serviceBatch / f.rawBatch)}`,
    baseline: `${f.rawBatch.toFixed(0)} ms`,
    target: '≤ 0.3×',
    met: f.serviceBatch / f.rawBatch <= 0.3,
  });
  const value = await stockValueAllLocations();
  rows.push({
    measure: 'stock value over all 100 locations (1,000,000 balances)',
    value: `p50 ${value.p50.toFixed(0)} ms`,
    baseline: `one location ${value.oneLocation.toFixed(0)} ms`,
    target: '≤ 200 ms',
    met: value.p50 <= 200,
  });
  const burstToken = 'bench-targets-burst';
  const burst = await twoServers(burstToken, async (servers) => {
    await setUpBurst(servers[0]!.url, burstToken, 500);
    return runBurst({
      urls: servers.map((s) => s.url),
      token: burstToken,
      orders: 2000,
      seconds: 10,
      concurrency: 64,
      prefix: 'targets',
    });
  });
  rows.push({
    measure: 'channel burst, 2 processes, 200 orders/s',
    value: `p99 ${burst.p99.toFixed(0)} ms, held ${burst.held} of 500`,
    baseline: `p50 ${burst.p50.toFixed(1)} ms`,
    target: 'p99 ≤ 100 ms, 0 oversold',
    met: burst.p99 <= 100 && burst.held === 500 && burst.otherErrors.length === 0,
  });
  const memory = await memoryOverPostings();
  const growth = memory.end / memory.warm - 1;
  rows.push({
    measure: `server RSS after ${RSS_POSTINGS.toLocaleString('en')} postings`,
    value: `${memory.end.toFixed(0)} MiB (${growth >= 0 ? '+' : ''}${(growth * 100).toFixed(0)} %)`,
    baseline: `${memory.warm.toFixed(0)} MiB after warm-up`,
    target: 'flat (≤ +10 %)',
    met: growth <= 0.1,
  });

  console.log(
    `\nTargets (one run; ${RSS_POSTINGS.toLocaleString('en')} postings took ${memory.seconds.toFixed(0)} s)\n`,
  );
  const w = [0, 0, 0, 0];
  const cells = rows.map((r) => [r.measure, r.value, r.baseline, r.target]);
  for (const c of cells) c.forEach((v, i) => (w[i] = Math.max(w[i]!, v.length)));
  cells.forEach((c, i) =>
    console.log(
      `${c.map((v, j) => v.padEnd(w[j]!)).join('  ')}  ${rows[i]!.met ? 'met' : 'MISSED'}`,
    ),
  );
}
