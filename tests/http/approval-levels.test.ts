import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// A small shop: one owner (the only admin), a store manager, a clerk who orders.
let t: TestApp;
const tok: Record<string, string> = {};
let supplier: number;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['owner'] = await t.user('owner', 'admin');
  tok['manager'] = await t.user('manager-w1', 'manager', ['W1']);
  tok['clerk'] = await t.user('clerk-w1', 'clerk', ['W1']);
  tok['partner'] = await t.user('partner', 'admin');
  supplier = (await t.call('POST', api('/suppliers'), { name: 'Tea farm' })).body.id;
});
afterAll(() => t.cleanup());

const policy = (combineLevels?: boolean) =>
  t.call('PUT', api('/approval-policies'), {
    policies: [
      {
        documentType: 'purchase_order',
        levels: [
          { minValue: 5000, role: 'manager' },
          { minValue: 20000, role: 'admin' },
        ],
        ...(combineLevels === undefined ? {} : { combineLevels }),
      },
    ],
  });
const bigOrder = async (who = 'clerk') => {
  const res = await t.call(
    'POST',
    api('/purchase-orders'),
    { supplier, location: 'W1', lines: [{ sku: 'A', quantity: 1000, unitCost: 25 }] },
    { token: tok[who]! },
  );
  expect(res.body).toMatchObject({
    status: 'pending_approval',
    approvals: [
      { level: 0, status: 'pending' },
      { level: 1, status: 'waiting' },
    ],
  });
  return res.body as { id: number; version: number };
};
const decide = (
  id: number,
  verb: 'approve' | 'reject',
  version: number,
  who: string,
  comment?: string,
) =>
  t.call(
    'POST',
    api(`/purchase-orders/${id}/${verb}`),
    { version, ...(comment ? { comment } : {}) },
    { token: tok[who]! },
  );
const steps = (body: {
  approvals: Array<{ level: number; status: string; decidedBy: string | null }>;
}) => body.approvals.map((s) => [s.level, s.status, s.decidedBy]);

