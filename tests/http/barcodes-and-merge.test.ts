import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let clerk: string;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerk = await t.user('clerk', 'clerk', ['S1']);
});
afterAll(() => t.cleanup());

describe('pack barcodes', () => {
  it('adds barcodes with multipliers, posts scans by them, and removes them keeping history', async () => {
    const added = await t.call('POST', api('/items/B/barcodes'), {
      code: 'B-INNER',
      multiplier: 6,
    });
    expect(added.status).toBe(201);
    await t.call('POST', api('/items/B/barcodes'), { code: 'B-CASE', multiplier: 24 });
    expect((await t.call('GET', api('/items/B'))).body.barcodes).toEqual([
      { code: 'B-CASE', multiplier: 24 },
      { code: 'B-INNER', multiplier: 6 },
    ]);
    expect(
      (await post(t, { type: 'receipt', barcode: 'B-CASE', quantity: 2, location: 'S1' })).body
        .quantity,
    ).toBe(48);
    expect(
      (await post(t, { type: 'issue', barcode: 'B-INNER', quantity: 1, location: 'S1' })).body
        .quantity,
    ).toBe(6);
    expect((await stockOf(t, 'S1', 'B')).onHand).toBe(42);

    expect(
      (await t.call('POST', api('/items/A/barcodes'), { code: 'B-CASE' })).body.error.code,
    ).toBe('already_exists');
    expect(
      (await t.call('POST', api('/items/B/barcodes'), { code: 'X', multiplier: 0 })).status,
    ).toBe(400);
    expect((await t.call('POST', api('/items/NOPE/barcodes'), { code: 'X' })).status).toBe(404);
    expect(
      (await t.call('POST', api('/items/B/barcodes'), { code: 'X' }, { token: clerk })).status,
    ).toBe(403);

    const removed = await t.call('DELETE', api('/items/B/barcodes/B-CASE'));
    expect(removed.body.barcodes).toEqual([{ code: 'B-INNER', multiplier: 6 }]);
    expect((await t.call('DELETE', api('/items/A/barcodes/B-INNER'))).status).toBe(404);
    // The receipt scanned with the removed case barcode still reads as 48 of B.
    const moves = await t.call('GET', api('/movements?sku=B&location=S1'));
    expect(moves.body.items).toContainEqual(
      expect.objectContaining({ type: 'receipt', sku: 'B', quantity: 48 }),
    );
    expect(
      (await post(t, { type: 'receipt', barcode: 'B-CASE', quantity: 1, location: 'S1' })).status,
    ).toBe(404);
    const audit = await t.call('GET', api('/audit?entity=barcode:B-CASE'));
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['barcode.add', 'barcode.remove']),
    );
  });
});

describe('merging items', () => {
  it('moves stock by movements and barcodes, keeps history, and keeps the ledger balanced', async () => {
    await t.call('POST', api('/items'), {
      sku: 'TEA-S2',
      name: '龙井 (S2 code)',
      barcodes: ['693-OLD', { code: '693-OLD-CASE', multiplier: 10 }],
    });
    await t.call('POST', api('/items'), { sku: 'TEA', name: '龙井' });
    const supplier = await t.call('POST', api('/suppliers'), { name: 'Tea farm' });
    for (const [sku, location, quantity, unitCost] of [
      ['TEA', 'W1', 30, 10],
      ['TEA-S2', 'S2', 10, 20],
    ] as const) {
      const po = await t.call('POST', api('/purchase-orders'), {
        supplier: supplier.body.id,
        location,
        lines: [{ sku, quantity, unitCost }],
      });
      await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
        lines: [{ sku, quantity }],
      });
    }
    await post(t, { type: 'receipt', sku: 'TEA-S2', quantity: 5, location: 'W1' });
    await post(t, { type: 'issue', sku: 'TEA-S2', quantity: 3, location: 'S2' });

    // A hold on the item to be merged blocks the merge (it would be stranded).
    const hold = await t.call('POST', api('/reservations'), {
      sku: 'TEA-S2',
      location: 'S2',
      quantity: 1,
    });
    const blocked = await t.call('POST', api('/items/TEA-S2/merge'), { into: 'TEA' });
    expect(blocked.status).toBe(409);
    expect(blocked.body.error.details).toMatchObject({ holds: 1 });
    await t.call('POST', api(`/reservations/${hold.body.id}/release`), {});

    expect(
      (await t.call('POST', api('/items/TEA/merge'), { into: 'TEA' })).body.error.details[0].code,
    ).toBe('merge_into_itself');
    expect(
      (await t.call('POST', api('/items/TEA-S2/merge'), { into: 'TEA' }, { token: clerk })).status,
    ).toBe(403);

    const merged = await t.call('POST', api('/items/TEA-S2/merge'), { into: 'TEA' });
    expect(merged.status, JSON.stringify(merged.body)).toBe(200);
    expect(merged.body).toMatchObject({
      merged: { sku: 'TEA-S2', active: false, barcodes: [], mergedInto: 'TEA' },
      into: {
        sku: 'TEA',
        barcodes: [{ code: '693-OLD' }, { code: '693-OLD-CASE', multiplier: 10 }],
      },
      moved: [
        { location: 'S2', quantity: 7 },
        { location: 'W1', quantity: 5 },
      ],
    });
    expect(await stockOf(t, 'W1', 'TEA')).toMatchObject({ onHand: 35 });
    expect(await stockOf(t, 'S2', 'TEA')).toMatchObject({ onHand: 7 });
    // The merged sku now names the kept item, in reads as in writes.
    expect(await stockOf(t, 'S2', 'TEA-S2')).toMatchObject({ sku: 'TEA', onHand: 7 });

    // History of the merged item is still its own, ending with the merge.
    const history = await t.call('GET', api('/movements?sku=TEA-S2'));
    const types = history.body.items.map((m: { type: string }) => m.type);
    expect(types).toEqual(expect.arrayContaining(['receipt', 'issue', 'merge_out']));
    expect(history.body.items.find((m: { type: string }) => m.type === 'merge_out')).toMatchObject({
      document: { type: 'item_merge' },
    });
    // Its sku and barcodes now name the kept item.
    expect(
      (await post(t, { type: 'issue', sku: 'TEA-S2', quantity: 1, location: 'S2' })).body,
    ).toMatchObject({ sku: 'TEA', quantity: 1 });
    expect(
      (await post(t, { type: 'issue', barcode: '693-OLD-CASE', quantity: 1, location: 'W1' })).body,
    ).toMatchObject({ sku: 'TEA', quantity: 10 });
    expect((await t.call('GET', api('/items/TEA-S2'))).body).toMatchObject({
      active: false,
      mergedInto: 'TEA',
    });
    // Moving average: TEA's 30 at 10.00 and the merged 12 at 20.00 → 540 / 42 = 12.8571 a unit.
    const value = await t.call('GET', api('/reports/stock-value?location=W1'));
    expect(value.body.locations[0]).toMatchObject({
      location: 'W1',
      units: 25,
      value: 25 * 12.8571,
    });

    expect(
      (await t.call('POST', api('/items/TEA-S2/merge'), { into: 'TEA' })).body.error,
    ).toMatchObject({ code: 'invalid_state', details: { sku: 'TEA-S2' } });
    const audit = await t.call('GET', api('/audit?entity=item:TEA-S2'));
    expect(audit.body.items.map((a: { action: string }) => a.action)).toContain('item.merge');
    const verify = await t.verify();
    expect(verify.ok, JSON.stringify(verify)).toBe(true);
  });
});
