import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { runCli } from '../helpers/cli.js';
import { recomputedDays, storedDays } from '../helpers/days.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp } from '../helpers/test-app.js';
import { tempDir } from '../helpers/temp-db.js';

const dir = tempDir();
afterAll(() => dir.cleanup());

describe('npm run admin -- rebuild-days', () => {
  it("takes the first start's zone from TZ", async () => {
    const url = `file:${join(dir.dir, 'fresh.db')}`;
    const res = await runCli('admin', ['rebuild-days'], { DATABASE_URL: url, TZ: 'Asia/Shanghai' });
    expect(res.code, res.out).toBe(0);
    expect(res.out).toContain('rebuilt the per-day figures in Asia/Shanghai: 0 movement(s)');
    // Later starts with another TZ leave the shop's setting be.
    const again = await runCli('admin', ['rebuild-days'], {
      DATABASE_URL: url,
      TZ: 'Europe/Berlin',
    });
    expect(again.out).toContain('in Asia/Shanghai');
    const database = await openDatabase({ url });
    const { rows } = await database.client.execute('SELECT time_zone FROM shop_settings');
    expect(rows.map((r) => r['time_zone'])).toEqual(['Asia/Shanghai']);
    await database.close();
  });

  it('derives the per-day figures again in the zone now set, audited', async () => {
    const t = await testApp();
    try {
      await seedShop(t);
      await post(t, {
        type: 'receipt',
        sku: 'A',
        quantity: 50,
        location: 'S1',
        occurredAt: '2026-03-05T10:00:00Z',
      });
      for (const at of ['2026-03-05T15:30:00Z', '2026-03-05T16:30:00Z', '2026-03-06T16:01:00Z'])
        await post(t, { type: 'issue', sku: 'A', quantity: 2, location: 'S1', occurredAt: at });
      // The zone as PUT /settings leaves it on a ledger too large to rebuild in the request.
      await t.database.client.execute(`UPDATE shop_settings SET time_zone = 'Asia/Shanghai'`);
      expect(await storedDays(t.database.client)).not.toEqual(
        await recomputedDays(t.database.client, 'Asia/Shanghai'),
      );
      const res = await runCli('admin', ['rebuild-days'], { DATABASE_URL: t.url });
      expect(res.code, res.out).toBe(0);
      expect(res.out).toMatch(
        /rebuilt the per-day figures in Asia\/Shanghai: 4 movement\(s\), 3 item-location-day row\(s\)/,
      );
      expect(await storedDays(t.database.client)).toEqual(
        await recomputedDays(t.database.client, 'Asia/Shanghai'),
      );
      const daily = await t.call('GET', api('/reports/daily?sku=A&location=S1&days=3650'));
      expect(daily.body.items.map((r: { date: string; sold: number }) => [r.date, r.sold])).toEqual(
        [
          ['2026-03-05', 2],
          ['2026-03-06', 2],
          ['2026-03-07', 2],
        ],
      );
      const audit = await t.call('GET', api('/audit?entity=settings:shop'));
      expect(audit.body.items.at(-1)).toMatchObject({
        action: 'settings.rebuild_days',
        client: 'cli',
        after: { timeZone: 'Asia/Shanghai', movements: 4, days: 3 },
      });
    } finally {
      await t.cleanup();
    }
  });
});
