import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderCard } from '../../bot/src/cards.js';
import { DAY_MS } from '../../core/domain/alerts.js';
import { forecastCover } from '../../core/domain/forecast-cover.js';
import type { ServiceContext } from '../../core/services/context.js';
import { loadForecasts } from '../../core/services/forecasts/load-forecasts.js';
import { refreshForecasts } from '../../core/services/forecasts/refresh-forecasts.js';
import { publishWeeklyDigest } from '../../core/services/suggestions/weekly-digest.js';
import { eventLine } from '../../core/i18n/event-messages.js';
import { POLICIES, type Shop } from '../../scripts/simulate/policies.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Purchase and transfer suggestions from the stored forecast, through HTTP on a real
 * temp-file database. TEA sells a growing amount (5 a day, half a unit more each day,
 * for 90 days), so its forecast is well above its 28-day velocity, which lags the
 * trend. COFFEE has sold for 10 days only: too short to forecast, so velocity. SUGAR
 * has never sold: its rule's min/max. S1 and S2 sell the same.
 */
let t: TestApp;
const FIRST = Date.parse('2026-06-01T00:00:00Z') / DAY_MS;
const DAYS = 90;
const tea = (day: number) => Math.round(5 + 0.5 * day);
const coffee = (day: number) => (day >= DAYS - 10 ? 3 : 0);
const at = (day: number, hour: number) => (FIRST + day) * DAY_MS + hour * 3_600_000;
const iso = (day: number, hour: number) => new Date(at(day, hour)).toISOString();
const sum = (f: (day: number) => number) =>
  Array.from({ length: DAYS }, (_, d) => f(d)).reduce((a, b) => a + b, 0);
const TEA_LEFT = 100;

type Suggestion = {
  sku: string;
  quantity: number;
  action: string;
  figures: Record<string, number | string | null>;
};
const suggest = async (query: string) => {
  const res = await t.call('GET', api(`/suggestions/purchase?${query}`));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.items as Suggestion[];
};
const bySku = (items: Suggestion[], sku: string) => items.find((s) => s.sku === sku);

beforeAll(async () => {
  t = await testApp();
  t.clock.now = at(0, 6);
  for (const code of ['S1', 'S2'])
    await t.call('POST', api('/locations'), { code, name: code, kind: 'store' });
  for (const [sku, name] of [
    ['TEA', 'Tea'],
    ['COFFEE', 'Coffee'],
    ['SUGAR', 'Sugar'],
  ])
    await t.call('POST', api('/items'), { sku, name });
  await t.call('POST', api('/suppliers'), { name: 'Tea Co', leadTimeDays: 7, packSize: 6 });
  for (const location of ['S1', 'S2']) {
    const lines = [
      { sku: 'TEA', quantity: sum(tea) + TEA_LEFT, unitCost: 2 },
      { sku: 'COFFEE', quantity: sum(coffee) + 5, unitCost: 3 },
    ];
    const po = await t.call('POST', api('/purchase-orders'), {
      supplier: 'Tea Co',
      location,
      lines,
    });
    expect(po.status).toBe(201);
    const received = await t.call('POST', api(`/purchase-orders/${po.body.id}/receive`), {
      lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    });
    expect(received.status).toBe(200);
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'SUGAR',
      quantity: 5,
      location,
    });
  }
  await t.call('PUT', api('/alert-rules'), {
    rules: ['S1', 'S2'].map((location) => ({ sku: 'SUGAR', location, min: 10, max: 40 })),
  });
  for (let day = 0; day < DAYS; day++) {
    t.clock.now = at(day, 12);
    const rows = ['S1', 'S2'].flatMap((location) => [
      { type: 'issue', sku: 'TEA', quantity: tea(day), location, occurredAt: iso(day, 12) },
      ...(coffee(day) > 0
        ? [
            {
              type: 'issue',
              sku: 'COFFEE',
              quantity: coffee(day),
              location,
              occurredAt: iso(day, 12),
            },
          ]
        : []),
    ]);
    const res = await t.call('POST', api('/movements/batch'), { rows });
    expect(res.status).toBe(200);
  }
  await t.database.drain();
  // The morning after the last day: the worker brings the models up to yesterday.
  t.clock.now = at(DAYS, 8);
  await refreshForecasts(t.database, { now: t.clock.now });
});
afterAll(() => t.cleanup());

