import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** Suggestions that count drafts, order once per location and item, and know the warehouse. */
let t: TestApp;
const DAY = 86_400_000;
let start: number;
const ago = (days: number) => new Date(t.clock.now - days * DAY).toISOString();

beforeAll(async () => {
  t = await testApp();
  start = t.clock.now;
  await seedShop(t);
  for (const sku of ['P', 'Q', 'TEA']) await t.call('POST', api('/items'), { sku, name: sku });
  await t.call('POST', api('/suppliers'), { name: 'Vendor', leadTimeDays: 1, packSize: 1 });
  await t.call('POST', api('/suppliers'), { name: 'Tea Farm', leadTimeDays: 5, packSize: 12 });
});
afterAll(() => t.cleanup());

const suggestions = async (location: string, query = '') =>
  (await t.call('GET', api(`/suggestions/purchase?location=${location}${query}`))).body
    .items as Array<Record<string, any>>;
const orderSuggestions = (body: Record<string, unknown>, token?: string) =>
  t.call('POST', api('/suggestions/purchase/orders'), body, token ? { token } : {});
const draftsAt = async (location: string) =>
  (await t.call('GET', api(`/purchase-orders?status=draft&location=${location}`))).body
    .items as Array<Record<string, any>>;
/** Buys `quantity` of `sku` for `location` from `supplier`, received: the item's supplier and last cost. */
async function bought(
  sku: string,
  location: string,
  quantity: number,
  supplier: string,
  unitCost = 2,
) {
  const po = await t.call('POST', api('/purchase-orders'), {
    supplier,
    location,
    lines: [{ sku, quantity, unitCost }],
  });
  expect(
    (
      await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
        lines: [{ sku, quantity }],
      })
    ).body.status,
  ).toBe('received');
}

describe('drafts are on order (Odoo: test_reordering_rule_triggered_two_times)', () => {
  // Odoo: a product with a reordering rule; a delivery of 1 makes a draft PO line of 1
  // and the rule's quantity to order drops to 0; a second delivery of 1 updates the
  // same line to 2 (no second PO) and the quantity to order is 0 again. Here demand is
  // sales (the ledger never goes below zero, so each unit is received, then sold), the
  // rule is velocity over one day with a one-day lead time and no review period.
  const window = { location: 'S1', windowDays: 1, reviewDays: 0 };
  const query = '&windowDays=1&reviewDays=0';

  it('the first sale makes a draft of 1; the suggestion then asks for nothing more', async () => {
    await bought('P', 'S1', 1, 'Vendor');
    await post(t, { type: 'issue', sku: 'P', quantity: 1, location: 'S1' });
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toMatchObject({
      quantity: 1,
      action: 'purchase',
      figures: { velocity: 1, position: 0 },
    });

    const first = await orderSuggestions(window);
    expect(first.status).toBe(201);
    expect(first.body.orders).toEqual([
      expect.objectContaining({
        status: 'draft',
        supplier: expect.objectContaining({ name: 'Vendor' }),
        lines: [{ sku: 'P', quantity: 1, unitCost: 2, received: 0 }],
      }),
    ]);
    // The draft is on order: position 1 = reorder point 1.
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toBeUndefined();
  });

  it('a second sale updates the same draft line to 2, and the suggestion is empty again', async () => {
    await post(t, { type: 'receipt', sku: 'P', quantity: 1, location: 'S1' });
    await post(t, { type: 'issue', sku: 'P', quantity: 1, location: 'S1' });
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toMatchObject({
      quantity: 1,
      figures: { velocity: 2, onOrder: 1, position: 1 },
    });

    const second = await orderSuggestions(window);
    const drafts = await draftsAt('S1');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.lines).toEqual([{ sku: 'P', quantity: 2, unitCost: 2, received: 0 }]);
    expect(second.body.orders).toEqual([
      expect.objectContaining({ id: drafts[0]!.id, lines: drafts[0]!.lines }),
    ]);
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toBeUndefined();
    const trail = await t.call('GET', api(`/audit?entity=purchase_order:${drafts[0]!.id}`));
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual([
      'purchase_order.create',
      'purchase_order.edit',
    ]);
  });

  it('counts orders waiting for approval too, and stops counting what was cancelled', async () => {
    const [draft] = await draftsAt('S1');
    await t.call('PUT', api('/approval-policies'), {
      policies: [{ documentType: 'purchase_order', levels: [{ minQuantity: 0, role: 'admin' }] }],
    });
    const pending = await t.call('POST', api(`/purchase-orders/${draft!.id}/submit`), {
      version: draft!.version,
    });
    expect(pending.body.status).toBe('pending_approval');
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toBeUndefined();
    await t.call('POST', api(`/purchase-orders/${draft!.id}/cancel`), {});
    expect((await suggestions('S1', query)).find((s) => s.sku === 'P')).toMatchObject({
      quantity: 2,
      figures: { onOrder: 0 },
    });
    await t.call('PUT', api('/approval-policies'), {
      policies: [{ documentType: 'purchase_order', levels: [] }],
    });
  });
});

