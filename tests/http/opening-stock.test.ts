import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** POST /stock/opening: balances a shop brings from its spreadsheets, with their cost. */
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await t.call('POST', api('/items'), { sku: 'L', name: 'Lot item', lotTracked: true });
  tok['managerW1'] = await t.user('manager-w1', 'manager', ['W1']);
  tok['clerk'] = await t.user('clerk', 'clerk');
});
afterAll(() => t.cleanup());

const opening = (rows: unknown[], options: { token?: string; key?: string } = {}) =>
  t.call(
    'POST',
    api('/stock/opening'),
    { rows },
    {
      ...(options.token ? { token: options.token } : {}),
      ...(options.key ? { headers: { 'Idempotency-Key': options.key } } : {}),
    },
  );
const tableHash = async () => {
  const { rows } = await t.database.client.execute(
    `SELECT (SELECT count(*) FROM movements) || ':' || (SELECT coalesce(sum(on_hand * 31 + item_id), 0) FROM balances) || ':' || (SELECT count(*) FROM lots) || ':' || (SELECT coalesce(sum(avg_unit_cost_e4), 0) FROM items) AS h`,
  );
  return String(rows[0]!['h']);
};

describe('opening stock', () => {
  it('refuses every bad row at once, naming each, and writes nothing', async () => {
    const before = await tableHash();
    const res = await opening([
      { sku: 'NOPE', location: 'W1', quantity: 1 },
      { sku: 'A', location: '@customer', quantity: 1 },
      { sku: 'A', location: 'W1', quantity: 'ten', unitCost: 1.00001 },
      { sku: 'A', location: 'ZZ', quantity: 1 },
      { sku: 'A', location: 'W1', quantity: 2, unitCost: 3 },
      { sku: 'A', location: 'W1', quantity: 2, unitCost: 3 },
      { sku: 'B', location: 'W1', quantity: 1, lot: 'X1', expiresOn: '2027-01-01' },
      { sku: 'L', location: 'W1', quantity: 1 },
      { sku: 'B', location: 'S1', quantity: 1000, unitCost: 1e9 },
      { sku: 'B', location: 'S1', quantity: 1, expiresOn: '2027-01-01', extra: true },
    ]);
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(
      res.body.error.details.map((d: { path: string; code: string }) => `${d.path} ${d.code}`),
    ).toEqual([
      'rows.0.sku unknown_sku',
      'rows.1.location location_must_be_internal',
      'rows.2.quantity invalid_type',
      'rows.2.unitCost at_most_4_decimals',
      'rows.3.location unknown_location',
      'rows.5.sku invalid_value',
      'rows.6.lot item_not_lot_tracked',
      'rows.7.lot lot_required',
      'rows.8.unitCost amount_too_large',
      'rows.9.extra unrecognized_keys',
    ]);
    expect(res.body.error.details[0].message).toBeTruthy();
    expect(await tableHash()).toBe(before);
  });

  it('is for admins and managers, at the locations they may write to', async () => {
    const row = { sku: 'A', location: 'S1', quantity: 1, unitCost: 1 };
    expect((await opening([row], { token: tok['clerk']! })).body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'role_cannot_post_opening_stock' },
    });
    expect((await opening([row], { token: tok['managerW1']! })).body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'location_out_of_scope' },
    });
  });

  it('posts every row in one go at its cost, once however often it is sent', async () => {
    const rows = [
      { sku: 'A', location: 'W1', quantity: 10, unitCost: 10 },
      { sku: 'B', location: 'W1', quantity: 5 },
      { sku: 'L', location: 'W1', quantity: 4, unitCost: 2.5, lot: 'L-1', expiresOn: '2027-06-30' },
    ];
    const first = await opening(rows, { token: tok['managerW1']!, key: 'opening-sheet-1' });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(first.body).toMatchObject({ posted: 3, units: 19, value: 110 });
    expect(
      first.body.rows.map(
        (r: {
          index: number;
          movement: { type: string; reason: string; unitCost: number | null };
        }) => [r.index, r.movement.type, r.movement.reason, r.movement.unitCost],
      ),
    ).toEqual([
      [0, 'adjustment', 'opening stock', 10],
      [1, 'adjustment', 'opening stock', null],
      [2, 'adjustment', 'opening stock', 2.5],
    ]);
    const again = await opening(rows, { token: tok['managerW1']!, key: 'opening-sheet-1' });
    expect(again.status).toBe(201);
    expect(again.headers.get('Idempotent-Replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(
      (await opening(rows.slice(1), { token: tok['managerW1']!, key: 'opening-sheet-1' })).body
        .error.code,
    ).toBe('idempotency_key_reused');
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ onHand: 10 });
    expect((await t.call('GET', api('/lots?sku=L'))).body.items).toEqual([
      expect.objectContaining({ lot: 'L-1', location: 'W1', onHand: 4 }),
    ]);

    // The cost is folded into the moving average: 10 @ 10 and then 10 @ 20 are 15 a unit.
    expect(
      (await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'W1', unitCost: 20 }))
        .status,
    ).toBe(201);
    const value = (await t.call('GET', api('/reports/stock-value?location=W1'))).body;
    expect(value.locations[0]).toMatchObject({
      units: 29,
      value: 300 + 10,
      itemsWithoutCost: 1,
      unitsWithoutCost: 5,
    });
    expect(value.withoutCost).toEqual({ items: 1, units: 5 });
    const audit = (await t.call('GET', api('/audit?entity=stock:opening'))).body.items;
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'stock.opening',
        actor: 'manager-w1',
        after: expect.objectContaining({ rows: 3, units: 19 }),
      }),
    ]);
    expect((await t.verify()).ok).toBe(true);
  });
});
