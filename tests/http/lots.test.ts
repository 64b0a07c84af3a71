import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop, stockOf } from '../helpers/fixtures.js';
import { sweepExpiryAlerts } from '../../core/services/alerts/expiry-alerts.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/** Lot-tracked items: receipts with lots, FEFO picking, expiry refusals, trace. The clock starts on 2026-11-01. */
let t: TestApp;
const DAY = 86_400_000;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  const milk = await t.call('POST', api('/items'), {
    sku: 'MILK',
    name: '鲜牛奶 1L',
    lotTracked: true,
    barcodes: [{ code: 'MILK-CASE', multiplier: 6 }],
  });
  expect(milk.body).toMatchObject({ sku: 'MILK', lotTracked: true });
});
afterAll(() => t.cleanup());

const lotsOf = (m: { lots?: Array<{ lot: string; quantity: number }> }) =>
  (m.lots ?? []).map((l) => [l.lot, l.quantity]);

describe('lots and expiry', () => {
  it('receives lots with their expiry, and refuses receipts without one', async () => {
    const missing = await post(t, { type: 'receipt', sku: 'MILK', quantity: 5, location: 'S1' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.details[0]).toMatchObject({ path: 'lot', code: 'lot_required' });
    const noExpiry = await post(t, {
      type: 'receipt',
      sku: 'MILK',
      quantity: 5,
      location: 'S1',
      lot: 'L9',
    });
    expect(noExpiry.body.error.details[0]).toMatchObject({
      path: 'expiresOn',
      code: 'lot_required',
    });

    // Received out of expiry order on purpose.
    for (const [lot, expiresOn] of [
      ['L3', '2026-12-01'],
      ['L1', '2026-11-10'],
      ['L2', '2026-11-20'],
    ]) {
      const res = await post(t, {
        type: 'receipt',
        sku: 'MILK',
        quantity: 5,
        location: 'S1',
        lot,
        expiresOn,
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
      expect(res.body.lots).toEqual([{ lot, expiresOn, quantity: 5 }]);
    }
    const mismatch = await post(t, {
      type: 'receipt',
      sku: 'MILK',
      quantity: 1,
      location: 'S1',
      lot: 'L1',
      expiresOn: '2027-01-01',
    });
    expect(mismatch.body.error.details[0]).toMatchObject({
      code: 'lot_expiry_mismatch',
      params: { expiresOn: '2026-11-10' },
    });
    expect(
      (await post(t, { type: 'receipt', sku: 'A', quantity: 1, location: 'S1', lot: 'X' })).body
        .error.details[0].code,
    ).toBe('item_not_lot_tracked');
    expect(await stockOf(t, 'S1', 'MILK')).toMatchObject({ onHand: 15 });
  });

  it('issues first-expiry-first-out across three lots, unless a lot is named', async () => {
    const fefo = await post(t, { type: 'issue', sku: 'MILK', quantity: 8, location: 'S1' });
    expect(lotsOf(fefo.body)).toEqual([
      ['L1', 5],
      ['L2', 3],
    ]);
    const named = await post(t, {
      type: 'issue',
      sku: 'MILK',
      quantity: 2,
      location: 'S1',
      lot: 'L3',
    });
    expect(lotsOf(named.body)).toEqual([['L3', 2]]);
    const tooMuch = await post(t, {
      type: 'issue',
      sku: 'MILK',
      quantity: 3,
      location: 'S1',
      lot: 'L2',
    });
    expect(tooMuch.body.error).toMatchObject({
      code: 'insufficient_stock',
      details: { lot: 'L2', available: 2 },
    });
    const lots = await t.call('GET', api('/lots?sku=MILK&location=S1'));
    expect(lots.body.items.map((l: { lot: string; onHand: number }) => [l.lot, l.onHand])).toEqual([
      ['L2', 2],
      ['L3', 3],
    ]);
  });

  it('refuses to issue an expired lot (409 lot_expired) but scraps it', async () => {
    t.clock.now = Date.parse('2026-11-21T09:00:00Z'); // L2 expired yesterday
    const named = await post(t, {
      type: 'issue',
      sku: 'MILK',
      quantity: 1,
      location: 'S1',
      lot: 'L2',
    });
    expect(named.status).toBe(409);
    expect(named.body.error).toMatchObject({
      code: 'lot_expired',
      details: { lot: 'L2', expiresOn: '2026-11-20' },
    });
    expect(named.body.error.message).toContain('expired');
    const zh = await t.call(
      'POST',
      api('/movements'),
      { type: 'issue', sku: 'MILK', quantity: 1, location: 'S1', lot: 'L2' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.message).toContain('已过期');
    // Without a lot named, FEFO skips the expired lot.
    expect(
      lotsOf((await post(t, { type: 'issue', sku: 'MILK', quantity: 1, location: 'S1' })).body),
    ).toEqual([['L3', 1]]);
    // Asking for more than the good lots hold, when expired stock would cover it: lot_expired, nothing posted.
    const short = await post(t, { type: 'issue', sku: 'MILK', quantity: 4, location: 'S1' });
    expect(short.body.error).toMatchObject({
      code: 'lot_expired',
      details: { lot: 'L2', usable: 2 },
    });
    expect(await stockOf(t, 'S1', 'MILK')).toMatchObject({ onHand: 4 });

    // Expired stock is on hand but not available, in every stock read.
    expect(await stockOf(t, 'S1', 'MILK')).toMatchObject({
      onHand: 4,
      reserved: 0,
      expired: 2,
      available: 2,
    });
    const listed = (await t.call('GET', api('/stock?sku=MILK'))).body.items.find(
      (r: { location: string }) => r.location === 'S1',
    );
    expect(listed).toMatchObject({ onHand: 4, expired: 2, available: 2 });
    const query = await t.call('POST', api('/stock/query'), {
      lines: [{ sku: 'MILK', location: 'S1' }, { sku: 'MILK' }],
    });
    expect(query.body.items.map((f: { available: number }) => f.available)).toEqual([2, 2]);
    // A hold cannot promise expired stock either.
    const hold = await t.call('POST', api('/reservations'), {
      sku: 'MILK',
      location: 'S1',
      quantity: 3,
    });
    expect(hold.status).toBe(409);
    expect(hold.body.error).toMatchObject({
      code: 'lot_expired',
      details: { lot: 'L2', usable: 2 },
    });
    const fits = await t.call('POST', api('/reservations'), {
      sku: 'MILK',
      location: 'S1',
      quantity: 2,
    });
    expect(fits.status).toBe(201);
    expect((await t.call('POST', api(`/reservations/${fits.body.id}/release`), {})).status).toBe(
      200,
    );

    const scrapped = await post(t, {
      type: 'scrap',
      sku: 'MILK',
      quantity: 2,
      location: 'S1',
      lot: 'L2',
      reason: 'expired',
    });
    expect(scrapped.status).toBe(201);
    expect(lotsOf(scrapped.body)).toEqual([['L2', 2]]);
    expect(await stockOf(t, 'S1', 'MILK')).toMatchObject({ onHand: 2 });
  });

  it('ships transfers FEFO and receives the same lots; reversals and holds keep lots straight', async () => {
    await post(t, {
      type: 'receipt',
      barcode: 'MILK-CASE',
      quantity: 2,
      location: 'W1',
      lot: 'L4',
      expiresOn: '2026-12-20',
    });
    await post(t, {
      type: 'receipt',
      sku: 'MILK',
      quantity: 4,
      location: 'W1',
      lot: 'L5',
      expiresOn: '2026-12-05',
    });
    const transfer = await t.call('POST', api('/transfers'), {
      from: 'W1',
      to: 'S2',
      lines: [{ sku: 'MILK', quantity: 10 }],
    });
    expect(transfer.body.status).toBe('approved');
    await t.call('POST', api(`/transfers/${transfer.body.id}/ship`), {});
    const received = await t.call('POST', api(`/transfers/${transfer.body.id}/receive`), {
      lines: [{ sku: 'MILK', quantity: 7 }],
    });
    expect(received.status, JSON.stringify(received.body)).toBe(200);
    await t.call('POST', api(`/transfers/${transfer.body.id}/close`), { reason: 'damaged' });
    const s2 = await t.call('GET', api('/lots?location=S2'));
    expect(s2.body.items.map((l: { lot: string; onHand: number }) => [l.lot, l.onHand])).toEqual([
      ['L5', 4],
      ['L4', 3],
    ]);

    // A hold shipped through a reservation commit takes the soonest lot too.
    const hold = await t.call('POST', api('/reservations'), {
      sku: 'MILK',
      location: 'S2',
      quantity: 5,
    });
    const committed = await t.call('POST', api(`/reservations/${hold.body.id}/commit`), {});
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    const issue = (await t.call('GET', api('/movements?sku=MILK&location=S2'))).body.items.at(-1);
    expect(lotsOf(issue)).toEqual([
      ['L5', 4],
      ['L4', 1],
    ]);
    // Reversing the issue puts the same lots back.
    const reversal = await t.call('POST', api(`/movements/${issue.id}/reverse`), {
      reason: 'wrong shelf',
    });
    expect(lotsOf(reversal.body)).toEqual([
      ['L5', 4],
      ['L4', 1],
    ]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('traces a lot through every movement, and says where it is now', async () => {
    const trace = await t.call('GET', api('/lots/L4/trace'));
    expect(trace.status).toBe(200);
    const [lot] = trace.body.lots;
    expect(lot).toMatchObject({ sku: 'MILK', expiresOn: '2026-12-20', expired: false });
    expect(
      lot.movements.map((m: { type: string; from: string; to: string; quantity: number }) => [
        m.type,
        m.from,
        m.to,
        m.quantity,
      ]),
    ).toEqual([
      ['receipt', '@supplier', 'W1', 12],
      ['transfer_out', 'W1', '@transit', 6],
      ['transfer_in', '@transit', 'S2', 3],
      ['transfer_loss', '@transit', '@adjustment', 3],
      ['issue', 'S2', '@customer', 1],
      ['reversal', '@customer', 'S2', 1],
    ]);
    expect(lot.balances).toEqual([
      { location: 'S2', onHand: 3 },
      { location: 'W1', onHand: 6 },
    ]);
    expect((await t.call('GET', api('/lots/NOPE/trace'))).status).toBe(404);
  });

  it('posts stocktake differences into lots: shortages oldest first, surpluses to the latest lot', async () => {
    const s = await t.call('POST', api('/stocktakes'), { location: 'W1', skus: ['MILK'] });
    await t.call('POST', api(`/stocktakes/${s.body.id}/counts`), {
      lines: [{ sku: 'MILK', quantity: 4, mode: 'set' }],
    });
    await t.call('POST', api(`/stocktakes/${s.body.id}/submit`), {});
    const posted = await t.call('POST', api(`/stocktakes/${s.body.id}/post`), {});
    expect(posted.body.status).toBe('posted');
    expect(
      (await t.call('GET', api('/lots?location=W1'))).body.items.map(
        (l: { lot: string; onHand: number }) => [l.lot, l.onHand],
      ),
    ).toEqual([['L4', 4]]);
    const more = await t.call('POST', api('/stocktakes'), { location: 'W1', skus: ['MILK'] });
    await t.call('POST', api(`/stocktakes/${more.body.id}/counts`), {
      lines: [{ sku: 'MILK', quantity: 6, mode: 'set' }],
    });
    await t.call('POST', api(`/stocktakes/${more.body.id}/submit`), {});
    await t.call('POST', api(`/stocktakes/${more.body.id}/post`), {});
    expect(
      (await t.call('GET', api('/lots?location=W1'))).body.items.map(
        (l: { lot: string; onHand: number }) => [l.lot, l.onHand],
      ),
    ).toEqual([['L4', 6]]);
    expect(
      (await t.call('POST', api('/items/MILK/merge'), { into: 'A' })).body.error,
    ).toMatchObject({ code: 'invalid_state', details: { sku: 'MILK' } });
    expect((await t.verify()).ok).toBe(true);
  });

  it('receives purchase orders in lots', async () => {
    const supplier = await t.call('POST', api('/suppliers'), { name: 'Dairy' });
    const po = await t.call('POST', api('/purchase-orders'), {
      supplier: supplier.body.id,
      location: 'S1',
      lines: [{ sku: 'MILK', quantity: 10, unitCost: 5 }],
    });
    const noLot = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: [{ sku: 'MILK', quantity: 10 }],
    });
    expect(noLot.body.error.details[0]).toMatchObject({ code: 'lot_required' });
    const res = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: [
        { sku: 'MILK', quantity: 6, lot: 'P1', expiresOn: '2026-12-24' },
        { sku: 'MILK', quantity: 4, lot: 'P2', expiresOn: '2026-12-31' },
      ],
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toMatchObject({ status: 'received', lines: [{ sku: 'MILK', received: 10 }] });
    const s1 = await t.call('GET', api('/lots?location=S1&expiringWithinDays=35'));
    expect(
      s1.body.items.map((l: { lot: string; onHand: number; daysToExpiry: number }) => [
        l.lot,
        l.onHand,
        l.daysToExpiry,
      ]),
    ).toEqual([
      ['L3', 2, 10],
      ['P1', 6, 33],
    ]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('opens an expiring alert for lots within the rule, and resolves it when they are gone', async () => {
    expect(
      (await t.call('PUT', api('/alert-rules'), { rules: [{ sku: 'MILK', expiryDays: 7 }] }))
        .status,
    ).toBe(200);
    // 2026-11-21: the soonest lot (L3 at S1) expires on 12-01, more than 7 days away.
    expect(await sweepExpiryAlerts(t.database, t.clock.now)).toEqual({ opened: 0, resolved: 0 });
    t.clock.now += 4 * DAY; // 11-25: L3 is 6 days from expiry
    expect(await sweepExpiryAlerts(t.database, t.clock.now)).toEqual({ opened: 1, resolved: 0 });
    expect(await sweepExpiryAlerts(t.database, t.clock.now)).toEqual({ opened: 0, resolved: 0 });
    const alerts = await t.call('GET', api('/alerts?kind=expiring'));
    expect(alerts.body.items).toEqual([
      expect.objectContaining({
        kind: 'expiring',
        sku: 'MILK',
        location: 'S1',
        status: 'open',
        details: expect.objectContaining({
          earliest: '2026-12-01',
          lots: [{ lot: 'L3', expiresOn: '2026-12-01', onHand: 2 }],
        }),
      }),
    ]);
    // Selling the two units of L3 (first expiry, first out) leaves nothing expiring at S1.
    expect(
      lotsOf((await post(t, { type: 'issue', sku: 'MILK', quantity: 2, location: 'S1' })).body),
    ).toEqual([['L3', 2]]);
    expect(await sweepExpiryAlerts(t.database, t.clock.now)).toEqual({ opened: 0, resolved: 1 });
    const outbox = await t.database.client.execute(
      `SELECT topic FROM outbox WHERE payload LIKE '%"kind":"expiring"%' ORDER BY id`,
    );
    expect(outbox.rows.map((r) => r['topic'])).toEqual(['alert.opened', 'alert.resolved']);
  });
});

describe('expired is not "expiring soon"', () => {
  it('an expired lot raises `expired`, naming the lot, its date and quantity, until it is scrapped', async () => {
    const e = await testApp();
    try {
      await seedShop(e);
      await e.call('POST', api('/items'), { sku: 'YOG', name: '酸奶', lotTracked: true });
      await e.call('PUT', api('/alert-rules'), { rules: [{ sku: 'YOG', expiryDays: 3 }] });
      await post(e, {
        type: 'receipt',
        sku: 'YOG',
        quantity: 4,
        location: 'S1',
        lot: 'Y1',
        expiresOn: '2026-11-03',
      });
      await post(e, {
        type: 'receipt',
        sku: 'YOG',
        quantity: 6,
        location: 'S1',
        lot: 'Y2',
        expiresOn: '2026-11-30',
      });
      const open = async () =>
        (
          (await e.call('GET', api('/alerts'))).body.items as Array<{
            sku: string;
            kind: string;
            status: string;
            details: Record<string, unknown>;
          }>
        )
          .filter((a) => a.sku === 'YOG' && a.status !== 'resolved')
          .map((a) => [a.kind, a.details['lots']]);
      expect(await sweepExpiryAlerts(e.database, e.clock.now)).toEqual({ opened: 1, resolved: 0 });
      expect(await open()).toEqual([
        ['expiring', [{ lot: 'Y1', expiresOn: '2026-11-03', onHand: 4 }]],
      ]);

      e.clock.now += 3 * DAY; // 11-04: Y1 is past its date
      expect(await sweepExpiryAlerts(e.database, e.clock.now)).toEqual({ opened: 1, resolved: 1 });
      expect(await open()).toEqual([
        ['expired', [{ lot: 'Y1', expiresOn: '2026-11-03', onHand: 4 }]],
      ]);
      const messages = await e.database.client.execute(
        `SELECT payload FROM outbox WHERE topic = 'alert.opened' AND payload LIKE '%"kind":"expired"%'`,
      );
      const { eventLine } = await import('../../core/i18n/event-messages.js');
      const payload = JSON.parse(String(messages.rows[0]!['payload']));
      expect(eventLine('alert.opened', payload, 'zh-CN')).toBe(
        '🚫 已过期，不能销售：S1 的 酸奶：批次 Y1 共 4，2026-11-03 到期；请报废处理',
      );
      expect(eventLine('alert.opened', payload, 'en')).toBe(
        '🚫 Expired, cannot be sold: 酸奶 at S1: lot Y1, 4 expiring 2026-11-03; scrap it',
      );

      expect(
        (await post(e, { type: 'scrap', sku: 'YOG', quantity: 4, location: 'S1', lot: 'Y1' }))
          .status,
      ).toBe(201);
      expect(await sweepExpiryAlerts(e.database, e.clock.now)).toEqual({ opened: 0, resolved: 1 });
      expect(await open()).toEqual([]);
      expect((await e.verify()).ok).toBe(true);
    } finally {
      await e.cleanup();
    }
  });
});