describe('ordering suggestions is idempotent per location and item', () => {
  it('two clicks at once make one draft, with the quantity of one', async () => {
    await bought('Q', 'S2', 5, 'Vendor');
    await post(t, { type: 'issue', sku: 'Q', quantity: 5, location: 'S2' });
    const window = { location: 'S2', windowDays: 1, reviewDays: 0 };
    const [a, b] = await Promise.all([orderSuggestions(window), orderSuggestions(window)]);
    expect([a!.status, b!.status]).toEqual([201, 201]);
    const drafts = await draftsAt('S2');
    expect(drafts.map((d) => d.lines)).toEqual([
      [{ sku: 'Q', quantity: 5, unitCost: 2, received: 0 }],
    ]);
    // The second click found the first one's draft holding all it would order.
    expect([a!.body.orders.length, b!.body.orders.length].sort()).toEqual([0, 1]);
  });

  it('a quantity the buyer chose is what the draft holds: sending it twice changes nothing', async () => {
    const body = {
      location: 'S2',
      windowDays: 1,
      reviewDays: 0,
      lines: [
        { sku: 'Q', quantity: 8 },
        { sku: 'P', quantity: 3 },
      ],
    };
    const once = await orderSuggestions(body);
    const twice = await orderSuggestions(body);
    const drafts = await draftsAt('S2');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]!.lines).toEqual([
      { sku: 'Q', quantity: 8, unitCost: 2, received: 0 },
      { sku: 'P', quantity: 3, unitCost: 2, received: 0 },
    ]);
    expect(twice.body.orders).toEqual(once.body.orders);
    expect(twice.body.orders[0].version).toBe(drafts[0]!.version);
  });

  it('is for users who may order at the location', async () => {
    const viewer = await t.user('viewer', 'viewer');
    const elsewhere = await t.user('clerk-s1', 'clerk', ['S1']);
    expect((await orderSuggestions({ location: 'S2' }, viewer)).status).toBe(403);
    expect((await orderSuggestions({ location: 'S2' }, elsewhere)).status).toBe(403);
    expect(
      (await orderSuggestions({ location: 'S2', lines: [{ sku: 'NOPE' }] })).body.error.details,
    ).toEqual([expect.objectContaining({ path: 'lines.0.sku', code: 'unknown_sku' })]);
  });
});

