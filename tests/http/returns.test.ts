import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
let clerkS2: string;
let sale: { id: number };

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerkS2 = await t.user('clerk-s2', 'clerk', ['S2']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 20, location: 'S1' });
  sale = (
    await post(t, { type: 'issue', sku: 'A', quantity: 5, location: 'S1', reference: 'order-88' })
  ).body;
});
afterAll(() => t.cleanup());

describe('customer returns', () => {
  it('posts a return movement @customer → location, from the movements API too', async () => {
    const res = await post(t, {
      type: 'return',
      sku: 'A',
      quantity: 1,
      location: 'S1',
      reference: 'till-3',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ type: 'return', from: '@customer', to: 'S1', quantity: 1 });
    expect(
      (await post(t, { type: 'return', sku: 'A', quantity: 1, from: 'S1' })).body.error.details,
    ).toContainEqual(expect.objectContaining({ path: 'from', code: 'field_not_allowed' }));
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 16, available: 16 });
  });

  it('lands inspected returns in quarantine (on hand, not available) until accepted or scrapped', async () => {
    const created = await t.call('POST', api('/returns'), {
      location: 'S1',
      inspect: true,
      reference: 'order-88',
      reason: '包装破损',
      lines: [{ sku: 'A', quantity: 3, originalMovement: sale.id }],
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).toMatchObject({
      status: 'inspecting',
      quarantine: 'S1.quarantine',
      lines: [{ sku: 'A', quantity: 3, pending: 3, originalMovement: sale.id }],
    });
    // Not available at S1; on hand in its quarantine.
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 16, available: 16 });
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 3 });
    expect((await t.call('GET', api('/locations'))).body.items).toContainEqual(
      expect.objectContaining({ code: 'S1.quarantine', kind: 'quarantine', virtual: false }),
    );

    const tooMuch = await t.call('POST', api(`/returns/${created.body.id}/inspect`), {
      lines: [{ sku: 'A', accept: 3, scrap: 1 }],
    });
    expect(tooMuch.body.error.details[0]).toMatchObject({
      code: 'too_big',
      params: { maximum: 3 },
    });
    const partly = await t.call('POST', api(`/returns/${created.body.id}/inspect`), {
      lines: [{ sku: 'A', accept: 2 }],
    });
    expect(partly.body).toMatchObject({
      status: 'inspecting',
      lines: [{ accepted: 2, scrapped: 0, pending: 1 }],
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 18, available: 18 });
    const done = await t.call('POST', api(`/returns/${created.body.id}/inspect`), {
      lines: [{ sku: 'A', scrap: 1 }],
    });
    expect(done.body).toMatchObject({
      status: 'inspected',
      lines: [{ accepted: 2, scrapped: 1, pending: 0 }],
    });
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 0 });
    expect(
      (
        await t.call('POST', api(`/returns/${created.body.id}/inspect`), {
          lines: [{ sku: 'A', scrap: 1 }],
        })
      ).body.error.code,
    ).toBe('invalid_state');

    const moves = await t.call('GET', api('/movements?sku=A&location=S1.quarantine'));
    expect(
      moves.body.items.map((m: { type: string; from: string; to: string; quantity: number }) => [
        m.type,
        m.from,
        m.to,
        m.quantity,
      ]),
    ).toEqual([
      ['return', '@customer', 'S1.quarantine', 3],
      ['return_accept', 'S1.quarantine', 'S1', 2],
      ['scrap', 'S1.quarantine', '@scrap', 1],
    ]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('refuses returning more than the referenced sale took out, or a movement that is no sale', async () => {
    const second = await t.call('POST', api('/returns'), {
      location: 'S1',
      lines: [{ sku: 'A', quantity: 2, originalMovement: sale.id }],
    });
    expect(second.status).toBe(201);
    expect(second.body.status).toBe('received');
    const third = await t.call('POST', api('/returns'), {
      location: 'S1',
      lines: [{ sku: 'A', quantity: 1, originalMovement: sale.id }],
    });
    expect(third.status).toBe(400);
    expect(third.body.error.details[0]).toMatchObject({
      path: 'lines.0.quantity',
      code: 'more_than_sold',
      params: { sold: 5, returned: 5 },
    });
    const wrong = await t.call('POST', api('/returns'), {
      location: 'S1',
      lines: [{ sku: 'B', quantity: 1, originalMovement: sale.id }],
    });
    expect(wrong.body.error.details[0]).toMatchObject({ code: 'not_a_sale_of_item' });
    expect(
      (
        await t.call(
          'POST',
          api('/returns'),
          { location: 'S1', lines: [{ sku: 'A', quantity: 1 }] },
          { token: clerkS2 },
        )
      ).status,
    ).toBe(403);
    expect((await t.call('GET', api('/returns/999'))).status).toBe(404);
  });

  it('returns lot-tracked items into their lot; expired returns can only be scrapped', async () => {
    await t.call('POST', api('/items'), { sku: 'YOG', name: 'Yoghurt', lotTracked: true });
    await post(t, {
      type: 'receipt',
      sku: 'YOG',
      quantity: 4,
      location: 'S2',
      lot: 'Y1',
      expiresOn: '2026-11-05',
    });
    const sold = await post(t, { type: 'issue', sku: 'YOG', quantity: 2, location: 'S2' });
    const back = await t.call('POST', api('/returns'), {
      location: 'S2',
      inspect: true,
      lines: [{ sku: 'YOG', quantity: 2, originalMovement: sold.body.id }],
    });
    expect(back.body.lines[0]).toMatchObject({ lot: 'Y1' });
    t.clock.now = Date.parse('2026-11-08T10:00:00Z');
    const accept = await t.call('POST', api(`/returns/${back.body.id}/inspect`), {
      lines: [{ sku: 'YOG', accept: 1 }],
    });
    expect(accept.body.error.code).toBe('lot_expired');
    expect(
      (
        await t.call('POST', api(`/returns/${back.body.id}/inspect`), {
          lines: [{ sku: 'YOG', scrap: 2 }],
        })
      ).body.status,
    ).toBe('inspected');
    expect((await t.verify()).ok).toBe(true);
  });
});
