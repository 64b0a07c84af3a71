import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Write-offs need a second pair of eyes; a transfer may leave in parts.
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerkS1'] = await t.user('clerk-s1', 'clerk', ['S1']);
  tok['clerkS2'] = await t.user('clerk-s2', 'clerk', ['S2']);
  tok['managerS2'] = await t.user('manager-s2', 'manager', ['S2']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 500, location: 'S1' });
  await post(t, { type: 'receipt', sku: 'B', quantity: 500, location: 'S1' });
  // Items have a cost: 10 a unit (a purchase order would set it; here by hand).
  await t.database.client.execute(
    `UPDATE items SET avg_unit_cost_e4 = 100000 WHERE sku IN ('A', 'B')`,
  );
  await t.call('PUT', api('/approval-policies'), {
    policies: [
      {
        documentType: 'transfer_loss',
        levels: [
          { minValue: 100, role: 'manager' },
          { minQuantity: 50, role: 'admin' },
        ],
      },
    ],
  });
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
beforeEach(expectBooksBalanced);

const act = (id: number, action: string, body: Record<string, unknown> = {}, who?: string) =>
  t.call('POST', api(`/transfers/${id}/${action}`), body, who ? { token: tok[who]! } : {});
async function shipped(lines: Array<{ sku: string; quantity: number }>) {
  const tr = await t.call(
    'POST',
    api('/transfers'),
    { from: 'S1', to: 'S2', lines },
    { token: tok['clerkS1']! },
  );
  expect(tr.body.status).toBe('approved');
  const out = await act(tr.body.id, 'ship', {}, 'clerkS1');
  expect(out.body.status).toBe('in_transit');
  return out.body as { id: number; version: number };
}
const transitOf = async (sku: string) =>
  Number(
    (
      await t.database.client.execute({
        sql: `SELECT coalesce(sum(b.on_hand), 0) FROM balances b JOIN items i ON i.id = b.item_id
           WHERE i.sku = ? AND b.location_id = (SELECT id FROM locations WHERE code = '@transit')`,
        args: [sku],
      })
    ).rows[0]![0],
  );
const movementsOf = async (id: number) =>
  (await t.call('GET', api('/movements?limit=200'))).body.items.filter(
    (m: { document?: { id: number } }) => m.document?.id === id,
  );

