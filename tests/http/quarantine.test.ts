import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, returnAwaitingInspection, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: quarantined stock is on hand, never available, and only inspection or an
// adjustment takes it out, for every role (the test calls as the admin).
let t: TestApp;
let returnId: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  returnId = await returnAwaitingInspection(t);
});
afterAll(() => t.cleanup());

describe('quarantine', () => {
  it('shows quarantined stock as on hand, reserved 0, available 0 in every read', async () => {
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({
      onHand: 3,
      reserved: 0,
      available: 0,
    });
    const page = await t.call('GET', api('/stock?sku=A'));
    expect(page.body.items).toContainEqual(
      expect.objectContaining({ location: 'S1.quarantine', onHand: 3, available: 0 }),
    );
    const byLocation = await t.call('GET', api('/stock?location=S1.quarantine'));
    expect(byLocation.body.items).toEqual([
      expect.objectContaining({ sku: 'A', onHand: 3, reserved: 0, available: 0 }),
    ]);
    const query = await t.call('POST', api('/stock/query'), {
      lines: [{ sku: 'A' }, { sku: 'A', location: 'S1.quarantine' }],
    });
    expect(query.status, JSON.stringify(query.body)).toBe(200);
    // All locations: 5 on the shelf are available, the 3 in quarantine are only on hand.
    expect(query.body.items ?? query.body).toEqual([
      expect.objectContaining({ sku: 'A', location: null, onHand: 8, available: 5 }),
      expect.objectContaining({ sku: 'A', location: 'S1.quarantine', onHand: 3, available: 0 }),
    ]);
  });

  it('refuses holds, issues, moves and transfers from a quarantine, even for an admin', async () => {
    const refusals = [
      await t.call('POST', api('/reservations'), {
        sku: 'A',
        location: 'S1.quarantine',
        quantity: 1,
      }),
      await post(t, { type: 'issue', sku: 'A', quantity: 1, location: 'S1.quarantine' }),
      await post(t, { type: 'move', sku: 'A', quantity: 1, from: 'S1.quarantine', to: 'S1' }),
      await post(t, { type: 'scrap', sku: 'A', quantity: 1, location: 'S1.quarantine' }),
      await t.call('POST', api('/transfers'), {
        from: 'S1.quarantine',
        to: 'S2',
        lines: [{ sku: 'A', quantity: 1 }],
      }),
    ];
    for (const res of refusals) {
      expect(res.status, JSON.stringify(res.body)).toBe(409);
      expect(res.body.error).toMatchObject({
        code: 'location_quarantined',
        details: { sku: 'A', location: 'S1.quarantine' },
      });
    }
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 3, reserved: 0 });
  });

  it('still lets the return be inspected, and opens no stock alert for the quarantine', async () => {
    const done = await t.call('POST', api(`/returns/${returnId}/inspect`), {
      lines: [{ sku: 'A', accept: 2, scrap: 1 }],
    });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body.status).toBe('inspected');
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 0, available: 0 });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 7, available: 7 });
    const alerts = await t.call('GET', api('/alerts?location=S1.quarantine'));
    expect(alerts.status, JSON.stringify(alerts.body)).toBe(200);
    expect(alerts.body.items).toEqual([]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('lets an adjustment take stock out of a quarantine', async () => {
    await t.call('POST', api('/returns'), {
      location: 'S1',
      inspect: true,
      lines: [{ sku: 'B', quantity: 1 }],
    });
    const adjusted = await post(t, {
      type: 'adjustment',
      sku: 'B',
      quantity: -1,
      location: 'S1.quarantine',
      reason: 'counted',
    });
    expect(adjusted.status, JSON.stringify(adjusted.body)).toBe(201);
  });
});
