import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventLine } from '../../core/i18n/event-messages.js';
import { buildRequest } from '../../core/services/webhooks/formats.js';
import { seedShop, stockOf } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** What a buyer needs to finish purchase orders: close short, edit drafts, receive by scanning, tolerances. */
let t: TestApp;
const tok: Record<string, string> = {};

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  tok['clerkS1'] = await t.user('clerk-s1', 'clerk', ['S1']);
  tok['clerkS2'] = await t.user('clerk-s2', 'clerk', ['S2']);
  tok['viewer'] = await t.user('viewer', 'viewer');
  await t.call('POST', api('/suppliers'), { name: 'Tea Farm', leadTimeDays: 3, packSize: 1 });
  await t.call('POST', api('/suppliers'), { name: 'Cup Works', leadTimeDays: 5 });
});
afterAll(() => t.cleanup());

const order = (
  lines: Array<{ sku: string; quantity: number; unitCost: number }>,
  extra: Record<string, unknown> = {},
  who = 'clerkS1',
) =>
  t.call(
    'POST',
    api('/purchase-orders'),
    { supplier: 'Tea Farm', location: 'S1', lines, ...extra },
    { token: tok[who]! },
  );
const act = (
  id: number,
  action: string,
  body: Record<string, unknown> = {},
  options: { token?: string; headers?: Record<string, string> } = {},
) => t.call('POST', api(`/purchase-orders/${id}/${action}`), body, options);
const edit = (
  id: number,
  body: Record<string, unknown>,
  options: { token?: string; headers?: Record<string, string> } = {},
) => t.call('PATCH', api(`/purchase-orders/${id}`), body, options);
const suggestionFor = async (sku: string, location = 'S1') =>
  (
    (await t.call('GET', api(`/suggestions/purchase?location=${location}`))).body.items as Array<{
      sku: string;
      quantity: number;
      figures: { onOrder: number };
    }>
  ).find((s) => s.sku === sku);

