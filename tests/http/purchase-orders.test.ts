import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const tok: Record<string, string> = {};
let supplierId: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerkW1'] = await t.user('clerk-w1', 'clerk', ['W1']);
  tok['managerW1'] = await t.user('manager-w1', 'manager', ['W1']);
  tok['managerS1'] = await t.user('manager-s1', 'manager', ['S1']);
  tok['admin2'] = await t.user('admin-2', 'admin');
  const supplier = await t.call('POST', api('/suppliers'), {
    name: '杭州茶厂',
    contact: '0571-000',
    leadTimeDays: 7,
    packSize: 12,
  });
  supplierId = supplier.body.id;
});
afterAll(() => t.cleanup());

const order = (
  lines: Array<{ sku: string; quantity: number; unitCost: number }>,
  who = 'clerkW1',
  extra: Record<string, unknown> = {},
) =>
  t.call(
    'POST',
    api('/purchase-orders'),
    { supplier: supplierId, location: 'W1', lines, ...extra },
    { token: tok[who]! },
  );
const act = (id: number, action: string, body: Record<string, unknown> = {}, who?: string) =>
  t.call('POST', api(`/purchase-orders/${id}/${action}`), body, who ? { token: tok[who]! } : {});

describe('suppliers', () => {
  it('creates, lists and reads suppliers; names are unique', async () => {
    expect((await t.call('GET', api(`/suppliers/${supplierId}`))).body).toEqual({
      id: supplierId,
      name: '杭州茶厂',
      contact: '0571-000',
      leadTimeDays: 7,
      packSize: 12,
      overReceiptPercent: 0,
    });
    expect((await t.call('GET', api('/suppliers'))).body.items).toHaveLength(1);
    expect((await t.call('POST', api('/suppliers'), { name: '杭州茶厂' })).body.error.code).toBe(
      'already_exists',
    );
    expect(
      (await t.call('POST', api('/suppliers'), { name: 'x' }, { token: tok['clerkW1']! })).status,
    ).toBe(403);
    expect((await t.call('GET', api('/suppliers/9999'))).status).toBe(404);
  });
});

describe('approval policies', () => {
  it('are set by admins, validated, and listed', async () => {
    const bad = await t.call('PUT', api('/approval-policies'), {
      policies: [{ documentType: 'purchase_order', levels: [{ role: 'owner' }] }],
    });
    expect(bad.status).toBe(400);
    expect(
      (
        await t.call(
          'PUT',
          api('/approval-policies'),
          { policies: [] },
          { token: tok['managerW1']! },
        )
      ).status,
    ).toBe(403);
    const res = await t.call('PUT', api('/approval-policies'), {
      policies: [
        {
          documentType: 'purchase_order',
          levels: [
            { minValue: 5000, role: 'manager' },
            { minValue: 20000, role: 'admin' },
          ],
        },
      ],
    });
    expect(res.body.items).toEqual([
      {
        documentType: 'purchase_order',
        levels: [
          { minValue: 5000, role: 'manager' },
          { minValue: 20000, role: 'admin' },
        ],
        expiryHours: null,
        combineLevels: true,
      },
    ]);
    expect((await t.call('GET', api('/approval-policies'))).body).toEqual(res.body);
  });
});

