import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const DAY = 86_400_000;
const ago = (days: number) => new Date(t.clock.now - days * DAY).toISOString();

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await t.call('POST', api('/items'), { sku: 'T', name: 'Tea' });
  await t.call('POST', api('/suppliers'), { name: 'Acme', leadTimeDays: 5, packSize: 6 });
  // The item's supplier is the one of its last purchase order: 12 at 2.00, received.
  const po = await t.call('POST', api('/purchase-orders'), {
    supplier: 'Acme',
    location: 'S1',
    lines: [{ sku: 'T', quantity: 12, unitCost: 2 }],
  });
  await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
    lines: [{ sku: 'T', quantity: 12 }],
  });
  await post(t, { type: 'receipt', sku: 'T', quantity: 200, location: 'S1', occurredAt: ago(30) });
  // 3 a day for the last 28 days: a velocity of exactly 3.
  const rows = Array.from({ length: 28 }, (_, k) => ({
    type: 'issue',
    sku: 'T',
    quantity: 3,
    location: 'S1',
    occurredAt: ago(k),
  }));
  expect((await t.call('POST', api('/movements/batch'), { rows })).status).toBe(200);
  await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'T', location: 'S1', min: 10 }] });
});
afterAll(() => t.cleanup());

describe('purchase suggestions', () => {
  it('match the hand-computed example, figures included', async () => {
    // on hand 212 − 84 = 128; reorder point 3 × (5 + 7) + 10 = 46: nothing to order.
    expect((await t.call('GET', api('/suggestions/purchase?location=S1'))).body.items).toEqual([]);

    // Hold 100 (available 28) and order 6 more (on order): position 34 < 46.
    await t.call('POST', api('/reservations'), { sku: 'T', location: 'S1', quantity: 100 });
    await t.call('POST', api('/purchase-orders'), {
      supplier: 'Acme',
      location: 'S1',
      lines: [{ sku: 'T', quantity: 6, unitCost: 2 }],
    });
    const res = await t.call(
      'GET',
      api('/suggestions/purchase?location=S1&windowDays=28&reviewDays=7'),
    );
    expect(res.body.items).toEqual([
      {
        sku: 'T',
        quantity: 12, // 46 − 34 = 12, already a multiple of the pack of 6
        action: 'purchase',
        from: null,
        supplier: { id: expect.any(Number), name: 'Acme', lastUnitCost: 2 },
        figures: {
          // No forecast yet (the worker has not run): velocity, and the rule's min as safety stock.
          method: 'velocity',
          sold: 84,
          shipped: 0,
          windowDays: 28,
          velocity: 3,
          leadTimeDays: 5,
          reviewDays: 7,
          coverDays: 12,
          forecastPerDay: null,
          forecastError: null,
          serviceLevel: null,
          z: null,
          demand: 36,
          safetyStock: 10,
          reorderPoint: 46,
          onHand: 128,
          available: 28,
          onOrder: 6,
          inbound: 0,
          position: 34,
          max: null,
          needed: 12,
          packSize: 6,
        },
        // The warehouse has none of it to give: buy.
        sources: [{ location: 'W1', available: 0, keeps: 0, spare: 0 }],
      },
    ]);

    // With a max, order up to it, rounded up to the pack: 100 − 34 = 66 → 66 is 11 packs.
    await t.call('PUT', api('/alert-rules'), {
      rules: [{ sku: 'T', location: 'S1', min: 10, max: 101 }],
    });
    expect(
      (await t.call('GET', api('/suggestions/purchase?location=S1'))).body.items[0].quantity,
    ).toBe(72);
  });

  it('turn into a draft purchase order in one call', async () => {
    const res = await t.call('POST', api('/suggestions/purchase/orders'), {
      location: 'S1',
      lines: [{ sku: 'T' }, { sku: 'A' }],
    });
    expect(res.status).toBe(201);
    expect(res.body.orders).toEqual([
      expect.objectContaining({
        status: 'draft',
        supplier: expect.objectContaining({ name: 'Acme' }),
        location: 'S1',
        lines: [{ sku: 'T', quantity: 72, unitCost: 2, received: 0 }],
      }),
    ]);
    expect(res.body.skipped).toEqual([{ sku: 'A', reason: 'not_suggested' }]);
  });

  it('refuses unknown and virtual locations', async () => {
    expect((await t.call('GET', api('/suggestions/purchase?location=NOPE'))).status).toBe(404);
    expect((await t.call('GET', api('/suggestions/purchase?location=@customer'))).status).toBe(400);
    expect((await t.call('GET', api('/suggestions/purchase'))).status).toBe(400);
  });
});