describe('closing a purchase order short', () => {
  it('ends a partly received order: the rest leaves "on order", audited, with who, when and why', async () => {
    await t.call('POST', api('/items'), { sku: 'OOLONG', name: '乌龙' });
    await t.call('PUT', api('/alert-rules'), {
      rules: [{ sku: 'OOLONG', location: 'S1', min: 20 }],
    });
    const po = await order([{ sku: 'OOLONG', quantity: 10, unitCost: 5 }]);
    const part = await act(po.body.id, 'receive', { lines: [{ sku: 'OOLONG', quantity: 4 }] });
    expect(part.body.status).toBe('partially_received');
    // Available 4 + on order 6 = 10, below the min of 20: order 10.
    expect(await suggestionFor('OOLONG')).toMatchObject({ quantity: 10, figures: { onOrder: 6 } });

    const stale = await act(po.body.id, 'close', {
      reason: 'supplier out of stock',
      version: po.body.version,
    });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'stale_version', version: part.body.version },
    });

    const closed = await act(
      po.body.id,
      'close',
      { reason: '厂家缺货', version: part.body.version },
      { headers: { 'x-client': 'excel' } },
    );
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed_short',
      version: part.body.version + 1,
      closed: { by: 'admin', at: new Date(t.clock.now).toISOString(), reason: '厂家缺货' },
      lines: [{ sku: 'OOLONG', quantity: 10, received: 4 }],
    });
    // Nothing is on order any more: the suggestion orders the whole 16.
    expect(await suggestionFor('OOLONG')).toMatchObject({ quantity: 16, figures: { onOrder: 0 } });
    expect((await stockOf(t, 'S1', 'OOLONG')).onHand).toBe(4);

    const trail = await t.call('GET', api(`/audit?entity=purchase_order:${po.body.id}`));
    expect(trail.body.items.at(-1)).toMatchObject({
      action: 'purchase_order.close',
      actor: 'admin',
      client: 'excel',
      before: { status: 'partially_received' },
      after: {
        status: 'closed_short',
        reason: '厂家缺货',
        notDelivered: [{ sku: 'OOLONG', ordered: 10, received: 4, notDelivered: 6 }],
      },
    });
    const events = await t.database.client.execute(
      `SELECT payload FROM outbox WHERE topic = 'purchase_order.closed_short'`,
    );
    const payload = JSON.parse(String(events.rows[0]![0]));
    expect(payload).toMatchObject({
      purchaseOrderId: po.body.id,
      notDelivered: 6,
      reason: '厂家缺货',
      location: 'S1',
    });
    // Chat messages (WeCom, Slack, … subscribed to purchase_order.*) say it in words.
    const message = (kind: 'wecom' | 'slack', language: 'en' | 'zh-CN') =>
      JSON.parse(
        buildRequest(
          { kind, url: 'https://example.test/hook', secret: null, language },
          [{ id: 1, topic: 'purchase_order.closed_short', createdAt: t.clock.now, payload }],
          t.clock.now,
        ).body,
      );
    expect(message('wecom', 'zh-CN').markdown.content).toBe(
      `📦 采购单 #${po.body.id}（Tea Farm → S1）已由 admin 短缺结案：6 件不再到货（厂家缺货）`,
    );
    expect(message('slack', 'en').text).toBe(
      `📦 Purchase order #${po.body.id} (Tea Farm → S1) closed short by admin: 6 will not come (厂家缺货)`,
    );
    expect(
      eventLine(
        'purchase_order.partially_received',
        { purchaseOrderId: 7, status: 'partially_received' },
        'zh-CN',
      ),
    ).toBe('📦 采购单 #7：部分收货');

    // Closed is final: no more receipts, no second close, no cancel.
    expect(
      (await act(po.body.id, 'receive', { lines: [{ sku: 'OOLONG', quantity: 1 }] })).body.error
        .code,
    ).toBe('invalid_state');
    expect((await act(po.body.id, 'close', { reason: 'again' })).body.error.code).toBe(
      'invalid_state',
    );
    expect((await act(po.body.id, 'cancel', {})).body.error.code).toBe('invalid_state');
    expect(
      (await t.call('GET', api('/purchase-orders?status=closed_short'))).body.items.map(
        (p: { id: number }) => p.id,
      ),
    ).toEqual([po.body.id]);
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it("only from a partly received order; says why in the reader's language", async () => {
    const approved = await order([{ sku: 'A', quantity: 5, unitCost: 1 }]);
    const refused = await act(
      approved.body.id,
      'close',
      { reason: 'not needed' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({
      code: 'invalid_state',
      details: { status: 'approved' },
    });
    expect(refused.body.error.message).toBe(
      '该采购单当前为“已批准”，无法执行此操作；请刷新查看最新状态。',
    );
    await act(approved.body.id, 'receive', { lines: [{ sku: 'A', quantity: 5 }] });
    const received = await act(approved.body.id, 'close', { reason: 'done' });
    expect(received.body.error.message).toBe(
      'The purchase order cannot change now: it is received. Refresh it to see where it stands.',
    );

    const draft = await order([{ sku: 'A', quantity: 5, unitCost: 1 }], { submit: false });
    expect((await act(draft.body.id, 'close', { reason: 'x' })).body.error.details.status).toBe(
      'draft',
    );
    expect((await act(draft.body.id, 'close', {})).body.error).toMatchObject({
      code: 'validation_failed',
      details: [{ path: 'reason', code: 'required' }],
    });
  });

  it('is for users at the location (or the requester), never a viewer', async () => {
    const po = await order([{ sku: 'B', quantity: 5, unitCost: 1 }]);
    await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 1 }] });
    expect(
      (await act(po.body.id, 'close', { reason: 'x' }, { token: tok['clerkS2']! })).status,
    ).toBe(403);
    expect(
      (await act(po.body.id, 'close', { reason: 'x' }, { token: tok['viewer']! })).status,
    ).toBe(403);
    expect(
      (await act(po.body.id, 'close', { reason: 'x' }, { token: tok['clerkS1']! })).body.status,
    ).toBe('closed_short');
  });

  it('shows the state in words in English and Chinese', async () => {
    const po = await order([{ sku: 'B', quantity: 5, unitCost: 1 }]);
    await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 1 }] });
    await act(po.body.id, 'close', { reason: 'x' });
    expect(
      (await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 1 }] })).body.error.message,
    ).toBe(
      'The purchase order cannot change now: it is closed short (the rest will not come). Refresh it to see where it stands.',
    );
    expect(
      (
        await act(
          po.body.id,
          'receive',
          { lines: [{ sku: 'B', quantity: 1 }] },
          { headers: { 'accept-language': 'zh-CN' } },
        )
      ).body.error.message,
    ).toBe('该采购单当前为“已短缺结案（余量不再到货）”，无法执行此操作；请刷新查看最新状态。');
  });
});