describe('a write-off over the transfer_loss policy', () => {
  it('waits for approval with a reason per line; meanwhile the units stay in transit and nothing is written off', async () => {
    const tr = await shipped([
      { sku: 'A', quantity: 20 },
      { sku: 'B', quantity: 10 },
    ]);
    await act(tr.id, 'receive', { lines: [{ sku: 'A', quantity: 12 }] }, 'clerkS2');
    const transitBefore = await transitOf('A');
    const closed = await act(
      tr.id,
      'close',
      { reason: 'lost', lines: [{ sku: 'B', reason: 'damaged', note: 'crushed box' }] },
      'clerkS2',
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'loss_pending_approval',
      lossRequestedBy: 'clerk-s2',
      lines: [
        { sku: 'A', shipped: 20, received: 12, lost: 0, lossReason: 'lost' },
        {
          sku: 'B',
          shipped: 10,
          received: 0,
          lost: 0,
          lossReason: 'damaged',
          lossNote: 'crushed box',
        },
      ],
      lossApprovals: [{ level: 0, role: 'manager', status: 'pending' }],
    });
    // 18 units worth 180 are over 100 but not over 50 units: the manager level only.
    expect(await transitOf('A')).toBe(transitBefore);
    expect(
      (await movementsOf(tr.id)).filter((m: { type: string }) => m.type === 'transfer_loss'),
    ).toEqual([]);
    // Nothing arrives or leaves while the write-off waits.
    expect(
      (await act(tr.id, 'receive', { lines: [{ sku: 'A', quantity: 1 }] }, 'clerkS2')).body.error
        .code,
    ).toBe('invalid_state');

    const inbox = await t.call('GET', api('/approvals?mine=true'), undefined, {
      token: tok['managerS2']!,
    });
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'transfer_loss',
        documentId: tr.id,
        quantity: 18,
        value: 180,
        requestedBy: 'clerk-s2',
      }),
    );
    // Whoever asked for the write-off never approves it.
    const own = await act(tr.id, 'approve', { version: closed.body.version }, 'clerkS2');
    expect(own.status).toBe(403);

    const approved = await act(
      tr.id,
      'approve',
      { version: closed.body.version, comment: 'seen the photos' },
      'managerS2',
    );
    expect(approved.body).toMatchObject({
      status: 'closed_with_discrepancy',
      closedBy: 'clerk-s2',
      decided: { decision: 'approved', levels: [0] },
      lines: [
        { sku: 'A', lost: 8 },
        { sku: 'B', lost: 10 },
      ],
      lossApprovals: [{ status: 'approved', decidedBy: 'manager-s2', comment: 'seen the photos' }],
    });
    const losses = (await movementsOf(tr.id)).filter(
      (m: { type: string }) => m.type === 'transfer_loss',
    );
    expect(
      losses.map(
        (m: { sku: string; quantity: number; reason: string; from: string; to: string }) => [
          m.sku,
          m.quantity,
          m.reason,
          m.from,
          m.to,
        ],
      ),
    ).toEqual(
      expect.arrayContaining([
        ['A', 8, 'lost', '@transit', '@adjustment'],
        ['B', 10, 'damaged: crushed box', '@transit', '@adjustment'],
      ]),
    );
  });

  it('goes back to receiving when rejected: the units were never written off and can still arrive', async () => {
    const tr = await shipped([{ sku: 'A', quantity: 30 }]);
    const closed = await act(tr.id, 'close', { reason: 'lost' }, 'clerkS2');
    expect(closed.body.status).toBe('loss_pending_approval');
    const rejected = await act(
      tr.id,
      'reject',
      { version: closed.body.version, comment: 'look again' },
      'managerS2',
    );
    expect(rejected.body).toMatchObject({
      status: 'in_transit',
      decided: { decision: 'rejected', levels: [0] },
      lines: [{ lost: 0, lossReason: null }],
    });
    const arrived = await act(tr.id, 'receive', { lines: [{ sku: 'A', quantity: 30 }] }, 'clerkS2');
    expect(arrived.body.status).toBe('received');
  });

  it('closes at once below the policy, and needs every written-off line to have a reason', async () => {
    const tr = await shipped([
      { sku: 'A', quantity: 5 },
      { sku: 'B', quantity: 3 },
    ]);
    const noReason = await act(
      tr.id,
      'close',
      {
        lines: [
          { sku: 'A', reason: 'lost' },
          { sku: 'NOPE', reason: 'lost' },
        ],
      },
      'clerkS2',
    );
    expect(noReason.status).toBe(400);
    expect(
      noReason.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['lines.1.sku', 'invalid_value'],
      ['reason', 'required'],
    ]);
    const closed = await act(tr.id, 'close', { reason: 'damaged' }, 'clerkS2');
    expect(closed.body).toMatchObject({
      status: 'closed_with_discrepancy',
      lossApprovals: [],
      lines: [{ lost: 5 }, { lost: 3 }],
    });
  });

  it('asks every level over the policy, and an admin may decide them together', async () => {
    const tr = await shipped([{ sku: 'B', quantity: 60 }]);
    const closed = await act(tr.id, 'close', { reason: 'lost' }, 'clerkS2');
    expect(closed.body.lossApprovals.map((s: { role: string }) => s.role)).toEqual([
      'manager',
      'admin',
    ]);
    const approved = await act(tr.id, 'approve', { version: closed.body.version });
    expect(approved.body).toMatchObject({
      status: 'closed_with_discrepancy',
      decided: { levels: [0, 1] },
      lines: [{ lost: 60 }],
    });
  });
});

