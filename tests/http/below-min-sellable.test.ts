import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 15: the posting path judges below_min on what can be sold, the one rule of
// available: stock in expired lots (and in a quarantine) does not count.
let t: TestApp;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await t.call('POST', api('/items'), { sku: 'YOG', name: 'Yoghurt', lotTracked: true });
  await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'YOG', location: 'S1', min: 5 }] });
  const lot = (code: string, quantity: number, expiresOn: string) =>
    post(t, { type: 'receipt', sku: 'YOG', quantity, location: 'S1', lot: code, expiresOn });
  expect((await lot('OLD', 10, '2026-11-01')).status).toBe(201);
  expect((await lot('NEW', 3, '2026-11-20')).status).toBe(201);
});
afterAll(() => t.cleanup());

const belowMin = async () =>
  (await t.call('GET', api('/alerts?kind=below_min&location=S1'))).body.items as Array<
    Record<string, unknown>
  >;

describe('below_min on a sale', () => {
  it('opens when what can be sold falls below min, though expired stock keeps on hand above it', async () => {
    expect(await belowMin()).toEqual([]);
    t.clock.now = Date.parse('2026-11-02T09:00:00Z'); // OLD has expired
    const sale = await post(t, { type: 'issue', sku: 'YOG', quantity: 1, location: 'S1' });
    expect(sale.status, JSON.stringify(sale.body)).toBe(201);
    expect(await stockOf(t, 'S1', 'YOG')).toMatchObject({ onHand: 12, available: 2 });
    const [alert] = await belowMin();
    expect(alert).toMatchObject({ sku: 'YOG', location: 'S1', status: 'open' });
    expect(JSON.stringify(alert)).toContain('"available":2');
  });
});