describe('purchase suggestions from the forecast', () => {
  it('follow the forecast, not the lagging velocity, and show the arithmetic', async () => {
    const items = await suggest('location=S1');
    const s = bySku(items, 'TEA')!;
    const f = s.figures as unknown as Record<
      'velocity' | 'forecastPerDay' | 'forecastError' | 'z' | 'demand' | 'safetyStock',
      number
    > &
      Record<'reorderPoint' | 'needed', number> & { method: string };
    expect(f.method).toBe('forecast');
    // Velocity over the 28 days ending today (days 63–89 sold, today not yet) ≈ 41.7; the trend is higher.
    const velocity = sum((d) => (d >= DAYS - 27 ? tea(d) : 0)) / 28;
    expect(f.velocity).toBeCloseTo(velocity, 3);
    expect(f.forecastPerDay).toBeGreaterThan(f.velocity + 4);
    expect(f.forecastPerDay).toBeGreaterThan(tea(DAYS - 1) - 3);
    expect(f).toMatchObject({
      leadTimeDays: 7,
      reviewDays: 7,
      coverDays: 14,
      serviceLevel: 0.95,
      max: null,
      onOrder: 0,
      inbound: 0,
      available: TEA_LEFT,
      position: TEA_LEFT,
      packSize: 6,
    });
    expect(f.z).toBeCloseTo(1.645, 3);
    // The figures are the stored model's own: demand and error over the 14 days from today.
    const [teaItem] = (await t.database.client.execute(`SELECT id FROM items WHERE sku = 'TEA'`))
      .rows;
    const [s1] = (await t.database.client.execute(`SELECT id FROM locations WHERE code = 'S1'`))
      .rows;
    const key = `${teaItem!['id']}:${s1!['id']}`;
    const model = (await loadForecasts(t.database.client, {})).get(key)!;
    const cover = forecastCover(model, { fromDay: FIRST + DAYS, days: 14, serviceLevel: 0.95 });
    expect(f.demand).toBeCloseTo(cover.demand, 2);
    expect(f.forecastPerDay).toBeCloseTo(cover.perDay, 2);
    expect(f.forecastError).toBeCloseTo(cover.error, 2);
    expect(f.safetyStock).toBeCloseTo(cover.safetyStock, 2);
    expect(f.forecastError).toBeGreaterThan(0);
    // reorder point = demand + safety stock; need = reorder point − position; packs of 6.
    expect(f.reorderPoint).toBeCloseTo(f.demand + f.safetyStock, 2);
    expect(f.safetyStock).toBeCloseTo(f.z * f.forecastError, 2);
    expect(f.needed).toBe(Math.ceil(cover.demand + cover.safetyStock - TEA_LEFT));
    expect(s.quantity).toBe(Math.ceil(f.needed / 6) * 6);
    expect(s.action).toBe('purchase');
    // By velocity the same item would be asked for less.
    const byVelocity = bySku(await suggest('location=S1&method=velocity'), 'TEA')!;
    expect(byVelocity.figures).toMatchObject({
      method: 'velocity',
      forecastPerDay: null,
      z: null,
      safetyStock: 0,
    });
    expect(byVelocity.quantity).toBe(Math.ceil(Math.ceil(velocity * 14 - TEA_LEFT) / 6) * 6);
    expect(byVelocity.quantity).toBeLessThan(s.quantity);
  });

  it('a higher service level holds more safety stock, never less', async () => {
    const levels = [0.5, 0.8, 0.9, 0.95, 0.99, 0.999];
    const seen = [];
    for (const level of levels)
      seen.push(bySku(await suggest(`location=S1&serviceLevel=${level}`), 'TEA')!);
    expect(seen[0]!.figures).toMatchObject({ z: 0, safetyStock: 0 });
    for (let i = 1; i < seen.length; i++) {
      const [lower, higher] = [seen[i - 1]!, seen[i]!];
      expect(higher.figures['safetyStock']).toBeGreaterThan(lower.figures['safetyStock'] as number);
      expect(higher.figures['z']).toBeGreaterThan(lower.figures['z'] as number);
      expect(higher.figures['demand']).toBe(lower.figures['demand']);
      expect(higher.quantity).toBeGreaterThanOrEqual(lower.quantity);
    }
    expect(seen.at(-1)!.quantity).toBeGreaterThan(seen[0]!.quantity);
  });

  it('items with too little history fall back to velocity, then to the rule’s min/max', async () => {
    const items = await suggest('location=S1');
    // 30 sold in the last 10 days: 30 / 28 a day; 5 left of the 35 bought.
    expect(bySku(items, 'COFFEE')).toMatchObject({
      quantity: 12, // 30/28 × 14 − 5 = 10, two packs of 6
      figures: {
        method: 'velocity',
        velocity: 1.071,
        forecastPerDay: null,
        forecastError: null,
        z: null,
        serviceLevel: null,
        demand: 15,
        safetyStock: 0,
        position: 5,
        needed: 10,
      },
    });
    // Never sold, never bought: below the min of 10, up to the max of 40.
    expect(bySku(items, 'SUGAR')).toMatchObject({
      quantity: 35,
      supplier: null,
      figures: { method: 'minmax', demand: 0, safetyStock: 10, max: 40, position: 5, needed: 35 },
    });
    // method=forecast leaves out what has no forecast; minmax knows only the rule.
    expect((await suggest('location=S1&method=forecast')).map((s) => s.sku)).toEqual(['TEA']);
    expect((await suggest('location=S1&method=minmax')).map((s) => s.sku)).toEqual(['SUGAR']);
  });

  it('refuses a service level or method it does not know, naming the field', async () => {
    for (const bad of ['0.3', '1', '0.9995', 'high', '']) {
      const res = await t.call('GET', api(`/suggestions/purchase?location=S1&serviceLevel=${bad}`));
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.map((d: { path: string }) => d.path)).toEqual(['serviceLevel']);
    }
    const method = await t.call('GET', api('/suggestions/purchase?location=S1&method=magic'));
    expect(method.status).toBe(400);
    expect(method.body.error.details[0]).toMatchObject({ path: 'method', code: 'invalid_value' });
    expect(method.body.error.details[0].message).toBe(
      'method: must be one of: auto, forecast, velocity, minmax',
    );
    const order = await t.call('POST', api('/suggestions/purchase/orders'), {
      location: 'S2',
      serviceLevel: 2,
    });
    expect(order.status).toBe(400);
    expect(order.body.error.details[0]).toMatchObject({ path: 'serviceLevel', code: 'too_big' });
    const transfers = await t.call('GET', api('/suggestions/transfers?method=minmax'));
    expect(transfers.status).toBe(400);
    expect(transfers.body.error.details[0].path).toBe('method');
  });

  it('the weekly digest says what measured each line, in words, in both languages', async () => {
    const suggested = await suggest('location=S1');
    expect(await publishWeeklyDigest(t.database, { now: t.clock.now })).toBe(2);
    const { rows } = await t.database.client.execute(
      `SELECT payload FROM outbox WHERE topic = 'suggestions.weekly' ORDER BY id`,
    );
    const s1 = JSON.parse(String(rows[0]!['payload']));
    expect(s1.location).toBe('S1');
    expect(s1.lines).toEqual(
      suggested.map((s) => ({
        sku: s.sku,
        quantity: s.quantity,
        supplier: s.sku === 'SUGAR' ? null : 'Tea Co',
        method: s.figures['method'],
      })),
    );
    const q = (sku: string) => bySku(suggested, sku)!.quantity;
    const zh = eventLine('suggestions.weekly', s1, 'zh-CN');
    expect(zh).toBe(
      `🛒 本周 S1 建议采购：3 种商品，共 ${q('COFFEE') + q('SUGAR') + q('TEA')} 件：Coffee × ${q('COFFEE')}（按近期销量），Sugar × ${q('SUGAR')}（按上下限），Tea × ${q('TEA')}（按预测）`,
    );
    expect(eventLine('suggestions.weekly', s1, 'en')).toContain(
      `Coffee × ${q('COFFEE')} (recent sales), Sugar × ${q('SUGAR')} (min/max rule), Tea × ${q('TEA')} (forecast)`,
    );
    const card = orderCard(s1, 'zh-CN');
    const texts = JSON.stringify(card);
    expect(texts).not.toMatch(/velocity|minmax|forecast"/);
    const table = card.body[2] as { rows: Array<{ cells: Array<{ items: [{ text: string }] }> }> };
    expect(table.rows.map((r) => r.cells.map((c) => c.items[0].text))).toEqual([
      ['商品', '数量', '供应商', '依据'],
      ['COFFEE', String(q('COFFEE')), 'Tea Co', '按近期销量'],
      ['SUGAR', String(q('SUGAR')), '尚未采购过', '按上下限'],
      ['TEA', String(q('TEA')), 'Tea Co', '按预测'],
    ]);
  });

  it('POST /suggestions/purchase/orders drafts what the forecast suggests, at the service level asked', async () => {
    const suggested = await suggest('location=S2&serviceLevel=0.99');
    const res = await t.call('POST', api('/suggestions/purchase/orders'), {
      location: 'S2',
      serviceLevel: 0.99,
    });
    expect(res.status).toBe(201);
    expect(res.body.skipped).toEqual([{ sku: 'SUGAR', reason: 'no_supplier_yet' }]);
    expect(
      res.body.orders.flatMap((o: { lines: Array<{ sku: string; quantity: number }> }) =>
        o.lines.map((l) => [l.sku, l.quantity]),
      ),
    ).toEqual(suggested.filter((s) => s.sku !== 'SUGAR').map((s) => [s.sku, s.quantity]));
    // The draft is on order: nothing more to buy of it.
    expect((await suggest('location=S2&serviceLevel=0.99')).map((s) => s.sku)).toEqual(['SUGAR']);
  });
});

