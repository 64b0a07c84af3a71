import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, returnAwaitingInspection, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: "returns waiting for inspection" is a count in stock reads: quarantined
// units are never available, but the store's row says how many wait in its quarantine.
let t: TestApp;
let returnId: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'B', quantity: 4, location: 'S1' });
  returnId = await returnAwaitingInspection(t);
});
afterAll(() => t.cleanup());

const rowOf = (items: Array<{ sku: string; location: string }>, sku: string, location: string) =>
  items.find((r) => r.sku === sku && r.location === location);

describe('units waiting for inspection', () => {
  it('are counted on the store row of one item, the item view and the pages, not as available', async () => {
    expect(await stockOf(t, 'S1', 'A')).toEqual(
      expect.objectContaining({ onHand: 5, reserved: 0, available: 5, awaitingInspection: 3 }),
    );
    const item = (await t.call('GET', api('/stock?sku=A'))).body.items;
    expect(rowOf(item, 'A', 'S1')).toMatchObject({ available: 5, awaitingInspection: 3 });
    // The quarantine's own row: on hand, never available.
    expect(rowOf(item, 'A', 'S1.quarantine')).toMatchObject({ onHand: 3, available: 0 });
    expect(rowOf(item, 'A', 'S1.quarantine')).not.toHaveProperty('awaitingInspection');
    const page = (await t.call('GET', api('/stock?location=S1&withItem=true'))).body.items;
    expect(rowOf(page, 'A', 'S1')).toMatchObject({ awaitingInspection: 3 });
    // Nothing waits for B, or anywhere else.
    expect(rowOf(page, 'B', 'S1')).not.toHaveProperty('awaitingInspection');
    expect(await stockOf(t, 'S2', 'A')).not.toHaveProperty('awaitingInspection');
  });

  it('go down as the return is inspected, and the field goes once none wait', async () => {
    await t.call('POST', api(`/returns/${returnId}/inspect`), { lines: [{ sku: 'A', accept: 2 }] });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({
      onHand: 7,
      available: 7,
      awaitingInspection: 1,
    });
    await t.call('POST', api(`/returns/${returnId}/inspect`), { lines: [{ sku: 'A', scrap: 1 }] });
    expect(await stockOf(t, 'S1', 'A')).not.toHaveProperty('awaitingInspection');
    expect((await t.verify()).ok).toBe(true);
  });
});
