import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireReservations } from '../../core/services/reservations/expire-reservations.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const auditOf = async (query: string, token?: string) =>
  t.call('GET', api(`/audit?${query}`), undefined, token ? { token } : {});

describe('the audit log', () => {
  it('records a movement with actor, time, request id and client, in the same transaction', async () => {
    const clerk = await t.user('audit-clerk', 'clerk');
    const res = await t.call(
      'POST',
      api('/movements'),
      { type: 'receipt', sku: 'A', quantity: 5, location: 'W1', reference: 'PO-77' },
      { token: clerk, headers: { 'x-client': 'excel', 'x-request-id': 'sheet-post-1' } },
    );
    const log = await auditOf(`entity=movement:${res.body.id}`);
    expect(log.status).toBe(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({
        actor: 'audit-clerk',
        action: 'movement.receipt',
        entity: 'movement',
        entityId: String(res.body.id),
        before: null,
        after: expect.objectContaining({
          sku: 'A',
          from: '@supplier',
          to: 'W1',
          quantity: 5,
          reference: 'PO-77',
        }),
        requestId: 'sheet-post-1',
        client: 'excel',
        at: res.body.postedAt,
      }),
    ]);
  });

  it('records master data and hold changes with before and after', async () => {
    await t.call(
      'POST',
      api('/items'),
      { sku: 'AUD-1', name: 'audited' },
      { headers: { 'x-client': 'bot' } },
    );
    const item = await auditOf('entity=item:AUD-1');
    expect(item.body.items[0]).toMatchObject({
      action: 'item.create',
      actor: 'admin',
      client: 'bot',
      after: { sku: 'AUD-1' },
    });

    const hold = await t.call('POST', api('/reservations'), {
      sku: 'A',
      location: 'W1',
      quantity: 2,
    });
    await t.call('POST', api(`/reservations/${hold.body.id}/commit`), { quantity: 1 });
    const trail = await auditOf(`entity=reservation:${hold.body.id}`);
    expect(trail.body.items.map((r: { action: string }) => r.action)).toEqual([
      'reservation.create',
      'reservation.commit',
    ]);
    expect(trail.body.items[1]).toMatchObject({
      before: { status: 'pending' },
      after: { status: 'committed', committedQuantity: 1 },
    });

    const locations = await auditOf('entity=location');
    expect(locations.body.items.map((r: { entityId: string }) => r.entityId)).toEqual(
      expect.arrayContaining(['W1', 'S1', 'S2']),
    );
    const users = await auditOf('entity=user');
    expect(JSON.stringify(users.body)).not.toContain('inv_');
  });

  it('records expiries as the service itself', async () => {
    const hold = await t.call('POST', api('/reservations'), {
      sku: 'A',
      location: 'W1',
      quantity: 1,
      expiresInSeconds: 1,
    });
    t.clock.now += 5_000;
    await expireReservations(t.database, t.clock.now);
    const trail = await auditOf(`entity=reservation:${hold.body.id}`);
    expect(trail.body.items.at(-1)).toMatchObject({
      action: 'reservation.expire',
      actor: null,
      client: 'system',
    });
  });

  it('writes nothing for a refused request', async () => {
    const before = (await auditOf('limit=1000')).body.items.length;
    await post(t, { type: 'issue', sku: 'B', quantity: 99, location: 'W1' });
    await t.call('POST', api('/items'), { sku: 'A', name: 'dup' });
    await t.call('POST', api('/movements/batch'), {
      rows: [
        { type: 'receipt', sku: 'B', quantity: 1, location: 'W1' },
        { type: 'issue', sku: 'B', quantity: 9, location: 'W1' },
      ],
    });
    expect((await auditOf('limit=1000')).body.items.length).toBe(before);
  });

  it('records every movement of a batch', async () => {
    const res = await t.call(
      'POST',
      api('/movements/batch'),
      {
        rows: Array.from({ length: 25 }, () => ({
          type: 'receipt',
          sku: 'B',
          quantity: 1,
          location: 'S1',
        })),
      },
      { headers: { 'x-request-id': 'batch-25' } },
    );
    expect(res.status).toBe(200);
    const log = await auditOf('entity=movement&limit=1000');
    expect(
      log.body.items.filter((r: { requestId: string }) => r.requestId === 'batch-25'),
    ).toHaveLength(25);
  });

  it('filters by actor and time, and pages', async () => {
    const mine = await auditOf('actor=audit-clerk');
    expect(mine.body.items.length).toBeGreaterThan(0);
    expect(mine.body.items.every((r: { actor: string }) => r.actor === 'audit-clerk')).toBe(true);
    expect((await auditOf('actor=nobody')).status).toBe(404);
    expect((await auditOf('since=2100-01-01T00:00:00Z')).body.items).toEqual([]);
    const recent = await auditOf(`since=${new Date(t.clock.now).toISOString()}&limit=1000`);
    expect(recent.body.items.every((r: { at: string }) => Date.parse(r.at) >= t.clock.now)).toBe(
      true,
    );
    const first = await auditOf('limit=2');
    const next = await auditOf(`limit=2&afterId=${first.body.nextAfterId}`);
    expect(next.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
  });

  it('is for admins and managers only', async () => {
    const manager = await t.user('audit-manager', 'manager');
    const clerk = await t.user('audit-clerk-2', 'clerk');
    expect((await auditOf('limit=1', manager)).status).toBe(200);
    expect((await auditOf('limit=1', clerk)).status).toBe(403);
  });
});

describe('GET /admin/verify', () => {
  it('proves the books balance, for admins only', async () => {
    const res = await t.call('GET', api('/admin/verify'));
    expect(res.body).toMatchObject({ ok: true, mismatches: [] });
    expect(res.body.movements).toBeGreaterThan(0);
    const manager = await t.user('verify-manager', 'manager');
    expect((await t.call('GET', api('/admin/verify'), undefined, { token: manager })).status).toBe(
      403,
    );
  });

  it('lists each mismatch when a balance was tampered with', async () => {
    await t.database.client.execute(
      "UPDATE balances SET on_hand = on_hand + 3 WHERE location_id = (SELECT id FROM locations WHERE code = 'S1') AND item_id = (SELECT id FROM items WHERE sku = 'B')",
    );
    const res = await t.call('GET', api('/admin/verify'));
    expect(res.body.ok).toBe(false);
    expect(res.body.mismatches).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ rule: 'balance_equals_replay', sku: 'B', location: 'S1' }),
        expect.objectContaining({ rule: 'item_sums_to_zero', sku: 'B', expected: 0, actual: 3 }),
      ]),
    );
    const mismatch = res.body.mismatches.find(
      (m: { rule: string }) => m.rule === 'balance_equals_replay',
    );
    expect(mismatch.actual - mismatch.expected).toBe(3);
  });
});