describe('suggestions know the warehouse', () => {
  it('a store is told to take from the warehouse what the warehouse can spare, as a transfer', async () => {
    await bought('TEA', 'W1', 966, 'Tea Farm');
    await post(t, {
      type: 'receipt',
      sku: 'TEA',
      quantity: 94,
      location: 'S1',
      occurredAt: ago(30),
    });
    const rows = Array.from({ length: 28 }, (_, k) => ({
      type: 'issue',
      sku: 'TEA',
      quantity: 3,
      location: 'S1',
      occurredAt: ago(k),
    }));
    expect((await t.call('POST', api('/movements/batch'), { rows })).status).toBe(200);

    // S1 sells 3 a day: reorder point 3 × (5 + 7) = 36, position 10, needs 26. W1 sells
    // nothing and ships nothing yet: it keeps 0 and can spare all 966.
    const [tea] = (await suggestions('S1')).filter((s) => s.sku === 'TEA');
    expect(tea).toEqual({
      sku: 'TEA',
      quantity: 26,
      action: 'transfer',
      from: 'W1',
      supplier: { id: expect.any(Number), name: 'Tea Farm', lastUnitCost: 2 },
      figures: {
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
        safetyStock: 0,
        reorderPoint: 36,
        onHand: 10,
        available: 10,
        onOrder: 0,
        inbound: 0,
        position: 10,
        max: null,
        needed: 26,
        packSize: 12,
      },
      sources: [{ location: 'W1', available: 966, keeps: 0, spare: 966 }],
    });
    // Not bought: ordering the suggestions leaves it to a transfer request.
    const ordered = await orderSuggestions({ location: 'S1', lines: [{ sku: 'TEA' }] });
    expect(ordered.body).toEqual({
      orders: [],
      skipped: [{ sku: 'TEA', reason: 'transfer_suggested', from: 'W1' }],
    });
  });

  it('a store that names @supplier always buys; one that names another location sources only from it', async () => {
    expect(
      (await t.call('PATCH', api('/locations/S1'), { replenishFrom: '@supplier' })).body,
    ).toMatchObject({ code: 'S1', replenishFrom: '@supplier' });
    expect((await suggestions('S1')).find((s) => s.sku === 'TEA')).toMatchObject({
      quantity: 36,
      action: 'purchase',
      from: null,
      sources: [],
    });

    await t.call('POST', api('/locations'), { code: 'W2', name: 'Regional', kind: 'warehouse' });
    await t.call('PATCH', api('/locations/S1'), { replenishFrom: 'W2' });
    expect((await suggestions('S1')).find((s) => s.sku === 'TEA')).toMatchObject({
      action: 'purchase',
      sources: [{ location: 'W2', available: 0, spare: 0 }],
    });
    await post(t, { type: 'move', sku: 'TEA', quantity: 100, from: 'W1', to: 'W2' });
    expect((await suggestions('S1')).find((s) => s.sku === 'TEA')).toMatchObject({
      quantity: 26,
      action: 'transfer',
      from: 'W2',
      sources: [{ location: 'W2', available: 100, keeps: 0, spare: 100 }],
    });

    const listed = (await t.call('GET', api('/locations'))).body.items;
    expect(listed.find((l: { code: string }) => l.code === 'S1')).toEqual({
      code: 'S1',
      name: 'S1',
      kind: 'store',
      virtual: false,
      replenishFrom: 'W2',
    });
    expect(
      (await t.call('PATCH', api('/locations/S1'), { replenishFrom: null })).body.replenishFrom,
    ).toBeNull();
    const trail = await t.call('GET', api('/audit?entity=location:S1'));
    expect(
      trail.body.items
        .filter((r: { action: string }) => r.action === 'location.update')
        .map((r: { after: unknown }) => r.after),
    ).toEqual([{ replenishFrom: '@supplier' }, { replenishFrom: 'W2' }, { replenishFrom: null }]);
  });

  it('refuses a source that is not a store, warehouse or @supplier, a loop, and non-admins', async () => {
    await t.call('PATCH', api('/locations/W2'), { replenishFrom: 'W1' });
    const loop = await t.call(
      'PATCH',
      api('/locations/W1'),
      { replenishFrom: 'W2' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(loop.status).toBe(400);
    expect(loop.body.error.details).toEqual([
      {
        path: 'replenishFrom',
        code: 'replenishment_cycle',
        params: { location: 'W1', chain: 'W1 → W2 → W1' },
        message: 'replenishFrom: 会使 W1 循环地从自身补货（W1 → W2 → W1）',
      },
    ]);
    expect(
      (await t.call('PATCH', api('/locations/S2'), { replenishFrom: 'S2' })).body.error.details[0]
        .code,
    ).toBe('replenishment_cycle');
    expect(
      (await t.call('PATCH', api('/locations/S2'), { replenishFrom: '@customer' })).body.error
        .details[0],
    ).toMatchObject({ path: 'replenishFrom', code: 'location_must_be_internal' });
    expect(
      (await t.call('PATCH', api('/locations/S2'), { replenishFrom: 'NOPE' })).body.error
        .details[0],
    ).toMatchObject({ path: 'replenishFrom', code: 'unknown_location' });
    expect((await t.call('PATCH', api('/locations/NOPE'), { replenishFrom: null })).status).toBe(
      404,
    );
    expect(
      (await t.call('PATCH', api('/locations/@scrap'), { replenishFrom: null })).body.error
        .details[0],
    ).toMatchObject({ path: 'code', code: 'location_must_be_internal' });
    const manager = await t.user('manager', 'manager');
    expect(
      (await t.call('PATCH', api('/locations/S2'), { replenishFrom: 'W1' }, { token: manager }))
        .status,
    ).toBe(403);
    await t.call('PATCH', api('/locations/W2'), { replenishFrom: null });
  });

  it("a warehouse's velocity includes what it ships to the stores it supplies, so store demand reaches its own purchases", async () => {
    await t.call('POST', api('/items'), { sku: 'CUP', name: 'Cup' });
    await bought('CUP', 'W1', 392, 'Tea Farm');
    // Another store that always buys: what W1 sends it is a favour, not W1's demand.
    await t.call('PATCH', api('/locations/S2'), { replenishFrom: '@supplier' });
    const ship = async (to: string, quantity: number, daysAgo: number) => {
      t.clock.now = start - daysAgo * DAY;
      const transfer = await t.call('POST', api('/transfers'), {
        from: 'W1',
        to,
        lines: [{ sku: 'CUP', quantity }],
      });
      expect(
        (await t.call('POST', api(`/transfers/${transfer.body.id}/ship`), {})).body.status,
      ).toBe('in_transit');
      expect(
        (
          await t.call('POST', api(`/transfers/${transfer.body.id}/receive`), {
            lines: [{ sku: 'CUP', quantity }],
          })
        ).body.status,
      ).toBe('received');
      t.clock.now = start;
    };
    for (const daysAgo of [20, 13, 6, 1]) await ship('S1', 70, daysAgo);
    await ship('S2', 20, 3);
    await ship('S1', 50, 40); // before the window

    // W1 sells nothing, but shipped 280 to S1 in the 28 days: 10 a day, reorder point
    // 10 × (5 + 7) = 120. It holds 392 − 280 − 20 − 50 = 42: it needs 78, 84 in packs of 12.
    const cup = (await suggestions('W1')).find((s) => s.sku === 'CUP');
    expect(cup).toEqual({
      sku: 'CUP',
      quantity: 84,
      action: 'purchase',
      from: null,
      supplier: { id: expect.any(Number), name: 'Tea Farm', lastUnitCost: 2 },
      figures: {
        method: 'velocity',
        sold: 0,
        shipped: 280,
        windowDays: 28,
        velocity: 10,
        leadTimeDays: 5,
        reviewDays: 7,
        coverDays: 12,
        forecastPerDay: null,
        forecastError: null,
        serviceLevel: null,
        z: null,
        demand: 120,
        safetyStock: 0,
        reorderPoint: 120,
        onHand: 42,
        available: 42,
        onOrder: 0,
        inbound: 0,
        position: 42,
        max: null,
        needed: 78,
        packSize: 12,
      },
      sources: [],
    });
    // What a warehouse keeps for its stores is not spare: S1 (now short of cups) is told to buy.
    await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'CUP', location: 'S1', min: 400 }] });
    expect((await suggestions('S1')).find((s) => s.sku === 'CUP')).toMatchObject({
      action: 'purchase',
      sources: [
        { location: 'W1', available: 42, keeps: 120, spare: 0 },
        { location: 'W2', available: 0, keeps: 0, spare: 0 },
      ],
    });
    expect((await t.verify()).mismatches).toEqual([]);
  });
});
