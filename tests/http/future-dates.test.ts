import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configFromEnv, DEFAULT_FUTURE_TOLERANCE_MS } from '../../core/config/server-config.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

// Issue 13: an occurredAt more than the tolerance (10 minutes by default) ahead of the
// server clock is refused (`occurred_in_future` at the field or row); backdating is allowed.
let t: TestApp;
const MINUTE = 60_000;
const at = (offsetMs: number) => new Date(t.clock.now + offsetMs).toISOString();
const future = (path: string) =>
  expect.objectContaining({
    path,
    code: 'occurred_in_future',
    params: expect.objectContaining({ tolerance: 10 }),
  });

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  await post(t, { type: 'receipt', sku: 'A', quantity: 100, location: 'S1' });
  await t.call('PUT', api('/channels/tb'), {
    name: 'Taobao',
    kind: 'marketplace',
    locations: ['S1'],
  });
  await t.call('PUT', api('/channels/tb/listings'), {
    listings: [{ productCode: 'TB-A', sku: 'A' }],
  });
});
afterAll(() => t.cleanup());

describe('occurredAt ahead of the server clock', () => {
  it('is refused on a movement beyond the tolerance, accepted within it and in the past', async () => {
    const movements = async () =>
      (await t.call('GET', api('/movements?limit=1000'))).body.items.length;
    const before = await movements();
    const ahead = await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: 1,
      location: 'S1',
      occurredAt: at(11 * MINUTE),
    });
    expect(ahead.status, JSON.stringify(ahead.body)).toBe(400);
    expect(ahead.body.error.details).toEqual([future('occurredAt')]);
    expect(ahead.body.error.details[0].message).toMatch(/^occurredAt: /);
    expect(await movements()).toBe(before);
    const zh = await t.call(
      'POST',
      api('/movements'),
      { type: 'issue', sku: 'A', quantity: 1, location: 'S1', occurredAt: at(2 * 60 * MINUTE) },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.details[0].message).toMatch(/服务器时间/);
    // A clock a few minutes fast is fine; so is a sale typed in days later.
    for (const offset of [9 * MINUTE, -3 * 24 * 60 * MINUTE]) {
      const res = await post(t, {
        type: 'issue',
        sku: 'A',
        quantity: 1,
        location: 'S1',
        occurredAt: at(offset),
      });
      expect(res.status, JSON.stringify(res.body)).toBe(201);
    }
  });

  it('is refused per row in a batch, with every other problem of the row', async () => {
    const res = await t.call('POST', api('/movements/batch'), {
      rows: [
        { type: 'issue', sku: 'A', quantity: 1, location: 'S1', occurredAt: at(-MINUTE) },
        { type: 'issue', sku: 'NOPE', quantity: 1, location: 'S1', occurredAt: at(60 * MINUTE) },
      ],
    });
    expect(res.status).toBe(409);
    const results = res.body.error.details.results;
    expect(results[0].status).toBe('valid');
    expect(results[1].error.details).toEqual(
      expect.arrayContaining([future('occurredAt'), expect.objectContaining({ path: 'sku' })]),
    );
  });

  it('is refused on a channel order placed in the future', async () => {
    const res = await t.call('POST', api('/channels/tb/orders'), {
      orderId: 'F-1',
      lines: [{ productCode: 'TB-A', quantity: 1 }],
      placedAt: at(30 * MINUTE),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body.error.details).toEqual([future('placedAt')]);
    const fine = await t.call('POST', api('/channels/tb/orders'), {
      orderId: 'F-2',
      lines: [{ productCode: 'TB-A', quantity: 1 }],
      placedAt: at(-60 * MINUTE),
    });
    expect(fine.status, JSON.stringify(fine.body)).toBe(201);
  });

  it('rejects the row of a CSV import whose time is in the future', async () => {
    await t.call('PUT', api('/channels/tb/csv-mapping'), {
      orderId: 'id',
      productCode: 'code',
      quantity: 'qty',
      status: 'status',
      time: 'time',
      timezoneOffsetMinutes: 0,
      statuses: { paid: 'paid' },
    });
    const csv = [
      'id,code,qty,status,time',
      'C-1,TB-A,1,paid,2026-11-01 07:00',
      'C-2,TB-A,1,paid,2026-11-01 09:00',
    ].join('\n');
    const res = await t.call('POST', api('/channels/tb/imports'), { csv });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.results.map((r: { status: string }) => r.status)).toEqual(['held', 'rejected']);
    expect(res.body.results[1].error.details).toEqual([future('rows.3.time')]);
  });
});

describe('the tolerance', () => {
  it('is 10 minutes unless OCCURRED_AT_TOLERANCE_MS says otherwise', () => {
    expect(DEFAULT_FUTURE_TOLERANCE_MS).toBe(10 * MINUTE);
    expect(configFromEnv({}).futureToleranceMs).toBe(10 * MINUTE);
    expect(configFromEnv({ OCCURRED_AT_TOLERANCE_MS: '0' }).futureToleranceMs).toBe(0);
    expect(configFromEnv({ OCCURRED_AT_TOLERANCE_MS: '3600000' }).futureToleranceMs).toBe(
      60 * MINUTE,
    );
  });

  it('is what the app is given', async () => {
    const strict = await testApp({ futureToleranceMs: 0 });
    try {
      await seedShop(strict);
      const res = await strict.call('POST', api('/movements'), {
        type: 'receipt',
        sku: 'A',
        quantity: 1,
        location: 'S1',
        occurredAt: new Date(strict.clock.now + 1000).toISOString(),
      });
      expect(res.status).toBe(400);
      expect(res.body.error.details[0]).toMatchObject({
        code: 'occurred_in_future',
        params: { tolerance: 0 },
      });
    } finally {
      await strict.cleanup();
    }
  });
});