describe('editing a draft', () => {
  it('changes lines, quantities, costs, supplier and note until it is submitted', async () => {
    const draft = await order(
      [
        { sku: 'A', quantity: 5, unitCost: 1 },
        { sku: 'B', quantity: 2, unitCost: 3 },
      ],
      { submit: false, note: 'first try' },
    );
    const edited = await edit(
      draft.body.id,
      {
        version: draft.body.version,
        supplier: 'Cup Works',
        note: '改为杯子厂',
        lines: [
          { sku: 'A', quantity: 8, unitCost: 1.25 },
          { sku: 'OOLONG', quantity: 3, unitCost: 5 },
        ],
      },
      { token: tok['clerkS1']! },
    );
    expect(edited.status).toBe(200);
    expect(edited.body).toMatchObject({
      status: 'draft',
      version: draft.body.version + 1,
      supplier: { name: 'Cup Works' },
      note: '改为杯子厂',
      totals: { quantity: 11, value: 25 },
      lines: [
        { sku: 'A', quantity: 8, unitCost: 1.25, received: 0 },
        { sku: 'OOLONG', quantity: 3, unitCost: 5, received: 0 },
      ],
    });
    expect((await t.call('GET', api(`/purchase-orders/${draft.body.id}`))).body).toEqual(
      edited.body,
    );

    // Only the note: the lines stay; null removes it.
    const noted = await edit(draft.body.id, { version: edited.body.version, note: null });
    expect(noted.body).toMatchObject({
      note: null,
      lines: edited.body.lines,
      supplier: { name: 'Cup Works' },
    });

    const trail = await t.call('GET', api(`/audit?entity=purchase_order:${draft.body.id}`));
    expect(trail.body.items[1]).toMatchObject({
      action: 'purchase_order.edit',
      actor: 'clerk-s1',
      before: {
        supplier: 'Tea Farm',
        note: 'first try',
        lines: [
          { sku: 'A', quantity: 5, unitCost: 1 },
          { sku: 'B', quantity: 2, unitCost: 3 },
        ],
      },
      after: {
        supplier: 'Cup Works',
        note: '改为杯子厂',
        lines: [
          { sku: 'A', quantity: 8, unitCost: 1.25 },
          { sku: 'OOLONG', quantity: 3, unitCost: 5 },
        ],
      },
    });

    // Submitted: what the approvers judge no longer changes.
    const submitted = await act(draft.body.id, 'submit', { version: noted.body.version });
    expect(submitted.body.status).toBe('approved');
    const late = await edit(
      draft.body.id,
      { version: submitted.body.version, note: 'too late' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(late.status).toBe(409);
    expect(late.body.error).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'purchase_order', status: 'approved' },
    });
    expect(late.body.error.message).toBe(
      '该采购单当前为“已批准”，无法执行此操作；请刷新查看最新状态。',
    );
    expect((await t.call('GET', api(`/purchase-orders/${draft.body.id}`))).body.note).toBeNull();
  });

  it('refuses an edit made on a stale version, so two people never overwrite each other unseen', async () => {
    const draft = await order([{ sku: 'A', quantity: 5, unitCost: 1 }], { submit: false });
    const [one, two] = await Promise.all([
      edit(draft.body.id, {
        version: draft.body.version,
        lines: [{ sku: 'A', quantity: 6, unitCost: 1 }],
      }),
      edit(draft.body.id, {
        version: draft.body.version,
        lines: [{ sku: 'A', quantity: 7, unitCost: 1 }],
      }),
    ]);
    expect([one!.status, two!.status].sort()).toEqual([200, 409]);
    const loser = one!.status === 409 ? one! : two!;
    const winner = one!.status === 200 ? one! : two!;
    expect(loser.body.error).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'stale_version', status: 'draft', version: draft.body.version + 1 },
    });
    expect(loser.body.error.message).toBe(
      'The purchase order was changed by someone else since you read it (it is at version 2 now): refresh and try again.',
    );
    expect((await t.call('GET', api(`/purchase-orders/${draft.body.id}`))).body.lines).toEqual(
      winner.body.lines,
    );
  });

  it('reports every bad line at once and changes nothing; outsiders may not edit', async () => {
    const draft = await order([{ sku: 'A', quantity: 5, unitCost: 1 }], { submit: false });
    const bad = await edit(draft.body.id, {
      version: draft.body.version,
      lines: [
        { sku: 'A', quantity: 1, unitCost: 1.00001 },
        { sku: 'A', quantity: 2, unitCost: 1 },
      ],
    });
    expect(bad.body.error.details.map((d: { path: string }) => d.path)).toEqual([
      'lines.0.unitCost',
      'lines.1.sku',
    ]);
    expect(
      (
        await edit(draft.body.id, {
          version: draft.body.version,
          lines: [{ sku: 'NOPE', quantity: 1, unitCost: 1 }],
        })
      ).status,
    ).toBe(404);
    expect(
      (await edit(draft.body.id, { version: draft.body.version, supplier: 'nobody' })).status,
    ).toBe(404);
    expect(
      (
        await edit(
          draft.body.id,
          { version: draft.body.version, note: 'x' },
          { token: tok['clerkS2']! },
        )
      ).status,
    ).toBe(403);
    expect((await edit(draft.body.id, { note: 'x' })).body.error.details).toEqual([
      expect.objectContaining({ path: 'version' }),
    ]);
    expect(
      (await edit(draft.body.id, { version: draft.body.version, location: 'S2' })).status,
    ).toBe(400);
    expect((await t.call('GET', api(`/purchase-orders/${draft.body.id}`))).body).toEqual(
      draft.body,
    );
  });
});

