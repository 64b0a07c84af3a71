import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireReservations } from '../../core/services/reservations/expire-reservations.js';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'S1' });
});
afterAll(() => t.cleanup());

const hold = (body: Record<string, unknown>, token?: string) =>
  t.call('POST', api('/reservations'), body, token ? { token } : {});

describe('reservations', () => {
  it('holds stock: still on hand, no longer available to anyone else', async () => {
    const res = await hold({ sku: 'A', location: 'S1', quantity: 4, reference: 'ORDER-1' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      status: 'pending',
      sku: 'A',
      location: 'S1',
      quantity: 4,
      reference: 'ORDER-1',
      expiresAt: null,
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 10, reserved: 4, available: 6 });
    const sale = await post(t, { type: 'issue', sku: 'A', quantity: 7, location: 'S1' });
    expect(sale.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { available: 6 },
    });
    expect((await hold({ sku: 'A', location: 'S1', quantity: 7 })).body.error.code).toBe(
      'insufficient_stock',
    );
    expect((await t.call('GET', api(`/reservations/${res.body.id}`))).body.status).toBe('pending');
  });

  it('commits part of a hold as a sale and releases the rest, once', async () => {
    const created = await hold({ sku: 'A', location: 'S1', quantity: 3 });
    const id = created.body.id;
    const before = await stockOf(t, 'S1', 'A');
    const committed = await t.call('POST', api(`/reservations/${id}/commit`), { quantity: 2 });
    expect(committed.status).toBe(200);
    expect(committed.body).toMatchObject({ status: 'committed', committedQuantity: 2 });
    const movement = await t.call(
      'GET',
      api(`/movements?afterSeq=${committed.body.movementId - 1}&limit=1`),
    );
    expect(movement.body.items[0]).toMatchObject({
      type: 'issue',
      from: 'S1',
      to: '@customer',
      quantity: 2,
      reservationId: id,
    });
    expect(await stockOf(t, 'S1', 'A')).toEqual({
      ...before,
      onHand: before.onHand - 2,
      reserved: before.reserved - 3,
      available: before.available + 1,
    });

    for (const action of ['commit', 'release']) {
      const again = await t.call('POST', api(`/reservations/${id}/${action}`));
      expect(again.status).toBe(409);
      expect(again.body.error).toMatchObject({
        code: 'invalid_state',
        details: { status: 'committed' },
      });
    }
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it('releases a hold once', async () => {
    const { body } = await hold({ sku: 'A', location: 'S1', quantity: 1 });
    const before = await stockOf(t, 'S1', 'A');
    expect((await t.call('POST', api(`/reservations/${body.id}/release`))).body.status).toBe(
      'released',
    );
    expect((await stockOf(t, 'S1', 'A')).available).toBe(before.available + 1);
    expect((await t.call('POST', api(`/reservations/${body.id}/release`))).status).toBe(409);
  });

  it('refuses to commit more than was held', async () => {
    const { body } = await hold({ sku: 'A', location: 'S1', quantity: 1 });
    const res = await t.call('POST', api(`/reservations/${body.id}/commit`), { quantity: 2 });
    expect(res.status).toBe(400);
    expect(res.body.error.details[0]).toMatchObject({ path: 'quantity', code: 'too_big' });
    await t.call('POST', api(`/reservations/${body.id}/release`));
  });

  it('stops counting an expired hold at once, then sweeps it', async () => {
    const before = await stockOf(t, 'S1', 'A');
    const { body } = await hold({
      sku: 'A',
      location: 'S1',
      quantity: before.available,
      expiresInSeconds: 60,
    });
    expect((await stockOf(t, 'S1', 'A')).available).toBe(0);

    t.clock.now += 61_000;
    expect(await stockOf(t, 'S1', 'A')).toEqual(before);
    expect((await t.call('GET', api(`/reservations/${body.id}`))).body.status).toBe('expired');
    const late = await t.call('POST', api(`/reservations/${body.id}/commit`));
    expect(late.body.error).toMatchObject({
      code: 'invalid_state',
      details: { status: 'expired' },
    });

    // A sale may use the freed stock before any sweep ran; posting expires the hold.
    const sale = await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: before.available,
      location: 'S1',
    });
    expect(sale.status).toBe(201);
    expect((await t.verify()).mismatches).toEqual([]);
    const row = await t.database.client.execute({
      sql: 'SELECT status FROM reservations WHERE id = ?',
      args: [body.id],
    });
    expect(row.rows[0]!['status']).toBe('expired');
  });

  it("counts only a balance's own expired holds: another item's due hold changes nothing", async () => {
    await post(t, { type: 'receipt', sku: 'B', quantity: 10, location: 'W1' });
    await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'W1' });
    await hold({ sku: 'A', location: 'W1', quantity: 5, expiresInSeconds: 60 });
    await hold({ sku: 'B', location: 'W1', quantity: 2 });
    t.clock.now += 120_000; // A's hold is due, not yet swept
    const expected = { onHand: 10, reserved: 2, available: 8 };
    expect(await stockOf(t, 'W1', 'B')).toMatchObject(expected);
    expect((await t.call('GET', api('/stock?sku=B&location=W1'))).body.items[0]).toMatchObject(
      expected,
    );
    expect(
      (await t.call('POST', api('/stock/query'), { lines: [{ sku: 'B', location: 'W1' }] })).body
        .items[0].available,
    ).toBe(8);
    expect(await stockOf(t, 'W1', 'A')).toMatchObject({ onHand: 10, reserved: 0, available: 10 });
  });

  it('sweeps expired holds in the background worker', async () => {
    await post(t, { type: 'receipt', sku: 'B', quantity: 5, location: 'S2' });
    const { body } = await hold({ sku: 'B', location: 'S2', quantity: 5, expiresInSeconds: 1 });
    t.clock.now += 2_000;
    expect(await expireReservations(t.database, t.clock.now)).toBeGreaterThanOrEqual(1);
    expect(await stockOf(t, 'S2', 'B')).toMatchObject({ onHand: 5, reserved: 0, available: 5 });
    expect((await t.call('GET', api(`/reservations/${body.id}`))).body.status).toBe('expired');
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it.each([
    [{ sku: 'A', location: 'S1', quantity: 0 }, 400],
    [{ sku: 'A', location: 'S1', quantity: 1, expiresInSeconds: 0 }, 400],
    [{ sku: 'A', location: '@customer', quantity: 1 }, 400],
    [{ sku: 'NOPE', location: 'S1', quantity: 1 }, 404],
    [{ sku: 'A', location: 'S9', quantity: 1 }, 404],
  ])('refuses %j with %i', async (body, status) => {
    expect((await hold(body)).status).toBe(status);
  });

  it('answers 404 for unknown holds and keeps clerks to their stores', async () => {
    expect((await t.call('POST', api('/reservations/999999/commit'))).status).toBe(404);
    expect((await t.call('GET', api('/reservations/999999'))).status).toBe(404);
    const clerk = await t.user('hold-clerk', 'clerk', ['S2']);
    expect((await hold({ sku: 'A', location: 'S1', quantity: 1 }, clerk)).status).toBe(403);
    const viewer = await t.user('hold-viewer', 'viewer');
    expect((await hold({ sku: 'A', location: 'S1', quantity: 1 }, viewer)).status).toBe(403);
  });
});