describe("the replay's forecast policy", () => {
  it('orders what GET /suggestions/purchase suggests on the same ledger: the same service', async () => {
    const suggested = await suggest(
      'location=S1&windowDays=28&leadTimeDays=7&reviewDays=1&serviceLevel=0.97',
    );
    expect(bySku(suggested, 'TEA')!.figures['method']).toBe('forecast');
    const ctx: ServiceContext = {
      database: t.database,
      actor: { id: 1, name: 'admin', role: 'admin', locationIds: null },
      requestId: 'simulate',
      client: 'api',
      now: () => t.clock.now,
    };
    const shop = {
      demand: { firstDay: FIRST, days: DAYS, series: [] },
      supplierId: 1,
      stores: ['S1'],
      options: { leadTimeDays: 7, reviewDays: 1, serviceLevel: 0.97, scale: 1, historyDays: 90 },
    } as unknown as Shop;
    const placed = await t.database.write((tx) => POLICIES.forecast.order({ ...ctx, tx }, shop));
    expect(placed.map((po) => po.status)).toEqual(['approved']);
    expect(placed.flatMap((po) => po.lines.map((l) => [l.sku, l.quantity]))).toEqual(
      suggested.filter((s) => s.sku !== 'SUGAR').map((s) => [s.sku, s.quantity]),
    );
    // Now on order: the next evening's suggestions (and the policy) ask for none of them.
    expect((await suggest('location=S1&reviewDays=1')).map((s) => s.sku)).toEqual(['SUGAR']);
  });
});