describe('transfer suggestions', () => {
  it('move stock from where it sits unsold to where it runs out, before buying more', async () => {
    await post(t, { type: 'receipt', sku: 'T', quantity: 10, location: 'S2', occurredAt: ago(20) });
    await post(t, { type: 'issue', sku: 'T', quantity: 10, location: 'S2', occurredAt: ago(2) });
    await post(t, {
      type: 'receipt',
      sku: 'T',
      quantity: 100,
      location: 'W1',
      occurredAt: ago(25),
    });
    const res = await t.call('GET', api('/suggestions/transfers?targetDays=14&surplusDays=60'));
    // S2 sells 10 / 28 a day and has none: it needs ⌈0.357 × 14⌉ = 5. S1 has 9.3 days
    // of cover (28 available, 3 a day): it needs 42 − 28 = 14, and cannot give. W1
    // sells nothing: it gives, the most urgent (S2) first.
    expect(res.body.items).toEqual([
      {
        sku: 'T',
        quantity: 5,
        from: {
          location: 'W1',
          available: 100,
          method: 'velocity',
          velocity: 0,
          forecastPerDay: null,
          demandPerDay: 0,
          daysOfCover: null,
        },
        to: {
          location: 'S2',
          available: 0,
          method: 'velocity',
          velocity: 0.357,
          forecastPerDay: null,
          demandPerDay: 0.357,
          daysOfCover: 0,
          inbound: 0,
        },
      },
      {
        sku: 'T',
        quantity: 14,
        from: {
          location: 'W1',
          available: 100,
          method: 'velocity',
          velocity: 0,
          forecastPerDay: null,
          demandPerDay: 0,
          daysOfCover: null,
        },
        to: {
          location: 'S1',
          available: 28,
          method: 'velocity',
          velocity: 3,
          forecastPerDay: null,
          demandPerDay: 3,
          daysOfCover: 9.3,
          inbound: 0,
        },
      },
    ]);
  });
});

describe('reports', () => {
  it('value stock at moving-average cost, per location', async () => {
    const res = await t.call('GET', api('/reports/stock-value'));
    const s1 = res.body.locations.find((l: { location: string }) => l.location === 'S1');
    expect(s1).toMatchObject({ units: 128, value: 256 }); // T at 2.00
    expect(res.body.total.value).toBe(
      res.body.locations.reduce((s: number, l: { value: number }) => s + l.value, 0),
    );
  });

  it('show days of cover, turnover, slow movers, daily history and the pivot', async () => {
    const cover = (await t.call('GET', api('/reports/cover?location=S1'))).body.items.find(
      (r: { sku: string }) => r.sku === 'T',
    );
    expect(cover).toMatchObject({
      onHand: 128,
      available: 28,
      sold: 84,
      velocity: 3,
      daysOfCover: 9.3,
      turnover: 0.656,
      annualTurnover: 8.55,
    });

    const slow = (await t.call('GET', api('/reports/slow-movers?days=60'))).body.items;
    expect(slow).toContainEqual({
      sku: 'T',
      location: 'W1',
      onHand: 100,
      value: 200,
      lastSoldOn: null,
    });
    expect(
      slow.find((r: { location: string; sku: string }) => r.location === 'S1' && r.sku === 'T'),
    ).toBeUndefined();

    const daily = (await t.call('GET', api('/reports/daily?sku=T&location=S1&days=3'))).body.items;
    expect(daily).toHaveLength(3);
    expect(daily.at(-1)).toMatchObject({ date: '2026-11-01', location: 'S1', sold: 3 });

    const matrix = (await t.call('GET', api('/reports/stock-matrix?limit=2'))).body;
    expect(matrix.locations).toEqual(['S1', 'S2', 'W1']);
    expect(matrix.rows.map((r: { sku: string }) => r.sku)).toEqual(['A', 'B']);
    const next = (await t.call('GET', api(`/reports/stock-matrix?afterSku=${matrix.nextAfterSku}`)))
      .body;
    expect(next.rows.find((r: { sku: string }) => r.sku === 'T')).toMatchObject({
      onHand: [128, 0, 100],
      total: 228,
    });
  });
});
