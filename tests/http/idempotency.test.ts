import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop, stockOf } from '../helpers/fixtures.js';
import { ADMIN_TOKEN, api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const withKey = (path: string, body: unknown, key: string, token = ADMIN_TOKEN) =>
  t.call('POST', api(path), body, { token, headers: { 'idempotency-key': key } });

describe('Idempotency-Key', () => {
  it('answers a repeated request with the first response and no second effect', async () => {
    const body = { type: 'receipt', sku: 'A', quantity: 5, location: 'W1' };
    const first = await withKey('/movements', body, 'receipt-1');
    const second = await withKey(
      '/movements',
      { location: 'W1', quantity: 5, sku: 'A', type: 'receipt' },
      'receipt-1',
    );
    expect(second.status).toBe(201);
    expect(second.body).toEqual(first.body);
    expect(second.headers.get('idempotent-replayed')).toBe('true');
    expect((await stockOf(t, 'W1', 'A')).onHand).toBe(5);
  });

  it('refuses the same key with another body', async () => {
    const res = await withKey(
      '/movements',
      { type: 'receipt', sku: 'A', quantity: 6, location: 'W1' },
      'receipt-1',
    );
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('idempotency_key_reused');
    expect((await stockOf(t, 'W1', 'A')).onHand).toBe(5);
  });

  it('keeps keys per user', async () => {
    const other = await t.user('idem-user', 'clerk');
    const res = await withKey(
      '/movements',
      { type: 'receipt', sku: 'A', quantity: 1, location: 'W1' },
      'receipt-1',
      other,
    );
    expect(res.status).toBe(201);
    expect((await stockOf(t, 'W1', 'A')).onHand).toBe(6);
  });

  it('lets a refused request be fixed and sent again with the same key', async () => {
    const key = 'sale-1';
    const refused = await withKey(
      '/movements',
      { type: 'issue', sku: 'B', quantity: 1, location: 'W1' },
      key,
    );
    expect(refused.body.error.code).toBe('insufficient_stock');
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'B',
      quantity: 1,
      location: 'W1',
    });
    const retried = await withKey(
      '/movements',
      { type: 'issue', sku: 'B', quantity: 1, location: 'W1' },
      key,
    );
    expect(retried.status).toBe(201);
  });

  it('applies to every write: holds, commits, reversals, locations, items, users', async () => {
    const hold = await withKey(
      '/reservations',
      { sku: 'A', location: 'W1', quantity: 2 },
      'hold-1',
    );
    expect(
      (await withKey('/reservations', { sku: 'A', location: 'W1', quantity: 2 }, 'hold-1')).body.id,
    ).toBe(hold.body.id);
    expect((await stockOf(t, 'W1', 'A')).reserved).toBe(2);

    const commit = await withKey(`/reservations/${hold.body.id}/commit`, {}, 'commit-1');
    const again = await withKey(`/reservations/${hold.body.id}/commit`, {}, 'commit-1');
    expect(again.status).toBe(200);
    expect(again.body).toEqual(commit.body);

    const receipt = await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'B',
      quantity: 3,
      location: 'S1',
    });
    const reversal = await withKey(`/movements/${receipt.body.id}/reverse`, {}, 'rev-1');
    expect((await withKey(`/movements/${receipt.body.id}/reverse`, {}, 'rev-1')).body.id).toBe(
      reversal.body.id,
    );

    expect(
      (await withKey('/locations', { code: 'S7', name: 's', kind: 'store' }, 'loc-1')).status,
    ).toBe(201);
    expect(
      (await withKey('/locations', { code: 'S7', name: 's', kind: 'store' }, 'loc-1')).status,
    ).toBe(201);
    expect((await withKey('/items', { sku: 'K', name: 'k' }, 'item-1')).status).toBe(201);
    expect((await withKey('/items', { sku: 'K', name: 'k' }, 'item-1')).status).toBe(201);
    const user = await withKey('/users', { name: 'once', role: 'viewer' }, 'user-1');
    expect((await withKey('/users', { name: 'once', role: 'viewer' }, 'user-1')).body.token).toBe(
      user.body.token,
    );
  });

  it('answers concurrent requests with one key with one effect', async () => {
    const body = { type: 'receipt', sku: 'B', quantity: 1, location: 'S2' };
    const replies = await Promise.all(
      Array.from({ length: 20 }, () => withKey('/movements', body, 'burst-1')),
    );
    expect(new Set(replies.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
    expect((await stockOf(t, 'S2', 'B')).onHand).toBe(1);
  });

  it('refuses a key longer than 200 characters', async () => {
    const res = await withKey(
      '/movements',
      { type: 'receipt', sku: 'B', quantity: 1, location: 'S2' },
      'k'.repeat(201),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.details[0].path).toBe('Idempotency-Key');
  });

  it('says where a created thing is read (Location), on the first answer and on its replay', async () => {
    const body = { sku: 'A', location: 'W1', quantity: 1 };
    const first = await withKey('/reservations', body, 'hold-location-1');
    const again = await withKey('/reservations', body, 'hold-location-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('location')).toBe(api(`/reservations/${first.body.id}`));
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
    expect((await t.call('GET', first.headers.get('location')!)).body).toEqual(first.body);
  });
});