describe('transfer suggestions from the forecast', () => {
  it('weigh a store’s cover by its forecast', async () => {
    await t.call('POST', api('/locations'), { code: 'W1', name: 'Warehouse', kind: 'warehouse' });
    await t.call('POST', api('/movements'), {
      type: 'receipt',
      sku: 'TEA',
      quantity: 5000,
      location: 'W1',
    });
    const res = await t.call('GET', api('/suggestions/transfers?targetDays=14&leadTimeDays=2'));
    expect(res.status).toBe(200);
    const toS2 = res.body.items.find(
      (m: { sku: string; to: { location: string } }) => m.sku === 'TEA' && m.to.location === 'S2',
    );
    expect(toS2.from).toMatchObject({ location: 'W1', method: 'velocity', demandPerDay: 0 });
    expect(toS2.to.method).toBe('forecast');
    expect(toS2.to.demandPerDay).toBe(toS2.to.forecastPerDay);
    expect(toS2.to.forecastPerDay).toBeGreaterThan(toS2.to.velocity + 4);
    // S2 has a draft on order but nothing arriving by transfer: it needs ⌈rate × 14⌉ − 100.
    expect(toS2.quantity).toBeGreaterThanOrEqual(Math.ceil(toS2.to.forecastPerDay * 14) - 101);
    expect(toS2.quantity).toBeLessThanOrEqual(Math.ceil(toS2.to.forecastPerDay * 14) - 99);
    const byVelocity = await t.call('GET', api('/suggestions/transfers?method=velocity'));
    const v = byVelocity.body.items.find(
      (m: { sku: string; to: { location: string } }) => m.sku === 'TEA' && m.to.location === 'S2',
    );
    expect(v.to).toMatchObject({ method: 'velocity', forecastPerDay: null });
    expect(v.quantity).toBeLessThan(toS2.quantity);
  });
});