describe('receiving by barcode', () => {
  it('counts a scanned pack by its multiplier, and adds lines of the same item', async () => {
    const po = await order([{ sku: 'A', quantity: 40, unitCost: 2 }]);
    const res = await act(po.body.id, 'receive', {
      lines: [
        { barcode: 'CASE-A', quantity: 2 },
        { barcode: '690000001', quantity: 3 },
        { sku: 'A', quantity: 1 },
      ],
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      status: 'partially_received',
      lines: [{ sku: 'A', quantity: 40, received: 28 }],
    });
    const moves = (
      await t.call('GET', api('/movements?sku=A&location=S1&limit=1000'))
    ).body.items.filter((m: { document: { id: number } | null }) => m.document?.id === po.body.id);
    expect(moves).toEqual([
      expect.objectContaining({
        type: 'receipt',
        quantity: 28,
        unitCost: 2,
        document: { type: 'purchase_order', id: po.body.id },
      }),
    ]);

    // 28 + 1 case = 40: all in.
    expect(
      (await act(po.body.id, 'receive', { lines: [{ barcode: 'CASE-A', quantity: 1 }] })).body
        .status,
    ).toBe('received');
  });

  it('reports an unknown barcode, one not on the order, and a line naming both or neither', async () => {
    await t.call('POST', api('/items'), {
      sku: 'CUP',
      name: 'Cup',
      barcodes: [{ code: 'CUP-6', multiplier: 6 }],
    });
    const po = await order([{ sku: 'A', quantity: 12, unitCost: 2 }]);
    const res = await act(po.body.id, 'receive', {
      lines: [
        { barcode: 'NOPE-1', quantity: 1 },
        { barcode: 'CUP-6', quantity: 1 },
        { sku: 'A', barcode: 'CASE-A', quantity: 1 },
        { quantity: 1 },
      ],
    });
    expect(res.status).toBe(400);
    expect(
      res.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['lines.0.barcode', 'unknown_barcode'],
      ['lines.1.barcode', 'invalid_value'],
      ['lines.2.barcode', 'fields_disagree'],
      ['lines.3.sku', 'sku_or_barcode_required'],
    ]);
    expect((await stockOf(t, 'S1', 'CUP')).onHand).toBe(0);
  });
});

