import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { createApp } from '../../core/http/app.js';
import { rebuildDays } from '../../core/services/settings/rebuild-days.js';
import { recomputedDays, storedDays } from '../helpers/days.js';
import { post, seedShop } from '../helpers/fixtures.js';
import {
  ADMIN_TOKEN,
  api,
  checkedAgainstContract,
  testApp,
  type TestApp,
} from '../helpers/test-app.js';

let t: TestApp;
let clerk: string;
let manager: string;

beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
  clerk = await t.user('li', 'clerk', ['S1']);
  manager = await t.user('wang', 'manager');
});
afterAll(() => t.cleanup());

const settings = async () => (await t.call('GET', api('/settings'))).body;
const put = (body: unknown, options = {}) => t.call('PUT', api('/settings'), body, options);

describe('the shop settings', () => {
  it('start from TZ (unset here: UTC) and CNY, for anyone signed in', async () => {
    const read = await t.call('GET', api('/settings'), undefined, { token: clerk });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      timeZone: 'UTC',
      currency: 'CNY',
      skuCaseInsensitive: false,
      version: 1,
      // Nobody changed the defaults: no change time (and the same database built twice is the same).
      updatedAt: null,
    });
    expect((await t.call('GET', api('/settings'), undefined, { token: null })).status).toBe(401);
  });

  it('are changed by admins only', async () => {
    for (const token of [clerk, manager]) {
      const res = await put({ version: 1, currency: 'USD' }, { token });
      expect(res.status).toBe(403);
      expect(res.body.error).toMatchObject({
        code: 'forbidden',
        details: { reason: 'admin_only' },
      });
    }
    expect((await settings()).currency).toBe('CNY');
  });

  it('refuse an unknown zone and currency together, naming each field with an example', async () => {
    const res = await put(
      { version: 1, timeZone: 'Asia/Beijing', currency: 'RMB' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('validation_failed');
    expect(
      res.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['timeZone', 'unknown_time_zone'],
      ['currency', 'unknown_currency'],
    ]);
    expect(res.body.error.details[0].message).toBe(
      'timeZone: “Asia/Beijing”不是有效的时区；请填写 IANA 时区名称，例如“Asia/Shanghai”',
    );
    expect(res.body.error.details[1].message).toContain('CNY');
    const en = await put({ version: 1, timeZone: '+08:00' });
    expect(en.body.error.details[0].message).toBe(
      'timeZone: "+08:00" is not a time zone; give an IANA time zone name, e.g. "Asia/Shanghai"',
    );
    // Not a string at all is the schema's own refusal.
    expect((await put({ version: 1, skuCaseInsensitive: 'yes' })).status).toBe(400);
    expect((await settings()).version).toBe(1);
  });

  it('change in part, with the version read, and are audited', async () => {
    const res = await put({ version: 1, currency: 'usd', skuCaseInsensitive: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      timeZone: 'UTC',
      currency: 'USD',
      skuCaseInsensitive: true,
      version: 2,
    });
    expect(res.body.days).toBeUndefined();
    expect(await settings()).toMatchObject({ currency: 'USD', version: 2 });

    const stale = await put({ version: 1, currency: 'EUR' });
    expect(stale.status).toBe(409);
    expect(stale.body.error).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'settings', reason: 'stale_version', version: 2 },
    });
    const zh = await put(
      { version: 1, currency: 'EUR' },
      { headers: { 'accept-language': 'zh-CN' } },
    );
    expect(zh.body.error.message).toContain('店铺设置');

    const audit = await t.call('GET', api('/audit?entity=settings:shop'));
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({
      action: 'settings.update',
      actor: 'admin',
      before: { currency: 'CNY', skuCaseInsensitive: false, version: 1 },
      after: { currency: 'USD', skuCaseInsensitive: true, version: 2 },
    });
    expect((await put({ version: 2, currency: 'CNY', skuCaseInsensitive: false })).status).toBe(
      200,
    );
  });

  it('are read from the database: a second process sees a change at its next request', async () => {
    const other = await openDatabase({ url: t.url });
    try {
      const app = checkedAgainstContract(createApp({ database: other, now: () => t.clock.now }));
      const read = async () =>
        (await (
          await app.request(api('/settings'), {
            headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
          })
        ).json()) as { currency: string; version: number };
      expect((await read()).currency).toBe('CNY');
      const now = await settings();
      expect((await put({ version: now.version, currency: 'HKD' })).status).toBe(200);
      expect(await read()).toMatchObject({ currency: 'HKD', version: now.version + 1 });
      expect((await put({ version: now.version + 1, currency: 'CNY' })).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe("the shop's day", () => {
  it("counts a Beijing morning's sale on its own date in the daily report and day figures", async () => {
    const now = await settings();
    const changed = await put({ version: now.version, timeZone: 'Asia/Shanghai' });
    expect(changed.status).toBe(200);
    expect(changed.body.days).toEqual({ rebuilt: true, movements: 0 });
    expect(
      (
        await post(t, {
          type: 'receipt',
          sku: 'B',
          quantity: 10,
          location: 'S2',
          occurredAt: '2026-02-20T02:00:00Z',
        })
      ).status,
    ).toBe(201);
    // 07:30 in Beijing on 2 March, 23:30 on 1 March in UTC.
    expect(
      (
        await post(t, {
          type: 'issue',
          sku: 'B',
          quantity: 2,
          location: 'S2',
          occurredAt: '2026-03-01T23:30:00Z',
        })
      ).status,
    ).toBe(201);
    const daily = await t.call('GET', api('/reports/daily?sku=B&location=S2&days=3650'));
    expect(daily.body.items).toEqual([
      { date: '2026-02-20', location: 'S2', in: 10, out: 0, sold: 0, refused: 0 },
      { date: '2026-03-02', location: 'S2', in: 0, out: 2, sold: 2, refused: 0 },
    ]);
    expect(await storedDays(t.database.client)).toEqual(
      await recomputedDays(t.database.client, 'Asia/Shanghai'),
    );
  });

  it("reads a CSV time without an offset in the shop's zone, summer time included", async () => {
    const now = await settings();
    expect((await put({ version: now.version, timeZone: 'America/New_York' })).status).toBe(200);
    await t.call('PUT', api('/channels/shop'), {
      name: 'Shop',
      kind: 'marketplace',
      locations: ['S1'],
    });
    await t.call('PUT', api('/channels/shop/listings'), {
      listings: [{ productCode: 'P-A', sku: 'A' }],
    });
    await post(t, { type: 'receipt', sku: 'A', quantity: 50, location: 'S1' });
    const mapping = await t.call('PUT', api('/channels/shop/csv-mapping'), {
      orderId: 'order',
      productCode: 'product',
      quantity: 'qty',
      time: 'paid at',
    });
    expect(mapping.status, JSON.stringify(mapping.body)).toBe(200);
    const csv = [
      'order,product,qty,paid at',
      'NY-1,P-A,1,2026-07-01 09:00',
      'NY-2,P-A,1,2026-01-15 09:00',
    ].join('\n');
    const imported = await t.call('POST', api('/channels/shop/imports'), { csv });
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    const placed = async (id: string) =>
      (await t.call('GET', api(`/channels/shop/orders/${id}`))).body.placedAt;
    expect(await placed('NY-1')).toBe('2026-07-01T13:00:00.000Z'); // EDT, UTC−4
    expect(await placed('NY-2')).toBe('2026-01-15T14:00:00.000Z'); // EST, UTC−5
  });
});

describe('changing the zone later', () => {
  it('rebuilds the per-day figures from the movements, so they match a recomputation', async () => {
    let now = await settings();
    expect((await put({ version: now.version, timeZone: 'UTC' })).status).toBe(200);
    // Around Beijing's midnight (16:00 UTC) on 5 March: the same UTC day, two Beijing days.
    await post(t, {
      type: 'receipt',
      sku: 'A',
      quantity: 100,
      location: 'W1',
      occurredAt: '2026-03-05T10:00:00Z',
    });
    await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: 3,
      location: 'W1',
      occurredAt: '2026-03-05T15:30:00Z',
    });
    await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: 4,
      location: 'W1',
      occurredAt: '2026-03-05T16:30:00Z',
    });
    await post(t, {
      type: 'move',
      sku: 'A',
      quantity: 5,
      from: 'W1',
      to: 'S2',
      occurredAt: '2026-03-05T15:59:59Z',
    });
    await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: 1,
      location: 'S2',
      occurredAt: '2026-03-05T16:00:00Z',
    });
    // A refusal (counted by its instant), and a return from a customer.
    t.clock.now = Date.parse('2026-03-05T16:10:00Z');
    expect((await post(t, { type: 'issue', sku: 'A', quantity: 999, location: 'S2' })).status).toBe(
      409,
    );
    await t.database.drain();
    t.clock.now = Date.parse('2026-11-01T08:00:00Z');
    const dailyOf = async (location: string) =>
      (
        await t.call('GET', api(`/reports/daily?sku=A&location=${location}&days=3650`))
      ).body.items.filter((r: { date: string }) => r.date.startsWith('2026-03'));
    expect(await dailyOf('W1')).toEqual([
      { date: '2026-03-05', location: 'W1', in: 100, out: 12, sold: 7, refused: 0 },
    ]);
    expect(await storedDays(t.database.client)).toEqual(
      await recomputedDays(t.database.client, 'UTC'),
    );

    now = await settings();
    const changed = await put({ version: now.version, timeZone: 'Asia/Shanghai' });
    expect(changed.body).toMatchObject({
      timeZone: 'Asia/Shanghai',
      days: { rebuilt: true, movements: expect.any(Number) },
    });
    expect(await dailyOf('W1')).toEqual([
      { date: '2026-03-05', location: 'W1', in: 100, out: 8, sold: 3, refused: 0 },
      { date: '2026-03-06', location: 'W1', in: 0, out: 4, sold: 4, refused: 0 },
    ]);
    expect(await dailyOf('S2')).toEqual([
      { date: '2026-03-05', location: 'S2', in: 5, out: 0, sold: 0, refused: 0 },
      { date: '2026-03-06', location: 'S2', in: 0, out: 1, sold: 1, refused: 1 },
    ]);
    expect(await storedDays(t.database.client)).toEqual(
      await recomputedDays(t.database.client, 'Asia/Shanghai'),
    );
    // Postings from now on add to the rebuilt days the same way.
    await post(t, {
      type: 'issue',
      sku: 'A',
      quantity: 2,
      location: 'W1',
      occurredAt: '2026-03-05T17:00:00Z',
    });
    expect(await storedDays(t.database.client)).toEqual(
      await recomputedDays(t.database.client, 'Asia/Shanghai'),
    );
    expect((await t.verify()).ok).toBe(true);
  });

  it('leaves a ledger larger than the limit to the operator command, and says so', async () => {
    const result = await rebuildDays(t.database.client, 'Europe/Berlin', { limit: 2 });
    expect(result).toMatchObject({ rebuilt: false, command: 'npm run admin -- rebuild-days' });
    expect(result.movements).toBeGreaterThan(2);
    expect(await storedDays(t.database.client)).toEqual(
      await recomputedDays(t.database.client, 'Asia/Shanghai'),
    );
  });
});
