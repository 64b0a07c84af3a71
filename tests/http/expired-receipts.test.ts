import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: a lot past its expiry is refused at receipt (`lot_expired` at the row's
// expiresOn) unless a manager or admin says `acceptExpired: true` (to receive and scrap).
// The test clock is 2026-11-01: a lot of 2026-10-31 is expired, one of today is not.
let t: TestApp;
let clerk: string;
let manager: string;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerk = await t.user('expiry-clerk', 'clerk', ['S1']);
  manager = await t.user('expiry-manager', 'manager', ['S1']);
  await t.call('POST', api('/items'), { sku: 'MILK', name: 'Milk', lotTracked: true });
  await t.call('POST', api('/suppliers'), { name: 'Dairy', leadTimeDays: 1, packSize: 1 });
});
afterAll(() => t.cleanup());

const receipt = (lot: string, expiresOn: string | undefined, extra = {}) => ({
  type: 'receipt',
  sku: 'MILK',
  quantity: 4,
  location: 'S1',
  lot,
  ...(expiresOn ? { expiresOn } : {}),
  ...extra,
});
const expiredAt = (path: string) =>
  expect.objectContaining({
    path,
    code: 'lot_expired',
    params: expect.objectContaining({ sku: 'MILK', expiresOn: '2026-10-31' }),
  });

describe('receiving a lot past its expiry', () => {
  it('is refused on a receipt movement, naming the field, and nothing is written', async () => {
    const res = await post(t, receipt('OLD-1', '2026-10-31'));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details).toEqual([expiredAt('expiresOn')]);
    expect(res.body.error.details[0].message).toMatch(/^expiresOn: /);
    expect(await stockOf(t, 'S1', 'MILK')).toMatchObject({ onHand: 0 });
    const lots = await t.call('GET', api('/lots?sku=MILK'));
    expect(JSON.stringify(lots.body)).not.toContain('OLD-1');
    // Expiring today is still good.
    expect((await post(t, receipt('TODAY', '2026-11-01'))).status).toBe(201);
  });

  it('is refused per row in a batch, every row at once', async () => {
    const res = await t.call('POST', api('/movements/batch'), {
      rows: [
        receipt('OLD-2', '2026-10-31'),
        receipt('GOOD', '2026-12-01'),
        receipt('OLD-3', '2026-10-31'),
      ],
    });
    expect(res.status).toBe(409);
    const results = res.body.error.details.results;
    expect(results.map((r: { status: string }) => r.status)).toEqual([
      'rejected',
      'valid',
      'rejected',
    ]);
    // Each row's problems, at the row's own fields.
    for (const i of [0, 2]) expect(results[i].error.details).toEqual([expiredAt('expiresOn')]);
  });

  it('is refused for a lot that exists and has expired since, without expiresOn', async () => {
    expect((await post(t, receipt('SOON', '2026-11-02'))).status).toBe(201);
    t.clock.now = Date.parse('2026-11-03T08:00:00Z');
    try {
      const res = await post(t, receipt('SOON', undefined));
      expect(res.status).toBe(400);
      expect(res.body.error.details).toEqual([
        expect.objectContaining({ path: 'expiresOn', code: 'lot_expired' }),
      ]);
    } finally {
      t.clock.now = Date.parse('2026-11-01T08:00:00Z');
    }
  });

  it('is refused on a purchase order receipt at lines.N.expiresOn', async () => {
    const po = await t.call('POST', api('/purchase-orders'), {
      supplier: 'Dairy',
      location: 'S1',
      lines: [{ sku: 'MILK', quantity: 10, unitCost: 1 }],
    });
    expect(po.status, JSON.stringify(po.body)).toBe(201);
    const refused = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: [
        { sku: 'MILK', quantity: 2, lot: 'PO-OK', expiresOn: '2026-12-01' },
        { sku: 'MILK', quantity: 3, lot: 'PO-OLD', expiresOn: '2026-10-31' },
      ],
    });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body.error.details).toEqual([expiredAt('lines.1.expiresOn')]);
    const clerkTries = await t.call(
      'POST',
      api(`/purchase-orders/${po.body.id}/receive`),
      {
        acceptExpired: true,
        lines: [{ sku: 'MILK', quantity: 3, lot: 'PO-OLD', expiresOn: '2026-10-31' }],
      },
      { token: clerk },
    );
    expect(clerkTries.status).toBe(403);
    expect(clerkTries.body.error.details).toMatchObject({ reason: 'accept_expired' });
    const accepted = await t.call(
      'POST',
      api(`/purchase-orders/${po.body.id}/receive`),
      {
        acceptExpired: true,
        lines: [{ sku: 'MILK', quantity: 3, lot: 'PO-OLD', expiresOn: '2026-10-31' }],
      },
      { token: manager },
    );
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('is refused in opening stock at rows.N.expiresOn', async () => {
    const res = await t.call('POST', api('/stock/opening'), {
      rows: [
        { sku: 'MILK', location: 'S2', quantity: 1, lot: 'OP-OK', expiresOn: '2026-12-01' },
        { sku: 'MILK', location: 'S2', quantity: 1, lot: 'OP-OLD', expiresOn: '2026-10-31' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details).toEqual([expiredAt('rows.1.expiresOn')]);
    expect(await stockOf(t, 'S2', 'MILK')).toMatchObject({ onHand: 0 });
    const accepted = await t.call('POST', api('/stock/opening'), {
      acceptExpired: true,
      rows: [{ sku: 'MILK', location: 'S2', quantity: 1, lot: 'OP-OLD', expiresOn: '2026-10-31' }],
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  });

  it('is received with acceptExpired by a manager or admin (on hand, never available), 403 for a clerk', async () => {
    const byClerk = await post(t, receipt('OLD-4', '2026-10-31', { acceptExpired: true }), clerk);
    expect(byClerk.status).toBe(403);
    expect(byClerk.body.error.details).toMatchObject({ reason: 'accept_expired' });
    const before = await stockOf(t, 'S1', 'MILK');
    const byManager = await post(
      t,
      receipt('OLD-4', '2026-10-31', { acceptExpired: true }),
      manager,
    );
    expect(byManager.status, JSON.stringify(byManager.body)).toBe(201);
    const after = await stockOf(t, 'S1', 'MILK');
    expect(after.onHand - before.onHand).toBe(4);
    expect(after.available).toBe(before.available);
    // To be scrapped.
    expect(
      (await post(t, { type: 'scrap', sku: 'MILK', quantity: 4, location: 'S1', lot: 'OLD-4' }))
        .status,
    ).toBe(201);
    expect((await t.verify()).ok).toBe(true);
  });

  it('says so in Chinese too', async () => {
    const res = await t.call('POST', api('/movements'), receipt('OLD-5', '2026-10-31'), {
      headers: { 'accept-language': 'zh-CN' },
    });
    expect(res.body.error.details[0].message).toMatch(/过期/);
  });
});
