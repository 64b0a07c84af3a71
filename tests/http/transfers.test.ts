import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { expireTransfers } from '../../core/services/transfers/transfer-lifecycle.js';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerkS1'] = await t.user('clerk-s1', 'clerk', ['S1']);
  tok['clerkS2'] = await t.user('clerk-s2', 'clerk', ['S2']);
  tok['managerS1'] = await t.user('manager-s1', 'manager', ['S1']);
  tok['manager2S1'] = await t.user('manager2-s1', 'manager', ['S1']);
  tok['managerW1'] = await t.user('manager-w1', 'manager', ['W1']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 100, location: 'S1' });
  await post(t, { type: 'receipt', sku: 'B', quantity: 50, location: 'S1' });
  const policy = await t.call('PUT', api('/approval-policies'), {
    policies: [
      { documentType: 'transfer', levels: [{ minQuantity: 10, role: 'manager' }], expiryHours: 24 },
    ],
  });
  expect(policy.status).toBe(200);
});
afterAll(() => t.cleanup());

/** The ledger balances, and @transit holds exactly what is in flight. */
async function expectBooksBalanced() {
  expect((await t.verify()).mismatches).toEqual([]);
  const transit = await t.database.client.execute(`
    SELECT i.sku, b.on_hand FROM balances b JOIN items i ON i.id = b.item_id
     WHERE b.location_id = (SELECT id FROM locations WHERE code = '@transit')`);
  const inFlight = await t.database.client.execute(`
    SELECT i.sku, sum(l.shipped - l.received - l.lost) AS q FROM transfer_lines l JOIN items i ON i.id = l.item_id GROUP BY i.sku`);
  const flying = new Map(inFlight.rows.map((r) => [r['sku'], Number(r['q'])]));
  for (const row of transit.rows)
    expect(Number(row['on_hand']), String(row['sku'])).toBe(flying.get(row['sku']) ?? 0);
}

const request = (body: Record<string, unknown>, who = 'clerkS2') =>
  t.call('POST', api('/transfers'), body, { token: tok[who]! });
const act = (id: number, action: string, body: Record<string, unknown> = {}, who?: string) =>
  t.call('POST', api(`/transfers/${id}/${action}`), body, who ? { token: tok[who]! } : {});

beforeEach(async () => {
  await expectBooksBalanced();
});