describe('purchase orders', () => {
  it('approve themselves at 3,000, need a manager of the location at 8,000', async () => {
    const small = await order([{ sku: 'A', quantity: 100, unitCost: 30 }]);
    expect(small.body).toMatchObject({
      status: 'approved',
      totals: { quantity: 100, value: 3000 },
      approvals: [],
      supplier: { name: '杭州茶厂' },
    });

    const medium = await order([{ sku: 'A', quantity: 100, unitCost: 80 }]);
    expect(medium.body).toMatchObject({
      status: 'pending_approval',
      approvals: [{ role: 'manager', status: 'pending' }],
    });
    expect(
      (await act(medium.body.id, 'approve', { version: medium.body.version }, 'managerS1')).body
        .error.details.reason,
    ).toBe('location_out_of_scope');
    expect(
      (await act(medium.body.id, 'receive', { lines: [{ sku: 'A', quantity: 1 }] }, 'clerkW1')).body
        .error.code,
    ).toBe('invalid_state');
    expect(
      (await act(medium.body.id, 'approve', { version: medium.body.version }, 'managerW1')).body
        .status,
    ).toBe('approved');
  });

  it('over 20,000 need a manager, then also an admin, two different people', async () => {
    const big = await order([{ sku: 'B', quantity: 1000, unitCost: 25.5 }]);
    expect(big.body.totals.value).toBe(25500);
    expect(
      big.body.approvals.map((s: { role: string; status: string }) => [s.role, s.status]),
    ).toEqual([
      ['manager', 'pending'],
      ['admin', 'waiting'],
    ]);
    const first = await act(big.body.id, 'approve', { version: big.body.version }, 'managerW1');
    expect(first.body).toMatchObject({
      status: 'pending_approval',
      approvals: [{ status: 'approved' }, { status: 'pending' }],
    });

    const inbox = await t.call('GET', api('/approvals?mine=true'), undefined, {
      token: tok['admin2']!,
    });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'purchase_order',
        documentId: big.body.id,
        role: 'admin',
        level: 1,
      }),
    );
    expect(
      (
        await t.call('GET', api('/approvals?mine=true'), undefined, { token: tok['managerW1']! })
      ).body.items.map((i: { documentId: number }) => i.documentId),
    ).not.toContain(big.body.id);
    expect(
      (await act(big.body.id, 'approve', { version: first.body.version }, 'managerW1')).body.error
        .details.reason,
    ).toBe('already_decided');
    const all = await t.call('GET', api('/approvals?mine=false'), undefined, {
      token: tok['managerW1']!,
    });
    expect(all.body.items).toContainEqual(
      expect.objectContaining({
        documentId: big.body.id,
        canDecide: false,
        why: 'already_decided',
      }),
    );
    expect(
      (await t.call('GET', api('/approvals?mine=false'), undefined, { token: tok['clerkW1']! }))
        .status,
    ).toBe(403);

    const second = await act(
      big.body.id,
      'approve',
      { version: first.body.version, comment: '年度备货' },
      'admin2',
    );
    expect(second.body).toMatchObject({
      status: 'approved',
      approvals: [{ decidedBy: 'manager-w1' }, { decidedBy: 'admin-2', comment: '年度备货' }],
    });
  });

  it('never lets an admin approve an order they requested', async () => {
    const own = await order([{ sku: 'B', quantity: 1000, unitCost: 30 }], 'admin2');
    await act(own.body.id, 'approve', { version: own.body.version }, 'managerW1');
    const self = await t.call('GET', api(`/purchase-orders/${own.body.id}`));
    expect(
      (await act(own.body.id, 'approve', { version: self.body.version }, 'admin2')).body.error
        .details.reason,
    ).toBe('own_document');
    expect((await act(own.body.id, 'approve', { version: self.body.version })).body.status).toBe(
      'approved',
    );
  });

  it('receives in parts at the line cost, and keeps a moving-average cost per item', async () => {
    await t.call('POST', api('/items'), { sku: 'TEA', name: '龙井' });
    const first = await order([{ sku: 'TEA', quantity: 10, unitCost: 1 }]);
    await act(first.body.id, 'receive', { lines: [{ sku: 'TEA', quantity: 10 }] }, 'clerkW1');
    const second = await order([{ sku: 'TEA', quantity: 20, unitCost: 3 }]);
    const part = await act(
      second.body.id,
      'receive',
      { lines: [{ sku: 'TEA', quantity: 10 }] },
      'clerkW1',
    );
    expect(part.body).toMatchObject({
      status: 'partially_received',
      lines: [{ sku: 'TEA', quantity: 20, received: 10, unitCost: 3 }],
    });
    // 10 on hand at 1, then 10 at 3: the average is 2.
    const cost = await t.database.client.execute(
      `SELECT avg_unit_cost_e4 FROM items WHERE sku = 'TEA'`,
    );
    expect(Number(cost.rows[0]![0])).toBe(2 * 10_000);

    const over = await act(
      second.body.id,
      'receive',
      { lines: [{ sku: 'TEA', quantity: 11 }] },
      'clerkW1',
    );
    expect(over.body.error.details[0]).toMatchObject({
      code: 'more_than_ordered',
      params: { ordered: 20, received: 10, maximum: 10 },
    });
    expect(
      (await act(second.body.id, 'receive', { lines: [{ sku: 'TEA', quantity: 10 }] }, 'managerS1'))
        .status,
    ).toBe(403);
    const done = await act(
      second.body.id,
      'receive',
      { lines: [{ sku: 'TEA', quantity: 10 }] },
      'clerkW1',
    );
    expect(done.body.status).toBe('received');
    expect((await stockOf(t, 'W1', 'TEA')).onHand).toBe(30);

    const moves = await t.call('GET', api('/movements?sku=TEA&limit=10'));
    expect(moves.body.items[1]).toMatchObject({
      type: 'receipt',
      from: '@supplier',
      to: 'W1',
      quantity: 10,
      unitCost: 3,
      document: { type: 'purchase_order', id: second.body.id },
    });
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it('cancels only before anything was received', async () => {
    const po = await order([{ sku: 'A', quantity: 5, unitCost: 2 }]);
    expect(
      (await act(po.body.id, 'cancel', { version: po.body.version + 5 }, 'clerkW1')).body.error
        .code,
    ).toBe('invalid_state');
    expect(
      (await act(po.body.id, 'cancel', { version: po.body.version }, 'clerkW1')).body.status,
    ).toBe('cancelled');
    const partial = await order([{ sku: 'A', quantity: 5, unitCost: 2 }]);
    await act(partial.body.id, 'receive', { lines: [{ sku: 'A', quantity: 1 }] }, 'clerkW1');
    expect((await act(partial.body.id, 'cancel', {}, 'clerkW1')).body.error.code).toBe(
      'invalid_state',
    );
  });

  it('keeps drafts, and rejects', async () => {
    const draft = await order([{ sku: 'A', quantity: 1000, unitCost: 25 }], 'clerkW1', {
      submit: false,
    });
    expect(draft.body.status).toBe('draft');
    const submitted = await act(draft.body.id, 'submit', {}, 'clerkW1');
    const rejected = await act(
      draft.body.id,
      'reject',
      { version: submitted.body.version, comment: 'too much' },
      'managerW1',
    );
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      approvals: [{ status: 'rejected' }, { status: 'cancelled' }],
    });
    const list = await t.call('GET', api('/purchase-orders?status=rejected&location=W1'));
    expect(list.body.items.map((p: { id: number }) => p.id)).toEqual([draft.body.id]);
  });

  it.each([
    [{ supplier: 9999, location: 'W1', lines: [{ sku: 'A', quantity: 1, unitCost: 1 }] }, 404],
    [{ supplier: 'nobody', location: 'W1', lines: [{ sku: 'A', quantity: 1, unitCost: 1 }] }, 404],
    [{ supplier: 1, location: 'W1', lines: [{ sku: 'A', quantity: 1, unitCost: 1.00001 }] }, 400],
    [{ supplier: 1, location: 'W1', lines: [{ sku: 'A', quantity: 1, unitCost: -1 }] }, 400],
    [{ supplier: 1, location: '@supplier', lines: [{ sku: 'A', quantity: 1, unitCost: 1 }] }, 400],
    [{ supplier: 1, location: 'W1', lines: [{ sku: 'NOPE', quantity: 1, unitCost: 1 }] }, 404],
  ])('refuses %j with %i', async (body, status) => {
    expect((await t.call('POST', api('/purchase-orders'), body)).status).toBe(status);
  });
});
