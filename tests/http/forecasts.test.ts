import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS } from '../../core/domain/alerts.js';
import { refreshForecasts } from '../../core/services/forecasts/refresh-forecasts.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * The forecast next to actual demand, as the add-in's chart reads it: ten weeks of
 * sales of one item with a weekly pattern and a stock-out at the end (refused sales).
 */
let t: TestApp;
const FIRST = Date.parse('2026-08-03T00:00:00Z') / DAY_MS; // a Monday
const WEEK = [60, 30, 35, 35, 40, 45, 55]; // Sunday first
const demandOf = (day: number) => WEEK[new Date((FIRST + day) * DAY_MS).getUTCDay()]!;
const iso = (day: number, hour = 12) =>
  new Date((FIRST + day) * DAY_MS + hour * 3_600_000).toISOString();

beforeAll(async () => {
  t = await testApp();
  await t.call('POST', api('/locations'), { code: 'S1', name: 'Store', kind: 'store' });
  await t.call('POST', api('/items'), { sku: 'TEA', name: 'Tea' });
  const sold = Array.from({ length: 63 }, (_, day) => demandOf(day)).reduce((a, b) => a + b, 0);
  await t.call('POST', api('/movements'), {
    type: 'receipt',
    sku: 'TEA',
    quantity: sold,
    location: 'S1',
    occurredAt: iso(0, 6),
  });
  // 63 days sold in full, then 7 days refused: the shelf is empty.
  for (let day = 0; day < 70; day++) {
    t.clock.now = Date.parse(iso(day));
    const res = await t.call('POST', api('/movements'), {
      type: 'issue',
      sku: 'TEA',
      quantity: demandOf(day),
      location: 'S1',
      occurredAt: iso(day),
    });
    expect(res.status).toBe(day < 63 ? 201 : 409);
  }
  await t.database.drain();
  t.clock.now = (FIRST + 70) * DAY_MS + 10 * 3_600_000;
});
afterAll(() => t.cleanup());

describe('GET /forecasts/{location}/{sku}', () => {
  it('before the worker ran: demand and what the forecast said, but no model and nothing ahead', async () => {
    const res = await t.call('GET', api('/forecasts/S1/TEA?days=14&ahead=7'));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ sku: 'TEA', location: 'S1', model: null, ahead: [] });
    expect(res.body.days).toHaveLength(14);
  });

  it('after it: the model, each day sold / refused / demand next to the forecast, and the days ahead', async () => {
    await refreshForecasts(t.database, { now: t.clock.now });
    const res = await t.call('GET', api('/forecasts/S1/TEA?days=21&ahead=7'));
    expect(res.status).toBe(200);
    const { model, days, ahead } = res.body;
    expect(model).toMatchObject({
      fittedThrough: new Date((FIRST + 69) * DAY_MS).toISOString().slice(0, 10),
      yearlyProfile: false,
    });
    const mean = WEEK.reduce((a, b) => a + b, 0) / 7;
    expect(Math.abs(model.perDay / mean - 1)).toBeLessThan(0.05);
    WEEK.forEach((w, day) =>
      expect(Math.abs(model.weeklyProfile[day] / (w / mean) - 1)).toBeLessThan(0.05),
    );
    // 21 days ending today: 13 sold in full, 7 refused, and today with nothing yet.
    expect(days).toHaveLength(21);
    expect(days.at(-1)).toMatchObject({
      date: new Date((FIRST + 70) * DAY_MS).toISOString().slice(0, 10),
      sold: 0,
      refused: 0,
      demand: 0,
    });
    for (const [i, d] of days.slice(0, 20).entries()) {
      const day = 50 + i;
      expect(d).toMatchObject(
        day < 63
          ? { sold: demandOf(day), refused: 0, demand: demandOf(day) }
          : { sold: 0, refused: demandOf(day), demand: demandOf(day) },
      );
      // Refused days are demand: the forecast keeps following the pattern through the stock-out.
      expect(Math.abs(d.forecast / demandOf(day) - 1), `day ${day}`).toBeLessThan(0.1);
    }
    expect(ahead).toHaveLength(7);
    for (const a of ahead)
      expect(
        Math.abs(a.forecast / demandOf(Math.round(Date.parse(a.date) / DAY_MS) - FIRST) - 1),
      ).toBeLessThan(0.1);
  });

  it('answers 404 for an item or location it does not know, and 400 for a virtual location', async () => {
    expect((await t.call('GET', api('/forecasts/S1/NOPE'))).body.error.code).toBe('not_found');
    expect((await t.call('GET', api('/forecasts/S9/TEA'))).body.error.code).toBe('not_found');
    const virtual = await t.call('GET', api('/forecasts/@customer/TEA'));
    expect(virtual.status).toBe(400);
    expect((await t.call('GET', api('/forecasts/S1/TEA?days=0'))).status).toBe(400);
  });
});
