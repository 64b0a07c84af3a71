import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/**
 * Stocktakes through the HTTP API on a real database: counts while the store sells,
 * set vs add, scans with pack sizes, blind counts, variance approval and posting.
 */
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerk'] = await t.user('clerk-s1', 'clerk', ['S1']);
  tok['manager'] = await t.user('manager-s1', 'manager', ['S1']);
  tok['manager2'] = await t.user('manager2-s1', 'manager', ['S1']);
  tok['managerS2'] = await t.user('manager-s2', 'manager', ['S2']);
  // A costs 2.50 (a purchase order sets the moving average); B has no cost yet.
  const supplier = await t.call('POST', api('/suppliers'), { name: 'Supplier' });
  const po = await t.call('POST', api('/purchase-orders'), {
    supplier: supplier.body.id,
    location: 'S1',
    lines: [{ sku: 'A', quantity: 100, unitCost: 2.5 }],
  });
  expect(
    (
      await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
        lines: [{ sku: 'A', quantity: 100 }],
      })
    ).status,
  ).toBe(200);
  expect((await post(t, { type: 'receipt', sku: 'B', quantity: 40, location: 'S1' })).status).toBe(
    201,
  );
});
afterAll(() => t.cleanup());

const as = (who?: string) => (who ? { token: tok[who]! } : {});
const open = async (body: Record<string, unknown>, who?: string) => {
  const res = await t.call('POST', api('/stocktakes'), body, as(who));
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
};
const count = (id: number, lines: unknown[], who?: string) =>
  t.call('POST', api(`/stocktakes/${id}/counts`), { lines }, as(who));
const act = (id: number, action: string, body: Record<string, unknown> = {}, who?: string) =>
  t.call('POST', api(`/stocktakes/${id}/${action}`), body, as(who));
const line = (s: { lines: Array<{ sku: string }> }, sku: string) =>
  s.lines.find((l) => l.sku === sku) as Record<string, unknown>;
const policy = (levels: unknown[]) =>
  t.call('PUT', api('/approval-policies'), {
    policies: [{ documentType: 'stocktake_variance', levels }],
  });

