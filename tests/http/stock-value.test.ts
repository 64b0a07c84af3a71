import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** Valuation: stock in transit is owned stock; costs come with receipts; items never costed apart. */
let t: TestApp;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const value = async (query = '') => {
  const res = await t.call('GET', api(`/reports/stock-value${query}`));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
};
const avgOf = async (sku: string) =>
  (await t.call('GET', api(`/reports/stock-value/items?location=W1`))).body.items.find(
    (r: { sku: string }) => r.sku === sku,
  )?.unitCost;

describe('stock in transit', () => {
  it('is weighed in the moving average and valued, so the company total never moves with a transfer', async () => {
    expect(
      (await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'W1', unitCost: 10 }))
        .status,
    ).toBe(201);
    expect((await value()).total).toEqual({ units: 10, value: 100 });
    const transfer = await t.call('POST', api('/transfers'), {
      from: 'W1',
      to: 'S1',
      lines: [{ sku: 'A', quantity: 10 }],
    });
    expect(transfer.body.status, JSON.stringify(transfer.body)).toBe('approved');
    expect((await t.call('POST', api(`/transfers/${transfer.body.id}/ship`), {})).body.status).toBe(
      'in_transit',
    );

    // 10 @ 10 in transit + 10 @ 20 received: 20 units worth 300, 15 a unit.
    const inFlight = await value();
    expect(inFlight.total).toEqual({ units: 10, value: 100 });
    expect(inFlight.locations).toContainEqual(
      expect.objectContaining({ location: '@transit', units: 10, value: 100 }),
    );
    expect(inFlight.transfers).toEqual([
      {
        transfer: transfer.body.id,
        from: 'W1',
        to: 'S1',
        units: 10,
        value: 100,
        unitsWithoutCost: 0,
      },
    ]);
    expect(
      (await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'W1', unitCost: 20 }))
        .status,
    ).toBe(201);
    expect(await avgOf('A')).toBe(15);
    const both = await value();
    expect(both.total).toEqual({ units: 20, value: 300 });
    expect(both.locations).toEqual([
      {
        location: '@transit',
        items: 1,
        units: 10,
        value: 150,
        itemsWithoutCost: 0,
        unitsWithoutCost: 0,
      },
      { location: 'W1', items: 1, units: 10, value: 150, itemsWithoutCost: 0, unitsWithoutCost: 0 },
    ]);

    expect(
      (
        await t.call('POST', api(`/transfers/${transfer.body.id}/receive`), {
          lines: [{ sku: 'A', quantity: 10 }],
        })
      ).body.status,
    ).toBe('received');
    const after = await value();
    expect(after.total).toEqual({ units: 20, value: 300 });
    expect(after.transfers).toEqual([]);
    expect(
      after.locations.map((l: { location: string; value: number }) => [l.location, l.value]),
    ).toEqual([
      ['@transit', 0],
      ['S1', 150],
      ['W1', 150],
    ]);
    expect((await value('?location=@transit')).locations).toEqual([
      {
        location: '@transit',
        items: 0,
        units: 0,
        value: 0,
        itemsWithoutCost: 0,
        unitsWithoutCost: 0,
      },
    ]);
    expect(
      (await t.call('GET', api('/reports/stock-value?location=@customer'))).body.error.details,
    ).toEqual([expect.objectContaining({ path: 'location', code: 'location_must_be_internal' })]);
  });
});

describe('costs on receipts and adjustments', () => {
  it('fold into the moving average; a cost on an issue is refused; items never costed are reported apart', async () => {
    expect(
      (await post(t, { type: 'adjustment', sku: 'B', quantity: 4, location: 'W1' })).status,
    ).toBe(201);
    const uncosted = await value('?location=W1');
    expect(uncosted.locations[0]).toMatchObject({ itemsWithoutCost: 1, unitsWithoutCost: 4 });
    expect(uncosted.withoutCost).toEqual({ items: 1, units: 4 });
    const list = await t.call('GET', api('/reports/stock-value/items?withoutCost=true'));
    expect(list.body).toEqual({
      items: [{ location: 'W1', sku: 'B', name: 'Item B', onHand: 4, unitCost: null, value: 0 }],
      nextCursor: null,
    });

    const adjusted = await post(t, {
      type: 'adjustment',
      sku: 'B',
      quantity: 4,
      location: 'W1',
      unitCost: 2.5,
    });
    expect(adjusted.body).toMatchObject({ type: 'adjustment', unitCost: 2.5 });
    // The first cost of an item that had none: what was on hand takes it too.
    expect((await value('?location=W1')).withoutCost).toEqual({ items: 0, units: 0 });
    const refused = await post(t, {
      type: 'issue',
      sku: 'B',
      quantity: 1,
      location: 'W1',
      unitCost: 3,
    });
    expect(refused.body.error.details).toEqual([
      expect.objectContaining({ path: 'unitCost', code: 'field_not_allowed' }),
    ]);
    const negative = await post(t, {
      type: 'adjustment',
      sku: 'B',
      quantity: -1,
      location: 'W1',
      unitCost: 3,
    });
    expect(negative.body.error.details).toEqual([
      expect.objectContaining({ path: 'unitCost', code: 'field_not_allowed' }),
    ]);
    const decimals = await post(t, {
      type: 'receipt',
      sku: 'B',
      quantity: 1,
      location: 'W1',
      unitCost: 1.00001,
    });
    expect(decimals.body.error.details).toEqual([
      expect.objectContaining({ path: 'unitCost', code: 'at_most_4_decimals' }),
    ]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('pages the breakdown with a cursor, and refuses a cursor it did not write', async () => {
    const first = (await t.call('GET', api('/reports/stock-value/items?limit=1'))).body;
    expect(first.items).toHaveLength(1);
    const second = (
      await t.call('GET', api(`/reports/stock-value/items?limit=5&cursor=${first.nextCursor}`))
    ).body;
    expect(
      [...first.items, ...second.items].map(
        (r: { location: string; sku: string }) => `${r.location}/${r.sku}`,
      ),
    ).toEqual(['S1/A', 'W1/A', 'W1/B']);
    expect(second.nextCursor).toBeNull();
    for (const path of ['/reports/stock-value/items?cursor=bm9wZQ', '/stock?cursor=bm9wZQ']) {
      expect((await t.call('GET', api(path))).body.error.details).toEqual([
        expect.objectContaining({ path: 'cursor', code: 'invalid_value' }),
      ]);
    }
  });
});