describe('over-receipt tolerance per supplier', () => {
  it('is 0 % by default: one unit more than ordered is refused with more_than_ordered', async () => {
    const po = await order([{ sku: 'B', quantity: 10, unitCost: 1 }]);
    await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 4 }] });
    const over = await act(
      po.body.id,
      'receive',
      {
        lines: [
          { sku: 'B', quantity: 4 },
          { sku: 'B', quantity: 3 },
        ],
      },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(over.status).toBe(400);
    expect(over.body.error.details).toEqual([
      {
        path: 'lines.1.quantity',
        code: 'more_than_ordered',
        params: { sku: 'B', ordered: 10, received: 4, maximum: 6, tolerancePercent: 0 },
        message:
          'lines.1.quantity: Item B（B） 超出订购数量：订购 10，已收 4，最多还可收 6（允许超收 0%）',
      },
    ]);
    expect(
      (await t.call('GET', api(`/purchase-orders/${po.body.id}`))).body.lines[0].received,
    ).toBe(4);
  });

  it('accepts up to the tolerance, and no more', async () => {
    const supplier = await t.call('POST', api('/suppliers'), {
      name: 'Generous',
      overReceiptPercent: 10,
    });
    expect(supplier.body).toMatchObject({ overReceiptPercent: 10 });
    const po = await order([{ sku: 'A', quantity: 24, unitCost: 2 }], { supplier: 'Generous' });
    // 10 % of 24 is 2.4: up to 26 may arrive.
    const over = await act(po.body.id, 'receive', {
      lines: [
        { barcode: 'CASE-A', quantity: 2 },
        { sku: 'A', quantity: 3 },
      ],
    });
    expect(over.body.error.details[0]).toMatchObject({
      path: 'lines.1.quantity',
      code: 'more_than_ordered',
      params: { maximum: 26, tolerancePercent: 10 },
    });
    const ok = await act(po.body.id, 'receive', {
      lines: [
        { barcode: 'CASE-A', quantity: 2 },
        { sku: 'A', quantity: 2 },
      ],
    });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'received',
      lines: [{ sku: 'A', quantity: 24, received: 26 }],
    });
    expect((await t.verify()).mismatches).toEqual([]);
  });

  it('is changed on the supplier by admins and managers, and applies to open orders', async () => {
    const po = await order([{ sku: 'B', quantity: 10, unitCost: 1 }], { supplier: 'Cup Works' });
    expect((await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 12 }] })).status).toBe(
      400,
    );
    const id = (await t.call('GET', api('/suppliers'))).body.items.find(
      (s: { name: string }) => s.name === 'Cup Works',
    ).id;
    expect(
      (
        await t.call(
          'PATCH',
          api(`/suppliers/${id}`),
          { overReceiptPercent: 20 },
          { token: tok['clerkS1']! },
        )
      ).status,
    ).toBe(403);
    expect(
      (await t.call('PATCH', api(`/suppliers/${id}`), { overReceiptPercent: 101 })).status,
    ).toBe(400);
    const patched = await t.call('PATCH', api(`/suppliers/${id}`), { overReceiptPercent: 20 });
    expect(patched.body).toMatchObject({
      name: 'Cup Works',
      leadTimeDays: 5,
      overReceiptPercent: 20,
    });
    expect(
      (await act(po.body.id, 'receive', { lines: [{ sku: 'B', quantity: 12 }] })).body,
    ).toMatchObject({ status: 'received', lines: [{ received: 12 }] });
    expect(
      (await t.call('GET', api(`/audit?entity=supplier:${id}`))).body.items.at(-1),
    ).toMatchObject({
      action: 'supplier.update',
      before: { overReceiptPercent: 0 },
      after: { overReceiptPercent: 20 },
    });
  });
});
