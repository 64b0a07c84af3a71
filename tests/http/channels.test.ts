import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { deliverDue, fanOut } from '../../core/services/webhooks/deliver.js';
import { startReceiver } from '../helpers/receiver.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** Sales channels through HTTP: listings, availability with change numbers, orders, CSV import. */
let t: TestApp;
let connector: string;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  connector = await t.user('taobao-connector', 'clerk', ['W1', 'S1']);
  await post(t, { type: 'receipt', sku: 'A', quantity: 10, location: 'W1' });
  await post(t, { type: 'receipt', sku: 'A', quantity: 30, location: 'S1' });
  await post(t, { type: 'receipt', sku: 'B', quantity: 7, location: 'S1' });
  expect(
    (
      await t.call('PUT', api('/channels/taobao'), {
        name: '淘宝店',
        kind: 'marketplace',
        locations: ['W1', 'S1'],
        percent: 50,
        maxShown: 15,
        safetyFloor: 2,
      })
    ).status,
  ).toBe(200);
  expect(
    (
      await t.call('PUT', api('/channels/mini'), {
        name: 'Mini-program',
        kind: 'own',
        locations: ['W1', 'S1'],
        allowSplit: true,
      })
    ).status,
  ).toBe(200);
  for (const channel of ['taobao', 'mini']) {
    const res = await t.call('PUT', api(`/channels/${channel}/listings`), {
      listings: [
        { productCode: 'TB-A', sku: 'A' },
        { productCode: 'TB-B', sku: 'B' },
        {
          productCode: 'TB-GIFT',
          parts: [
            { sku: 'A', quantity: 2 },
            { sku: 'B', quantity: 1 },
          ],
        },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
});
afterAll(() => t.cleanup());

const order = (
  channel: string,
  orderId: string,
  lines: Array<{ productCode: string; quantity: number }>,
  token?: string,
) => t.call('POST', api(`/channels/${channel}/orders`), { orderId, lines }, token ? { token } : {});
const act = (channel: string, orderId: string, action: string, body: unknown = {}) =>
  t.call('POST', api(`/channels/${channel}/orders/${orderId}/${action}`), body);
const figures = async (channel: string, since = 0) =>
  (await t.call('GET', api(`/channels/${channel}/availability?changedSinceSeq=${since}`))).body;

describe('availability per listing', () => {
  it("applies the channel's rules to the pool, and bundles sell as their scarcest part", async () => {
    const all = await figures('taobao');
    // A: 40 available → 50 % = 20 → capped at 15. B: 7 → 3. Gift (2 A + 1 B): 7 → 3.
    expect(
      Object.fromEntries(
        all.items.map((i: { productCode: string; available: number }) => [
          i.productCode,
          i.available,
        ]),
      ),
    ).toEqual({ 'TB-A': 15, 'TB-B': 3, 'TB-GIFT': 3 });
    const mini = await figures('mini');
    expect(
      Object.fromEntries(
        mini.items.map((i: { productCode: string; available: number }) => [
          i.productCode,
          i.available,
        ]),
      ),
    ).toEqual({ 'TB-A': 40, 'TB-B': 7, 'TB-GIFT': 7 });
  });

  it('answers only what changed since the last change number, and pushes each change to the outbox', async () => {
    const first = await figures('taobao');
    expect((await figures('taobao', first.lastSeq)).items).toEqual([]);
    await post(t, { type: 'issue', sku: 'B', quantity: 4, location: 'S1' });
    const changed = await figures('taobao', first.lastSeq);
    // B: 3 left, above the floor of 2 → 50 % → 1; the gift box (2 A + 1 B) likewise.
    expect(changed.items).toEqual([
      { productCode: 'TB-B', available: 1, changeSeq: first.lastSeq + 1 },
      { productCode: 'TB-GIFT', available: 1, changeSeq: first.lastSeq + 1 },
    ]);
    expect(changed.lastSeq).toBe(first.lastSeq + 1);
    const events = await t.database.client.execute(
      `SELECT payload FROM outbox WHERE topic = 'channel.availability' ORDER BY id DESC LIMIT 2`,
    );
    expect(events.rows.map((r) => JSON.parse(String(r['payload'])))).toEqual(
      expect.arrayContaining([
        { channel: 'taobao', productCode: 'TB-B', available: 1, changeSeq: first.lastSeq + 1 },
      ]),
    );
    await post(t, { type: 'receipt', sku: 'B', quantity: 4, location: 'S1' });
  });
});

describe('availability pushed to a connector', () => {
  it('delivers each changed listing to a generic webhook subscribed to channel.availability', async () => {
    const receiver = await startReceiver();
    try {
      const sub = await t.call('POST', api('/subscriptions'), {
        kind: 'generic',
        url: receiver.url,
        events: ['channel.availability'],
        secret: 'connector-secret-1',
      });
      expect(sub.status).toBe(201);
      const since = (await figures('mini')).lastSeq;
      await post(t, { type: 'receipt', sku: 'B', quantity: 1, location: 'S1' });
      const changed = await figures('mini', since);
      await fanOut(t.database, t.clock.now);
      await deliverDue(t.database, { now: t.clock.now });
      const pushed = receiver.received.map(
        (r) => JSON.parse(r.body) as { topic: string; data: Record<string, unknown> },
      );
      const mini = pushed
        .filter((p) => p.data['channel'] === 'mini' && Number(p.data['changeSeq']) > since)
        .map((p) => [p.topic, p.data['productCode'], p.data['available']]);
      expect(mini).toEqual(
        changed.items.map((i: { productCode: string; available: number }) => [
          'channel.availability',
          i.productCode,
          i.available,
        ]),
      );
      expect(mini.length).toBeGreaterThan(0);
      expect(receiver.received[0]!.headers['x-inventory-signature']).toMatch(/^sha256=/);
      await t.call('DELETE', api(`/subscriptions/${sub.body.id}`));
      await post(t, { type: 'issue', sku: 'B', quantity: 1, location: 'S1' });
    } finally {
      await receiver.close();
    }
  });
});

describe('orders', () => {
  it('holds stock at the best location, once per channel order id', async () => {
    const placed = await order(
      'taobao',
      'TB1001',
      [{ productCode: 'TB-A', quantity: 12 }],
      connector,
    );
    expect(placed.status, JSON.stringify(placed.body)).toBe(201);
    // W1 (first by priority) has only 10: S1 fills the whole order.
    expect(placed.body).toMatchObject({
      status: 'held',
      replayed: false,
      holds: [{ sku: 'A', location: 'S1', quantity: 12 }],
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 30, reserved: 12, available: 18 });
    const again = await order(
      'taobao',
      'TB1001',
      [{ productCode: 'TB-A', quantity: 12 }],
      connector,
    );
    expect(again.status).toBe(201);
    expect(again.body).toMatchObject({ replayed: true, holds: [{ quantity: 12 }] });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ reserved: 12 });
    const other = await order(
      'taobao',
      'TB1001',
      [{ productCode: 'TB-A', quantity: 1 }],
      connector,
    );
    expect(other.body.error.code).toBe('already_exists');
  });

  it('refuses what is short with insufficient_stock, listing it, and holds nothing', async () => {
    // 4 gift boxes and 4 B: 8 A (there are) and 8 B (only 7).
    const short = await order('taobao', 'TB1002', [
      { productCode: 'TB-GIFT', quantity: 4 },
      { productCode: 'TB-B', quantity: 4 },
    ]);
    expect(short.status).toBe(409);
    expect(short.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { orderId: 'TB1002', lines: [{ sku: 'B', requested: 8, available: 7 }] },
    });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ reserved: 12 });
    expect((await t.call('GET', api('/channels/taobao/orders/TB1002'))).status).toBe(404);
    // Split allowed (mini): 20 A is more than any one place has (W1 10, S1 18) but not than both.
    const split = await order('mini', 'M1', [{ productCode: 'TB-A', quantity: 20 }]);
    expect(split.body.holds).toEqual([
      expect.objectContaining({ location: 'W1', quantity: 10 }),
      expect.objectContaining({ location: 'S1', quantity: 10 }),
    ]);
    expect(
      (await order('taobao', 'TB1003', [{ productCode: 'TB-A', quantity: 20 }])).body.error.code,
    ).toBe('insufficient_stock');
    await act('mini', 'M1', 'cancel');
  });

  it('ships, cancels and returns with clear answers and no double effect', async () => {
    const shipped = await act('taobao', 'TB1001', 'ship');
    expect(shipped.body).toMatchObject({ status: 'shipped', replayed: false });
    expect(await stockOf(t, 'S1', 'A')).toMatchObject({ onHand: 18, reserved: 0 });
    expect((await act('taobao', 'TB1001', 'ship')).body).toMatchObject({
      status: 'shipped',
      replayed: true,
    });
    expect((await act('taobao', 'TB1001', 'cancel')).body.error.code).toBe('invalid_state');
    const returned = await act('taobao', 'TB1001', 'return', { inspect: true });
    expect(returned.body).toMatchObject({ status: 'returned' });
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 12 });
    expect((await act('taobao', 'TB1001', 'return', { inspect: true })).body).toMatchObject({
      replayed: true,
    });
    expect(await stockOf(t, 'S1.quarantine', 'A')).toMatchObject({ onHand: 12 });

    await order('taobao', 'TB1004', [{ productCode: 'TB-B', quantity: 2 }]);
    expect((await act('taobao', 'TB1004', 'cancel')).body).toMatchObject({
      status: 'cancelled',
      replayed: false,
    });
    expect((await act('taobao', 'TB1004', 'cancel')).body).toMatchObject({
      status: 'cancelled',
      replayed: true,
    });
    expect(await stockOf(t, 'S1', 'B')).toMatchObject({ reserved: 0 });
  });

  it('remembers a cancel that arrives before its order, and refuses the late order', async () => {
    expect((await act('taobao', 'TB2000', 'cancel')).body).toMatchObject({
      status: 'cancelled',
      lines: [],
      holds: [],
    });
    const late = await order('taobao', 'TB2000', [{ productCode: 'TB-B', quantity: 1 }]);
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('invalid_state');
    expect(await stockOf(t, 'S1', 'B')).toMatchObject({ reserved: 0 });
  });

  it('answers unknown listings, channels and orders clearly', async () => {
    const unknown = await order('taobao', 'TB3000', [
      { productCode: 'NOPE', quantity: 1 },
      { productCode: 'TB-A', quantity: 1 },
    ]);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.details).toEqual([
      expect.objectContaining({ path: 'lines.0.productCode', code: 'unknown_listing' }),
    ]);
    expect((await order('nope', 'X', [{ productCode: 'TB-A', quantity: 1 }])).status).toBe(404);
    expect((await act('taobao', 'NEVER', 'ship')).status).toBe(404);
    const outsider = await t.user('s2-clerk', 'clerk', ['S2']);
    expect(
      (await order('taobao', 'TB3001', [{ productCode: 'TB-A', quantity: 1 }], outsider)).status,
    ).toBe(403);
    expect((await t.verify()).ok).toBe(true);
  });
});