describe('shipping in parts', () => {
  it('ships some now and keeps the rest held for a later shipment', async () => {
    const before = await stockOf(t, 'S1', 'A');
    const tr = await t.call(
      'POST',
      api('/transfers'),
      {
        from: 'S1',
        to: 'S2',
        lines: [
          { sku: 'A', quantity: 10 },
          { sku: 'B', quantity: 4 },
        ],
      },
      { token: tok['clerkS1']! },
    );
    const noRest = await act(tr.body.id, 'ship', { lines: [{ sku: 'A', quantity: 6 }] }, 'clerkS1');
    expect(noRest.body.error.details).toEqual([
      expect.objectContaining({ path: 'rest', code: 'required' }),
    ]);
    const first = await act(
      tr.body.id,
      'ship',
      { lines: [{ sku: 'A', quantity: 6 }], rest: 'hold' },
      'clerkS1',
    );
    expect(first.body).toMatchObject({
      status: 'in_transit',
      lines: [
        { sku: 'A', shipped: 6, held: 4, released: 0 },
        { sku: 'B', shipped: 0, held: 4 },
      ],
    });
    expect(await stockOf(t, 'S1', 'A')).toEqual({
      ...before,
      onHand: before.onHand - 6,
      reserved: before.reserved + 4,
      available: before.available - 10,
    });

    const arrived = await act(
      tr.body.id,
      'receive',
      { lines: [{ sku: 'A', quantity: 6 }] },
      'clerkS2',
    );
    expect(arrived.body.status).toBe('partially_received'); // the rest is still to come
    const second = await act(tr.body.id, 'ship', {}, 'clerkS1');
    expect(second.body).toMatchObject({
      status: 'partially_received',
      lines: [
        { shipped: 10, held: 0 },
        { shipped: 4, held: 0 },
      ],
    });
    const done = await act(
      tr.body.id,
      'receive',
      {
        lines: [
          { sku: 'A', quantity: 4 },
          { sku: 'B', quantity: 4 },
        ],
      },
      'clerkS2',
    );
    expect(done.body.status).toBe('received');
    expect((await act(tr.body.id, 'ship', {}, 'clerkS1')).body.error.code).toBe('invalid_state');
    expect((await stockOf(t, 'S1', 'A')).reserved).toBe(before.reserved);
  });

  it('ships some and releases the rest at the source', async () => {
    const before = await stockOf(t, 'S1', 'B');
    const tr = await t.call(
      'POST',
      api('/transfers'),
      { from: 'S1', to: 'S2', lines: [{ sku: 'B', quantity: 9 }] },
      { token: tok['clerkS1']! },
    );
    const out = await act(
      tr.body.id,
      'ship',
      { lines: [{ sku: 'B', quantity: 5 }], rest: 'release' },
      'clerkS1',
    );
    expect(out.body).toMatchObject({
      status: 'in_transit',
      lines: [{ sku: 'B', quantity: 9, shipped: 5, released: 4, held: 0 }],
    });
    expect(await stockOf(t, 'S1', 'B')).toEqual({
      ...before,
      onHand: before.onHand - 5,
      available: before.available - 5,
    });
    const done = await act(
      tr.body.id,
      'receive',
      { lines: [{ sku: 'B', quantity: 5 }] },
      'clerkS2',
    );
    expect(done.body.status).toBe('received');
  });

  it('refuses to ship more than is held, and closing releases what was kept back', async () => {
    const before = await stockOf(t, 'S1', 'A');
    const tr = await t.call(
      'POST',
      api('/transfers'),
      { from: 'S1', to: 'S2', lines: [{ sku: 'A', quantity: 8 }] },
      { token: tok['clerkS1']! },
    );
    const over = await act(
      tr.body.id,
      'ship',
      {
        lines: [
          { sku: 'A', quantity: 9 },
          { sku: 'NOPE', quantity: 1 },
        ],
      },
      'clerkS1',
    );
    expect(
      over.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['lines.0.quantity', 'too_big'],
      ['lines.1.sku', 'invalid_value'],
    ]);
    await act(tr.body.id, 'ship', { lines: [{ sku: 'A', quantity: 3 }], rest: 'hold' }, 'clerkS1');
    await act(tr.body.id, 'receive', { lines: [{ sku: 'A', quantity: 3 }] }, 'clerkS2');
    const closed = await act(tr.body.id, 'close', { reason: 'lost' }, 'clerkS2');
    expect(closed.body).toMatchObject({
      status: 'closed_with_discrepancy',
      lines: [{ shipped: 3, received: 3, lost: 0, released: 5, held: 0 }],
    });
    expect(await stockOf(t, 'S1', 'A')).toEqual({
      ...before,
      onHand: before.onHand - 3,
      available: before.available - 3,
    });
  });
});