describe('one decider, several levels', () => {
  it('lists the flag with each policy, on by default', async () => {
    const res = await policy();
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      expect.objectContaining({ documentType: 'purchase_order', combineLevels: true }),
    ]);
  });

  it('lets the only admin approve the manager and the admin level with one click, and says so', async () => {
    await policy();
    const po = await bigOrder();
    const res = await decide(po.id, 'approve', po.version, 'owner', 'ok for the season');
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('approved');
    expect(res.body.decided).toEqual({ decision: 'approved', levels: [0, 1] });
    expect(steps(res.body)).toEqual([
      [0, 'approved', 'owner'],
      [1, 'approved', 'owner'],
    ]);
    expect(res.body.approvals.map((s: { comment: string }) => s.comment)).toEqual([
      'ok for the season',
      'ok for the season',
    ]);

    const audit = await t.call('GET', api(`/audit?entity=purchase_order:${po.id}`));
    expect(audit.body.items).toContainEqual(
      expect.objectContaining({
        action: 'purchase_order.approve',
        after: expect.objectContaining({ levels: [0, 1] }),
      }),
    );
    const inbox = await t.call('GET', api('/approvals?mine=false'));
    expect(inbox.body.items.map((i: { documentId: number }) => i.documentId)).not.toContain(po.id);
  });

  it('stops at the first level the decider may not decide', async () => {
    await policy();
    const po = await bigOrder();
    const first = await decide(po.id, 'approve', po.version, 'manager');
    expect(first.body).toMatchObject({
      status: 'pending_approval',
      decided: { decision: 'approved', levels: [0] },
    });
    expect(steps(first.body)).toEqual([
      [0, 'approved', 'manager-w1'],
      [1, 'pending', null],
    ]);
    const second = await decide(po.id, 'approve', first.body.version, 'owner');
    expect(second.body).toMatchObject({ status: 'approved', decided: { levels: [1] } });
  });

  it('keeps separation of duties: the requester never approves, at any level', async () => {
    await policy();
    const own = await bigOrder('owner');
    const res = await decide(own.id, 'approve', own.version, 'owner');
    expect(res.status).toBe(403);
    expect(res.body.error.details.reason).toBe('own_document');
    // A manager decides theirs; the admin level still needs an admin who did not ask.
    const m = await decide(own.id, 'approve', own.version, 'manager');
    expect(m.body.decided.levels).toEqual([0]);
    expect(
      (await decide(own.id, 'approve', m.body.version, 'owner')).body.error.details.reason,
    ).toBe('own_document');
    expect((await decide(own.id, 'approve', m.body.version, 'partner')).body.status).toBe(
      'approved',
    );
  });

  it('decides one level per person when the policy says so', async () => {
    await policy(false);
    const po = await bigOrder();
    const first = await decide(po.id, 'approve', po.version, 'owner');
    expect(first.body).toMatchObject({ status: 'pending_approval', decided: { levels: [0] } });
    const again = await decide(po.id, 'approve', first.body.version, 'owner');
    expect(again.status).toBe(403);
    expect(again.body.error.details.reason).toBe('already_decided');
    expect(
      (await decide(po.id, 'approve', first.body.version, 'partner')).body.decided.levels,
    ).toEqual([1]);
  });

  it('rejects with the pending level only, and the rest is cancelled', async () => {
    await policy();
    const po = await bigOrder();
    const res = await decide(po.id, 'reject', po.version, 'owner', 'too much');
    expect(res.body).toMatchObject({
      status: 'rejected',
      decided: { decision: 'rejected', levels: [0] },
    });
    expect(steps(res.body)).toEqual([
      [0, 'rejected', 'owner'],
      [1, 'cancelled', null],
    ]);
  });

  it('refuses a stale version, and racing approvals record one decision', async () => {
    await policy();
    const po = await bigOrder();
    expect((await decide(po.id, 'approve', po.version + 1, 'owner')).body.error.code).toBe(
      'invalid_state',
    );
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        decide(po.id, 'approve', po.version, i % 2 ? 'owner' : 'partner'),
      ),
    );
    const won = answers.filter((a) => a.status === 200);
    expect(won).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).map((a) => a.body.error.code)).toEqual(
      Array(11).fill('invalid_state'),
    );
    const read = await t.call('GET', api(`/purchase-orders/${po.id}`));
    expect(read.body.status).toBe('approved');
    const winner = won[0]!.body.approvals[0].decidedBy;
    expect(steps(read.body)).toEqual([
      [0, 'approved', winner],
      [1, 'approved', winner],
    ]);
    const decisions = await t.database.client.execute({
      sql: `SELECT count(*) FROM audit_log WHERE action = 'purchase_order.approve' AND entity_id = ?`,
      args: [String(po.id)],
    });
    expect(Number(decisions.rows[0]![0])).toBe(1);
  });

  it('works the same for every kind of document: a transfer', async () => {
    await t.call('PUT', api('/approval-policies'), {
      policies: [
        {
          documentType: 'transfer',
          levels: [
            { minQuantity: 5, role: 'manager' },
            { minQuantity: 50, role: 'admin' },
          ],
        },
      ],
    });
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'B',
      quantity: 100,
      location: 'W1',
    });
    const tr = await t.call(
      'POST',
      api('/transfers'),
      { from: 'W1', to: 'S1', lines: [{ sku: 'B', quantity: 60 }] },
      { token: tok['clerk']! },
    );
    expect(tr.body.approvals).toHaveLength(2);
    const res = await t.call(
      'POST',
      api(`/transfers/${tr.body.id}/approve`),
      { version: tr.body.version },
      { token: tok['owner']! },
    );
    expect(res.body).toMatchObject({
      status: 'approved',
      decided: { decision: 'approved', levels: [0, 1] },
    });
  });
});
