import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayOf } from '../../core/domain/alerts.js';
import { readSales, type SaleLine } from '../helpers/sales-data.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * A year of real sales of one product (UCI Online Retail, customers in France)
 * replayed through the API, one batch per trading day, returns included. The
 * below-min alert must open on the day the running stock first falls below min,
 * not before, once; and resolve once when stock is back.
 */

let t: TestApp;
let lines: SaleLine[];
const SKU = '23084';
const MIN = 500;

beforeAll(async () => {
  t = await testApp();
  lines = readSales()
    .filter((l) => l.sku === SKU)
    .sort((a, b) => a.at - b.at);
  await t.call('POST', api('/locations'), { code: 'FR', name: 'France online', kind: 'store' });
  await t.call('POST', api('/items'), { sku: SKU, name: lines[0]!.description });
  await t.call('PUT', api('/alert-rules'), {
    rules: [{ sku: SKU, location: 'FR', min: MIN, outflowPercent: 100, zeroStock: false }],
  });
});
afterAll(() => t.cleanup());

describe('replaying a real sales history', () => {
  it('opens the below-min alert on the day stock crosses min, once, and resolves it once', async () => {
    expect(lines.length).toBeGreaterThan(50);
    const sold = lines.filter((l) => l.quantity > 0).reduce((s, l) => s + l.quantity, 0);
    const opening = sold + 100;
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: SKU,
      quantity: opening,
      location: 'FR',
      occurredAt: new Date(lines[0]!.at - 86_400_000).toISOString(),
    });

    // The expected day, from the data alone.
    const days = [...new Set(lines.map((l) => dayOf(l.at)))];
    let running = opening;
    let expectedDay: number | undefined;
    for (const day of days) {
      for (const l of lines.filter((x) => dayOf(x.at) === day)) running -= l.quantity;
      if (expectedDay === undefined && running < MIN) expectedDay = day;
    }
    expect(expectedDay).toBeDefined();

    for (const day of days) {
      const rows = lines
        .filter((l) => dayOf(l.at) === day)
        .map((l) =>
          l.quantity > 0
            ? {
                type: 'issue',
                sku: SKU,
                quantity: l.quantity,
                location: 'FR',
                reference: l.invoice,
                occurredAt: new Date(l.at).toISOString(),
              }
            : {
                type: 'adjustment',
                sku: SKU,
                quantity: -l.quantity,
                location: 'FR',
                reason: 'return',
                reference: l.invoice,
                occurredAt: new Date(l.at).toISOString(),
              },
        );
      const res = await t.call('POST', api('/movements/batch'), { rows });
      expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
      const open = (await t.call('GET', api('/alerts?kind=below_min'))).body.items;
      if (day < expectedDay!) expect(open, `day ${day}`).toEqual([]);
    }

    const alerts = (await t.call('GET', api('/alerts?kind=below_min'))).body.items;
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({
      status: 'open',
      sku: SKU,
      location: 'FR',
      details: { min: MIN, day: expectedDay },
    });
    expect((await t.call('GET', api(`/stock/FR/${SKU}`))).body.onHand).toBe(running);

    // Stock comes back: resolved, once.
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: SKU,
      quantity: 2 * MIN,
      location: 'FR',
    });
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: SKU,
      quantity: 1,
      location: 'FR',
    });
    const after = (await t.call('GET', api('/alerts?kind=below_min'))).body.items;
    expect(after.map((a: { status: string }) => a.status)).toEqual(['resolved']);
    const events = await t.database.client.execute(
      `SELECT topic, count(*) AS n FROM outbox WHERE json_extract(payload, '$.kind') = 'below_min' GROUP BY topic`,
    );
    expect(Object.fromEntries(events.rows.map((r) => [r['topic'], Number(r['n'])]))).toEqual({
      'alert.opened': 1,
      'alert.resolved': 1,
    });
    expect((await t.verify()).mismatches).toEqual([]);

    // The year's figures are there for the reports, day by day, as of the data's last day.
    t.clock.now = lines.at(-1)!.at;
    const history = (await t.call('GET', api(`/reports/daily?sku=${SKU}&location=FR&days=400`)))
      .body.items;
    expect(history.reduce((s: number, d: { sold: number }) => s + d.sold, 0)).toBe(sold);
    expect(history.filter((d: { sold: number }) => d.sold > 0)).toHaveLength(
      new Set(lines.filter((l) => l.quantity > 0).map((l) => dayOf(l.at))).size,
    );
  });
});