describe('CSV import of marketplace orders', () => {
  const csv = [
    '\uFEFF订单编号,商家编码,购买数量,订单状态,付款时间',
    'TB9001,TB-A,2,买家已付款,2026-11-01 10:00',
    'TB9002,TB-B,1,卖家已发货,2026-11-01 10:05',
    'TB9002,TB-A,1,卖家已发货,2026-11-01 10:05',
    'TB9003,TB-A,1,交易关闭,2026-11-01 10:07',
    'TB9004,NOPE,1,买家已付款,2026-11-01 10:09',
    'TB9005,TB-A,x,买家已付款,2026-11-01 10:10',
    'TB9006,TB-A,1,等待买家付款,2026-11-01 10:11',
    'TB9007,TB-A,1,买家已付款,11月1日',
  ].join('\r\n');

  it('imports in one batch with a result per row; importing again changes nothing', async () => {
    expect(
      (await t.call('POST', api('/channels/taobao/imports'), { csv })).body.error.details[0].code,
    ).toBe('csv_mapping_missing');
    // The shop is in Beijing: the export's times without an offset are its local times.
    const shop = (await t.call('GET', api('/settings'))).body;
    await t.call('PUT', api('/settings'), { version: shop.version, timeZone: 'Asia/Shanghai' });
    const mapping = await t.call('PUT', api('/channels/taobao/csv-mapping'), {
      orderId: '订单编号',
      productCode: '商家编码',
      quantity: '购买数量',
      status: '订单状态',
      time: '付款时间',
      statuses: {
        买家已付款: 'paid',
        卖家已发货: 'shipped',
        交易关闭: 'cancelled',
        等待买家付款: 'ignore',
      },
    });
    expect(mapping.status).toBe(200);
    const before = await stockOf(t, 'W1', 'A');
    const first = await t.call(
      'POST',
      api('/channels/taobao/imports'),
      { csv },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(
      first.body.results.map((r: { row: number; status: string }) => [r.row, r.status]),
    ).toEqual([
      [2, 'held'],
      [3, 'shipped'],
      [4, 'shipped'],
      [5, 'cancelled'],
      [6, 'rejected'],
      [7, 'rejected'],
      [8, 'skipped'],
      [9, 'rejected'],
    ]);
    expect(first.body.results[7].error.details[0]).toMatchObject({
      path: 'rows.9.付款时间',
      code: 'invalid_format',
    });
    expect(first.body.results[4].error).toMatchObject({
      code: 'validation_failed',
      details: [expect.objectContaining({ code: 'unknown_listing' })],
    });
    // A row's message is its real reason, naming the file's row and column.
    expect(first.body.results[4].error.message).toBe(
      'rows.6.商家编码: 本渠道没有商品编码为“NOPE”的商品',
    );
    expect(first.body.results[5].error.details[0]).toMatchObject({
      path: 'rows.7.购买数量',
      code: 'quantity_must_be_positive',
    });
    const after = await stockOf(t, 'W1', 'A');
    const movements = (await t.call('GET', api('/movements?limit=1000'))).body.items.length;

    const second = await t.call('POST', api('/channels/taobao/imports'), { csv });
    expect(second.body.results.map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
      'unchanged',
      'rejected',
      'rejected',
      'skipped',
      'rejected',
    ]);
    expect(await stockOf(t, 'W1', 'A')).toEqual(after);
    expect((await t.call('GET', api('/movements?limit=1000'))).body.items.length).toBe(movements);
    // TB9001 (2 A, paid) is held at W1, the first location by priority; TB9002 (B and A) only S1 can fill whole.
    expect(after.reserved - before.reserved).toBe(2);
    expect((await t.call('GET', api('/channels/taobao/orders/TB9002'))).body).toMatchObject({
      status: 'shipped',
      holds: [
        { sku: 'B', location: 'S1' },
        { sku: 'A', location: 'S1' },
      ],
    });
    expect((await t.call('GET', api('/channels/taobao/orders/TB9003'))).body).toMatchObject({
      status: 'cancelled',
    });
    const bad = await t.call('PUT', api('/channels/x'), {
      name: 'x',
      kind: 'own',
      locations: ['S1.quarantine', '@customer', 'NOPE'],
    });
    expect(
      bad.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['locations.0', 'location_must_be_internal'],
      ['locations.1', 'location_must_be_internal'],
      ['locations.2', 'unknown_location'],
    ]);
    // The export's times are Beijing time.
    expect((await t.call('GET', api('/channels/taobao/orders/TB9001'))).body.placedAt).toBe(
      '2026-11-01T02:00:00.000Z',
    );
    expect((await t.verify()).ok).toBe(true);
  });
});