describe('a transfer through its whole life', () => {
  it('holds, waits for approval, ships, arrives in part, and closes with the loss recorded', async () => {
    const created = await request({
      from: 'S1',
      to: 'S2',
      lines: [{ sku: 'A', quantity: 20 }],
      note: '周末促销',
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect(created.body).toMatchObject({
      status: 'pending_approval',
      version: 2,
      from: 'S1',
      to: 'S2',
      requestedBy: 'clerk-s2',
      note: '周末促销',
    });
    expect(created.body.approvals).toEqual([
      expect.objectContaining({ level: 0, role: 'manager', status: 'pending' }),
    ]);
    expect(created.body.approvalExpiresAt).not.toBeNull();
    // Held at the source at once: it cannot be sold meanwhile.
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 100, reserved: 20, available: 80 });
    expect(
      (await post(t, { type: 'issue', sku: 'A', quantity: 81, location: 'S1' })).body.error.code,
    ).toBe('insufficient_stock');
    await expectBooksBalanced();

    // The approver's inbox, and an event for the notification channels.
    const inbox = await t.call('GET', api('/approvals?mine=true'), undefined, {
      token: tok['managerS1']!,
    });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'transfer',
        documentId: id,
        version: 2,
        canDecide: true,
        locations: ['S1', 'S2'],
      }),
    );
    expect(
      (await t.call('GET', api('/approvals'), undefined, { token: tok['clerkS2']! })).body.items,
    ).toEqual([]);
    const events = await t.database.client.execute({
      sql: `SELECT topic, payload FROM outbox WHERE document_type = 'transfer' AND document_id = ?`,
      args: [id],
    });
    expect(events.rows.map((r) => r['topic'])).toContain('approval.requested');

    expect((await act(id, 'approve', { version: 2 }, 'clerkS1')).body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'role_too_low' },
    });
    expect((await act(id, 'approve', { version: 2 }, 'managerW1')).body.error.details.reason).toBe(
      'location_out_of_scope',
    );
    expect((await act(id, 'ship', {}, 'clerkS1')).body.error.code).toBe('invalid_state');
    const approved = await act(id, 'approve', { version: 2, comment: 'ok' }, 'managerS1');
    expect(approved.body).toMatchObject({ status: 'approved', version: 3 });
    expect(approved.body.approvals[0]).toMatchObject({
      status: 'approved',
      decidedBy: 'manager-s1',
      comment: 'ok',
    });

    expect((await act(id, 'ship', {}, 'clerkS2')).body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'only_source_may_ship' },
    });
    const shipped = await act(id, 'ship', {}, 'clerkS1');
    expect(shipped.body).toMatchObject({
      status: 'in_transit',
      shippedBy: 'clerk-s1',
      lines: [{ sku: 'A', quantity: 20, shipped: 20, received: 0 }],
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 80, reserved: 0, available: 80 });
    await expectBooksBalanced();

    expect(
      (await act(id, 'receive', { lines: [{ sku: 'A', quantity: 1 }] }, 'clerkS1')).body.error
        .details.reason,
    ).toBe('only_target_may_receive');
    const part = await act(id, 'receive', { lines: [{ sku: 'A', quantity: 15 }] }, 'clerkS2');
    expect(part.body).toMatchObject({ status: 'partially_received', lines: [{ received: 15 }] });
    expect((await stockOf(t, 'S2', 'A')).onHand).toBe(15);
    await expectBooksBalanced();

    const tooMany = await act(id, 'receive', { lines: [{ sku: 'A', quantity: 6 }] }, 'clerkS2');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.details[0]).toMatchObject({
      path: 'lines.0.quantity',
      code: 'too_big',
      params: { maximum: 5 },
    });
    expect(
      (await act(id, 'receive', { lines: [{ sku: 'B', quantity: 1 }] }, 'clerkS2')).status,
    ).toBe(400);

    const closed = await act(id, 'close', { reason: 'lost', note: 'box missing' }, 'clerkS2');
    expect(closed.body).toMatchObject({
      status: 'closed_with_discrepancy',
      closedBy: 'clerk-s2',
      closeReason: 'lost',
      lines: [{ shipped: 20, received: 15, lost: 5 }],
    });
    const moves = await t.call('GET', api(`/movements?sku=A&limit=1000`));
    const loss = moves.body.items.find((m: { type: string }) => m.type === 'transfer_loss');
    expect(loss).toMatchObject({
      from: '@transit',
      to: '@adjustment',
      quantity: 5,
      reason: 'lost: box missing',
      document: { type: 'transfer', id },
    });
    await expectBooksBalanced();

    const audit = await t.call('GET', api(`/audit?entity=transfer:${id}`));
    expect(audit.body.items.map((r: { action: string }) => r.action)).toEqual([
      'transfer.create',
      'transfer.submit',
      'transfer.approve',
      'transfer.ship',
      'transfer.receive',
      'transfer.close',
    ]);
    // A transfer's movements are undone through the transfer, not one by one.
    expect((await t.call('POST', api(`/movements/${loss.id}/reverse`))).body.error.code).toBe(
      'invalid_state',
    );
  });

  it('approves small transfers at once and receives them in full', async () => {
    // The policy counts the total of all lines: 6 + 5 is over 10.
    const created = await request({
      from: 'S1',
      to: 'S2',
      lines: [
        { sku: 'A', quantity: 6 },
        { sku: 'B', quantity: 5 },
      ],
    });
    expect(created.body).toMatchObject({ status: 'pending_approval', totals: { quantity: 11 } });
    await act(created.body.id, 'cancel', {}, 'clerkS2');
    const small = await request({ from: 'S1', to: 'S2', lines: [{ sku: 'B', quantity: 3 }] });
    expect(small.body).toMatchObject({ status: 'approved', approvals: [] });
    await act(small.body.id, 'ship', {}, 'clerkS1');
    const done = await act(
      small.body.id,
      'receive',
      { lines: [{ sku: 'B', quantity: 3 }] },
      'clerkS2',
    );
    expect(done.body.status).toBe('received');
    expect((await act(small.body.id, 'close', { reason: 'lost' }, 'clerkS2')).body.error.code).toBe(
      'invalid_state',
    );
  });

  it('refuses to hold more than is available, listing every short line, and creates nothing', async () => {
    const before = (await t.call('GET', api('/transfers?limit=200'))).body.items.length;
    const res = await request({
      from: 'S1',
      to: 'S2',
      lines: [
        { sku: 'A', quantity: 9999 },
        { sku: 'B', quantity: 9999 },
      ],
    });
    expect(res.status).toBe(409);
    expect(res.body.error.code).toBe('insufficient_stock');
    expect(res.body.error.details.lines.map((l: { sku: string }) => l.sku)).toEqual(['A', 'B']);
    expect((await t.call('GET', api('/transfers?limit=200'))).body.items.length).toBe(before);
  });

  it.each([
    [{ from: 'S1', to: 'S1', lines: [{ sku: 'A', quantity: 1 }] }, 400],
    [
      {
        from: 'S1',
        to: 'S2',
        lines: [
          { sku: 'A', quantity: 1 },
          { sku: 'A', quantity: 2 },
        ],
      },
      400,
    ],
    [{ from: 'S1', to: 'S2', lines: [] }, 400],
    [{ from: 'S1', to: '@customer', lines: [{ sku: 'A', quantity: 1 }] }, 400],
    [{ from: 'S1', to: 'S2', lines: [{ sku: 'NOPE', quantity: 1 }] }, 404],
    [{ from: 'S9', to: 'S2', lines: [{ sku: 'A', quantity: 1 }] }, 404],
  ])('refuses %j with %i', async (body, status) => {
    expect((await request(body)).status).toBe(status);
  });

  it('releases the hold on rejection and on cancellation, and knows which moves are forbidden', async () => {
    const before = await stockOf(t, 'S1', 'A');
    const rejected = await request({ from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 12 }] });
    expect((await stockOf(t, 'S1', 'A')).available).toBe(before.available - 12);
    const r = await act(
      rejected.body.id,
      'reject',
      { version: rejected.body.version, comment: 'not now' },
      'managerS1',
    );
    expect(r.body).toMatchObject({
      status: 'rejected',
      approvals: [{ status: 'rejected', comment: 'not now' }],
    });
    expect(await stockOf(t, 'S1', 'A')).toEqual(before);
    expect(
      (await act(rejected.body.id, 'approve', { version: r.body.version }, 'manager2S1')).body.error
        .code,
    ).toBe('invalid_state');

    const cancelled = await request({ from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 3 }] });
    expect((await act(cancelled.body.id, 'cancel', {}, 'clerkS1')).status).toBe(403);
    expect((await act(cancelled.body.id, 'cancel', {}, 'clerkS2')).body.status).toBe('cancelled');
    expect(await stockOf(t, 'S1', 'A')).toEqual(before);
    expect((await act(cancelled.body.id, 'cancel', {}, 'clerkS2')).body.error.code).toBe(
      'invalid_state',
    );

    const shipped = await request({ from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 2 }] });
    await act(shipped.body.id, 'ship', {}, 'clerkS1');
    expect((await act(shipped.body.id, 'cancel', {}, 'clerkS2')).body.error.code).toBe(
      'invalid_state',
    );
    expect((await act(shipped.body.id, 'ship', {}, 'clerkS1')).body.error.code).toBe(
      'invalid_state',
    );
    await act(shipped.body.id, 'receive', { lines: [{ sku: 'A', quantity: 2 }] }, 'clerkS2');
  });

  it('never lets the requester approve their own transfer, and needs the version the approver saw', async () => {
    const mine = await request(
      { from: 'S1', to: 'S2', lines: [{ sku: 'B', quantity: 11 }] },
      'managerS1',
    );
    const own = await act(mine.body.id, 'approve', { version: mine.body.version }, 'managerS1');
    expect(own.body.error).toMatchObject({
      code: 'forbidden',
      details: { reason: 'own_document' },
    });
    const stale = await act(
      mine.body.id,
      'approve',
      { version: mine.body.version - 1 },
      'manager2S1',
    );
    expect(stale.body.error).toMatchObject({
      code: 'invalid_state',
      details: { version: mine.body.version },
    });
    expect(
      (await act(mine.body.id, 'approve', { comment: 'no version' }, 'manager2S1')).status,
    ).toBe(400);
    expect(
      (await act(mine.body.id, 'approve', { version: mine.body.version }, 'manager2S1')).body
        .status,
    ).toBe('approved');
    await act(mine.body.id, 'cancel', {}, 'managerS1');
  });

  it('records one decision when 20 approvals race', async () => {
    const managers = await Promise.all(
      Array.from({ length: 5 }, (_, i) => t.user(`racer-${i}`, 'manager', ['S1'])),
    );
    const created = await request({
      from: 'S1',
      to: 'S2',
      lines: [{ sku: 'A', quantity: 10 + 1 }],
    });
    const replies = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.call(
          'POST',
          api(`/transfers/${created.body.id}/approve`),
          { version: created.body.version },
          { token: managers[i % 5]! },
        ),
      ),
    );
    expect(replies.filter((r) => r.status === 200)).toHaveLength(1);
    expect(
      replies.filter((r) => r.status === 409).every((r) => r.body.error.code === 'invalid_state'),
    ).toBe(true);
    const final = await t.call('GET', api(`/transfers/${created.body.id}`));
    expect(final.body.status).toBe('approved');
    expect(
      final.body.approvals.filter((s: { status: string }) => s.status === 'approved'),
    ).toHaveLength(1);
    const decided = await t.database.client.execute({
      sql: `SELECT count(*) AS n FROM outbox WHERE topic = 'approval.decided' AND document_id = ?`,
      args: [created.body.id],
    });
    expect(Number(decided.rows[0]!['n'])).toBe(1);
    await act(created.body.id, 'cancel', {}, 'clerkS2');
  });

  it('cancels transfers left waiting past their expiry and releases their holds', async () => {
    const before = await stockOf(t, 'S1', 'B');
    const waiting = await request({ from: 'S1', to: 'S2', lines: [{ sku: 'B', quantity: 15 }] });
    expect((await stockOf(t, 'S1', 'B')).available).toBe(before.available - 15);
    expect(await expireTransfers(t.database, t.clock.now + 23 * 3600_000)).toBe(0);
    expect(await expireTransfers(t.database, t.clock.now + 25 * 3600_000)).toBe(1);
    expect(await expireTransfers(t.database, t.clock.now + 25 * 3600_000)).toBe(0);
    const after = await t.call('GET', api(`/transfers/${waiting.body.id}`));
    expect(after.body).toMatchObject({ status: 'cancelled', approvals: [{ status: 'cancelled' }] });
    expect(await stockOf(t, 'S1', 'B')).toEqual(before);
    const audit = await t.call('GET', api(`/audit?entity=transfer:${waiting.body.id}`));
    expect(audit.body.items.at(-1)).toMatchObject({
      action: 'transfer.expire',
      actor: null,
      client: 'system',
    });
  });

  it('keeps a draft that holds stock until it is submitted', async () => {
    const draft = await request({
      from: 'S1',
      to: 'S2',
      lines: [{ sku: 'A', quantity: 30 }],
      submit: false,
    });
    expect(draft.body).toMatchObject({ status: 'draft', approvals: [] });
    expect(
      (await act(draft.body.id, 'approve', { version: draft.body.version }, 'managerS1')).body.error
        .code,
    ).toBe('invalid_state');
    const submitted = await act(
      draft.body.id,
      'submit',
      { version: draft.body.version },
      'clerkS2',
    );
    expect(submitted.body.status).toBe('pending_approval');
    expect(
      (await t.call('GET', api('/transfers?status=pending_approval&location=S2'))).body.items.map(
        (x: { id: number }) => x.id,
      ),
    ).toContain(draft.body.id);
    await act(draft.body.id, 'cancel', {}, 'clerkS2');
  });
});

describe('idempotent documents', () => {
  it('creates one transfer and one hold for a request sent twice with one key', async () => {
    const before = await stockOf(t, 'S1', 'B');
    const body = { from: 'S1', to: 'S2', lines: [{ sku: 'B', quantity: 2 }] };
    const headers = { 'idempotency-key': 'transfer-form-1' };
    const [a, b] = await Promise.all([
      t.call('POST', api('/transfers'), body, { token: tok['clerkS2']!, headers }),
      t.call('POST', api('/transfers'), body, { token: tok['clerkS2']!, headers }),
    ]);
    expect(a.body.id).toBe(b.body.id);
    expect((await stockOf(t, 'S1', 'B')).reserved).toBe(before.reserved + 2);
  });
});