describe('stocktakes', () => {
  it('counts while the store sells: the variance ignores sales after the count; posting makes book = count', async () => {
    const s = await open({ location: 'S1', skus: ['A', 'B'] }, 'clerk');
    expect(s).toMatchObject({
      status: 'open',
      scope: 'list',
      totals: { lines: 2, counted: 0, uncounted: 2 },
    });

    const counted = await count(
      s.id,
      [
        { sku: 'A', quantity: 95, mode: 'set' },
        { sku: 'B', quantity: 40, mode: 'set' },
      ],
      'clerk',
    );
    expect(line(counted.body, 'A')).toMatchObject({
      counted: 95,
      book: 100,
      variance: -5,
      variancePercent: -5,
      unitCost: 2.5,
      varianceValue: -12.5,
    });
    // The shelf keeps selling after A was counted: 10 sold, 3 received.
    await post(t, { type: 'issue', sku: 'A', quantity: 10, location: 'S1' });
    await post(t, { type: 'receipt', sku: 'A', quantity: 3, location: 'S1' });

    const submitted = await act(s.id, 'submit', {}, 'clerk');
    expect(submitted.body).toMatchObject({ status: 'approved', approvals: [] });
    expect(line(submitted.body, 'A')).toMatchObject({ book: 100, counted: 95, variance: -5 });
    expect(submitted.body.totals).toMatchObject({
      counted: 2,
      withVariance: 1,
      varianceQuantity: -5,
      varianceValue: -12.5,
      accuracyPercent: 50,
      quantityAccuracyPercent: 96.43,
    });

    const posted = await act(s.id, 'post', {}, 'clerk');
    expect(posted.body).toMatchObject({ status: 'posted' });
    // Book after posting = what was on the shelf at the count (95) plus what moved since (−10 + 3).
    expect((await stockOf(t, 'S1', 'A')).onHand).toBe(88);
    expect((await stockOf(t, 'S1', 'B')).onHand).toBe(40);
    const moves = await t.call('GET', api('/movements?sku=A&location=S1'));
    const adjustments = moves.body.items.filter(
      (m: { document: { type: string } | null }) => m.document?.type === 'stocktake',
    );
    expect(adjustments).toEqual([
      expect.objectContaining({
        type: 'adjustment',
        from: 'S1',
        to: '@adjustment',
        quantity: 5,
        document: { type: 'stocktake', id: s.id },
      }),
    ]);
    expect((await act(s.id, 'post', {}, 'clerk')).body.error.code).toBe('invalid_state');
    expect((await t.verify()).ok).toBe(true);
  });

  it('makes book equal count when nothing moved since counting', async () => {
    const before = (await stockOf(t, 'S1', 'B')).onHand;
    const s = await open({ location: 'S1', skus: ['B'] });
    await count(s.id, [{ sku: 'B', quantity: before + 7, mode: 'set' }]);
    await act(s.id, 'submit');
    await act(s.id, 'post');
    expect((await stockOf(t, 'S1', 'B')).onHand).toBe(before + 7);
  });

  it('sets or adds exactly as each line says, and refuses a line without a mode', async () => {
    const s = await open({ location: 'S2' });
    await count(s.id, [
      { sku: 'B', quantity: 5, mode: 'add' },
      { sku: 'B', quantity: 7, mode: 'add' },
    ]);
    expect(line((await t.call('GET', api(`/stocktakes/${s.id}`))).body, 'B').counted).toBe(12);
    // The same sheet imported twice with "set" stays 12: never doubled.
    await count(s.id, [{ sku: 'B', quantity: 12, mode: 'set' }]);
    expect(
      line((await count(s.id, [{ sku: 'B', quantity: 12, mode: 'set' }])).body, 'B').counted,
    ).toBe(12);
    expect(
      line((await count(s.id, [{ sku: 'B', quantity: -2, mode: 'add' }])).body, 'B').counted,
    ).toBe(10);

    const noMode = await count(s.id, [{ sku: 'B', quantity: 3 }]);
    expect(noMode.status).toBe(400);
    expect(noMode.body.error.details).toContainEqual(
      expect.objectContaining({ path: 'lines.0.mode', code: 'required' }),
    );
    const bad = await count(s.id, [
      { sku: 'B', quantity: 1, mode: 'add' },
      { sku: 'B', quantity: -20, mode: 'add' },
      { sku: 'NOPE', quantity: 1, mode: 'set' },
      { sku: 'A', quantity: -1, mode: 'set' },
      { quantity: 1, mode: 'set' },
    ]);
    expect(bad.status).toBe(400);
    expect(
      bad.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['lines.1.quantity', 'count_below_zero'],
      ['lines.2.sku', 'unknown_sku'],
      ['lines.3.quantity', 'too_small'],
      ['lines.4.sku', 'sku_or_barcode_required'],
    ]);
    expect(bad.body.error.details[0].message).toMatch(/below 0/);
    // Nothing of the refused batch was recorded, not even its good first line.
    expect(line((await t.call('GET', api(`/stocktakes/${s.id}`))).body, 'B').counted).toBe(10);
    const zh = await t.call(
      'POST',
      api(`/stocktakes/${s.id}/counts`),
      { lines: [{ sku: 'B', quantity: -99, mode: 'add' }] },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.details[0].message).toContain('盘点数小于 0');
    await act(s.id, 'cancel');
  });

  it('counts scans by their pack multiplier', async () => {
    const s = await open({ location: 'S2' });
    const scans = [
      { barcode: 'CASE-A', quantity: 1, mode: 'add' },
      { barcode: 'CASE-A', quantity: 1, mode: 'add' },
      { barcode: '690000001', quantity: 1, mode: 'add' },
      { barcode: '690000001', quantity: 1, mode: 'add' },
    ];
    expect(line((await count(s.id, scans, undefined)).body, 'A').counted).toBe(26);
    // A mistaken case scan is taken back with −1 case.
    expect(
      line((await count(s.id, [{ barcode: 'CASE-A', quantity: -1, mode: 'add' }])).body, 'A')
        .counted,
    ).toBe(14);
    expect(
      (await count(s.id, [{ barcode: 'NO-SUCH', quantity: 1, mode: 'add' }])).body.error.details[0],
    ).toMatchObject({ path: 'lines.0.barcode', code: 'unknown_barcode' });
    await act(s.id, 'cancel');
  });

  it('hides book figures of a blind stocktake from clerks, not from managers', async () => {
    const s = await open({ location: 'S1', skus: ['A'], blind: true }, 'manager');
    const asClerk = await count(s.id, [{ sku: 'A', quantity: 80, mode: 'set' }], 'clerk');
    expect(asClerk.body.bookVisible).toBe(false);
    expect(line(asClerk.body, 'A')).toMatchObject({
      counted: 80,
      book: null,
      variance: null,
      variancePercent: null,
      varianceValue: null,
    });
    expect(asClerk.body.totals).toMatchObject({ varianceQuantity: null, accuracyPercent: null });
    expect(
      JSON.stringify(
        (await t.call('GET', api(`/stocktakes/${s.id}`), undefined, as('clerk'))).body,
      ),
    ).not.toContain('"book":88');
    const asManager = await t.call('GET', api(`/stocktakes/${s.id}`), undefined, as('manager'));
    expect(line(asManager.body, 'A')).toMatchObject({ counted: 80, book: 88, variance: -8 });
    const list = await t.call(
      'GET',
      api('/stocktakes?location=S1&status=open'),
      undefined,
      as('clerk'),
    );
    expect(list.body.items).toContainEqual(
      expect.objectContaining({
        id: s.id,
        blind: true,
        totals: expect.objectContaining({ varianceQuantity: null }),
      }),
    );
    expect(list.body.items[0].lines).toBeUndefined();
    await act(s.id, 'cancel', {}, 'manager');
  });

  it('needs approval when a line is over the policy; rejection sends it back for a recount', async () => {
    expect((await policy([{ minVariancePercent: 10, role: 'manager' }])).status).toBe(200);
    const wrong = await t.call('PUT', api('/approval-policies'), {
      policies: [
        { documentType: 'transfer', levels: [{ minVariancePercent: 5, role: 'manager' }] },
      ],
    });
    expect(wrong.body.error.details).toContainEqual(
      expect.objectContaining({
        path: 'policies.0.levels.0.minVariancePercent',
        code: 'only_for_stocktake_variance',
      }),
    );

    // 5 % off: under the threshold, approved at once.
    const small = await open({ location: 'S1', skus: ['B'] }, 'clerk');
    const bookB = (await stockOf(t, 'S1', 'B')).onHand;
    await count(small.id, [{ sku: 'B', quantity: Math.round(bookB * 0.95), mode: 'set' }], 'clerk');
    expect((await act(small.id, 'submit', {}, 'clerk')).body.status).toBe('approved');
    await act(small.id, 'cancel', {}, 'manager');

    // 25 % short on A: a manager of S1 must approve, and not the one who submitted.
    const big = await open({ location: 'S1', skus: ['A', 'B'] }, 'clerk');
    await count(
      big.id,
      [
        { sku: 'A', quantity: 66, mode: 'set' },
        { sku: 'B', quantity: bookB, mode: 'set' },
      ],
      'clerk',
    );
    const submitted = await act(big.id, 'submit', {}, 'manager');
    expect(submitted.body).toMatchObject({
      status: 'submitted',
      approvals: [{ round: 1, role: 'manager', status: 'pending' }],
    });
    expect(line(submitted.body, 'A')).toMatchObject({
      book: 88,
      variance: -22,
      variancePercent: -25,
    });
    expect((await act(big.id, 'post', {}, 'manager')).body.error.code).toBe('invalid_state');
    expect(
      (await act(big.id, 'counts', { lines: [{ sku: 'A', quantity: 1, mode: 'add' }] }, 'clerk'))
        .body.error.code,
    ).toBe('invalid_state');
    const v = submitted.body.version;
    expect(
      (await act(big.id, 'approve', { version: v }, 'manager')).body.error.details.reason,
    ).toBe('own_document');
    expect((await act(big.id, 'approve', { version: v }, 'clerk')).body.error.details.reason).toBe(
      'role_too_low',
    );
    expect(
      (await act(big.id, 'approve', { version: v }, 'managerS2')).body.error.details.reason,
    ).toBe('location_out_of_scope');
    const inbox = await t.call('GET', api('/approvals'), undefined, as('manager2'));
    expect(inbox.body.items).toContainEqual(
      expect.objectContaining({
        documentType: 'stocktake_variance',
        documentId: big.id,
        locations: ['S1'],
        quantity: 22,
        value: 55,
      }),
    );

    const rejected = await act(big.id, 'reject', { version: v, comment: '再数一遍' }, 'manager2');
    expect(rejected.body).toMatchObject({
      status: 'open',
      approvals: [{ status: 'rejected', comment: '再数一遍' }],
    });
    await count(big.id, [{ sku: 'A', quantity: 86, mode: 'set' }], 'clerk');
    // Now 2 % off: approved at once; the rejected first round stays in its history.
    const again = await act(big.id, 'submit', {}, 'clerk');
    expect(again.body).toMatchObject({
      status: 'approved',
      approvals: [{ round: 1, status: 'rejected' }],
    });

    // Rejected, recounted with a large difference again: a second round, which the
    // manager who rejected the first may decide.
    const third = await open({ location: 'S1', skus: ['A'] }, 'clerk');
    await count(third.id, [{ sku: 'A', quantity: 0, mode: 'set' }], 'clerk');
    const asked = await act(third.id, 'submit', {}, 'clerk');
    await act(third.id, 'reject', { version: asked.body.version }, 'manager');
    await count(third.id, [{ sku: 'A', quantity: 1, mode: 'set' }], 'clerk');
    const round2 = await act(third.id, 'submit', {}, 'clerk');
    expect(round2.body.approvals).toMatchObject([
      { round: 1, status: 'rejected' },
      { round: 2, status: 'pending' },
    ]);
    const approved = await act(
      third.id,
      'approve',
      { version: round2.body.version, comment: 'ok' },
      'manager',
    );
    expect(approved.body).toMatchObject({
      status: 'approved',
      approvals: [{ round: 1 }, { round: 2, status: 'approved', decidedBy: 'manager-s1' }],
    });
    await act(third.id, 'cancel', {}, 'clerk');
    await act(big.id, 'post', {}, 'clerk');
    expect((await stockOf(t, 'S1', 'A')).onHand).toBe(86);
    await policy([]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('asks what uncounted items mean, and counts them as zero when told', async () => {
    await post(t, { type: 'receipt', sku: 'A', quantity: 9, location: 'W1' });
    await post(t, { type: 'receipt', sku: 'B', quantity: 4, location: 'W1' });
    const s = await open({ location: 'W1' });
    await count(s.id, [{ sku: 'A', quantity: 9, mode: 'set' }]);
    const refused = await act(s.id, 'submit');
    expect(refused.status).toBe(400);
    expect(refused.body.error.details[0]).toMatchObject({
      path: 'uncounted',
      code: 'uncounted_lines',
      params: { count: 1, skus: 'B' },
    });
    const submitted = await act(s.id, 'submit', { uncounted: 'zero' });
    expect(line(submitted.body, 'B')).toMatchObject({ counted: 0, book: 4, variance: -4 });
    await act(s.id, 'post');
    expect((await stockOf(t, 'W1', 'B')).onHand).toBe(0);
    expect((await stockOf(t, 'W1', 'A')).onHand).toBe(9);
  });

  it('refuses to post a shortage larger than what is available now, posting nothing', async () => {
    await post(t, { type: 'receipt', sku: 'B', quantity: 10, location: 'S2' });
    const s = await open({ location: 'S2', skus: ['B'] });
    await count(s.id, [{ sku: 'B', quantity: 2, mode: 'set' }]);
    await act(s.id, 'submit');
    const before = await stockOf(t, 'S2', 'B');
    await post(t, { type: 'issue', sku: 'B', quantity: 5, location: 'S2' });
    const refused = await act(s.id, 'post');
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { sku: 'B', location: 'S2', requested: before.onHand - 2 },
    });
    expect((await t.call('GET', api(`/stocktakes/${s.id}`))).body.status).toBe('approved');
    expect((await stockOf(t, 'S2', 'B')).onHand).toBe(before.onHand - 5);
    await act(s.id, 'cancel');
  });

  it('picks items for a cycle count: those not counted for N days, longest first', async () => {
    // A and B were both last counted at S1 today. Ten days on, A is counted again.
    t.clock.now += 10 * 86_400_000;
    const a = await open({ location: 'S1', skus: ['A'] });
    await count(a.id, [{ sku: 'A', quantity: (await stockOf(t, 'S1', 'A')).onHand, mode: 'set' }]);
    await act(a.id, 'submit');
    await act(a.id, 'post');
    const due = await open({ location: 'S1', notCountedDays: 5 });
    expect(due.lines.map((l: { sku: string }) => l.sku)).toEqual(['B']);
    await act(due.id, 'cancel');
    // Ten days more: both are due; with a limit of one, the longest uncounted comes first.
    t.clock.now += 10 * 86_400_000;
    expect(
      (await open({ location: 'S1', notCountedDays: 5 })).lines.map((l: { sku: string }) => l.sku),
    ).toEqual(['A', 'B']);
    const one = await open({ location: 'S1', notCountedDays: 5, limit: 1 });
    expect(one.lines.map((l: { sku: string }) => l.sku)).toEqual(['B']);
    const none = await t.call('POST', api('/stocktakes'), { location: 'S1', notCountedDays: 60 });
    expect(none.body.error.details[0]).toMatchObject({
      path: 'notCountedDays',
      code: 'nothing_to_count',
    });
    const both = await t.call('POST', api('/stocktakes'), {
      location: 'S1',
      notCountedDays: 5,
      skus: ['A'],
    });
    expect(both.body.error.details[0]).toMatchObject({
      path: 'notCountedDays',
      code: 'fields_exclusive',
    });
    expect(
      (await t.call('POST', api('/stocktakes'), { location: 'S1' }, as('managerS2'))).status,
    ).toBe(403);
    expect((await t.call('POST', api('/stocktakes'), { location: '@scrap' })).status).toBe(400);
    expect((await t.call('GET', api('/stocktakes/99999'))).status).toBe(404);
  });

  it('refuses counts of items not on a list, and records who counted', async () => {
    const s = await open({ location: 'S1', skus: ['A'] }, 'clerk');
    const res = await count(s.id, [{ sku: 'B', quantity: 1, mode: 'set' }], 'clerk');
    expect(res.body.error.details[0]).toMatchObject({
      path: 'lines.0.sku',
      code: 'not_in_stocktake',
    });
    const ok = await count(s.id, [{ sku: 'A', quantity: 1, mode: 'set' }], 'manager');
    expect(line(ok.body, 'A')).toMatchObject({ countedBy: 'manager-s1' });
    expect((await act(s.id, 'cancel', {}, 'managerS2')).status).toBe(403);
    await act(s.id, 'cancel', {}, 'clerk');
    const audit = await t.call('GET', api(`/audit?entity=stocktake:${s.id}`));
    expect(audit.body.items.map((a: { action: string }) => a.action)).toEqual(
      expect.arrayContaining(['stocktake.create', 'stocktake.count', 'stocktake.cancel']),
    );
  });
});