describe('store sales through the same CSV path', () => {
  it("imports a till's export as sales issued from the store, once", async () => {
    expect(
      (
        await t.call('PUT', api('/channels/pos-s1'), {
          name: 'S1 till',
          kind: 'store',
          locations: ['S1'],
        })
      ).status,
    ).toBe(200);
    await t.call('PUT', api('/channels/pos-s1/listings'), {
      listings: [
        { productCode: 'A', sku: 'A' },
        { productCode: 'B', sku: 'B' },
      ],
    });
    await t.call('PUT', api('/channels/pos-s1/csv-mapping'), {
      orderId: 'Receipt',
      productCode: 'Item',
      quantity: 'Qty',
      defaultStatus: 'shipped',
      delimiter: ';',
    });
    const before = await stockOf(t, 'S1', 'B');
    const csv = 'Receipt;Item;Qty\nR-1;B;1\nR-1;A;1\nR-2;B;2\n';
    const first = await t.call('POST', api('/channels/pos-s1/imports'), { csv });
    expect(first.body.results.map((r: { status: string }) => r.status)).toEqual([
      'shipped',
      'shipped',
      'shipped',
    ]);
    expect(await stockOf(t, 'S1', 'B')).toMatchObject({
      onHand: before.onHand - 3,
      reserved: before.reserved,
    });
    const again = await t.call('POST', api('/channels/pos-s1/imports'), { csv });
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual([
      'unchanged',
      'unchanged',
      'unchanged',
    ]);
    expect(await stockOf(t, 'S1', 'B')).toMatchObject({ onHand: before.onHand - 3 });
    const sale = (await t.call('GET', api('/movements?sku=B&location=S1'))).body.items.at(-1);
    expect(sale).toMatchObject({
      type: 'issue',
      from: 'S1',
      to: '@customer',
      quantity: 2,
      reference: 'channel:pos-s1:R-2',
    });
  });
});
