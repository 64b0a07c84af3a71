/**
 * How long `npm run demo` takes to build its shop (target: under 10 s), by the wall
 * clock and in CPU time (on a shared machine the CPU time is what an idle one would take).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../core/db/client.js';
import { buildDemoShop } from '../../core/demo/build-demo.js';
import { table } from './shop.js';

export async function benchDemo(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'inventory-bench-demo-'));
  const database = await openDatabase({ url: `file:${join(dir, 'demo.db')}` });
  try {
    const cpu = process.cpuUsage();
    const summary = await buildDemoShop(database, Date.parse('2026-11-20T09:30:00+08:00'));
    const used = process.cpuUsage(cpu);
    if (!summary.verify.ok) throw new Error('the demo shop does not verify');
    table('The demo shop (npm run demo): build time', [
      [
        'movements, documents',
        `${summary.verify.movements} movements, ${summary.transfers} transfers, ${summary.orders} purchase orders`,
        '',
      ],
      ['build, wall clock', `${(summary.ms / 1000).toFixed(2)} s`, 'target < 10 s'],
      [
        'build, CPU time of this process',
        `${((used.user + used.system) / 1e6).toFixed(2)} s`,
        'the wall clock on an idle machine',
      ],
    ]);
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
