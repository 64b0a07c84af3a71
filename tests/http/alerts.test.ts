import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const rules = (list: unknown[], token?: string) =>
  t.call('PUT', api('/alert-rules'), { rules: list }, token ? { token } : {});
const alertsOf = async (query: string) =>
  (await t.call('GET', api(`/alerts?${query}`))).body.items as Array<Record<string, any>>;
const sell = (sku: string, quantity: number, location = 'S1') =>
  post(t, { type: 'issue', sku, quantity, location });
const receive = (sku: string, quantity: number, location = 'S1') =>
  post(t, { type: 'receipt', sku, quantity, location });
const events = async (topic: string) =>
  (
    await t.database.client.execute({
      sql: `SELECT payload FROM outbox WHERE topic = ? ORDER BY id`,
      args: [topic],
    })
  ).rows.map((r) => JSON.parse(String(r[0])));

describe('alert rules', () => {
  it('are set per item × location, per item, per location or by default, and validated', async () => {
    const res = await rules([
      { sku: 'A', location: 'S1', min: 10 },
      { sku: 'A', min: 3, max: 500 },
      { min: 1, outflowPercent: 80 },
    ]);
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ sku: 'A', location: 'S1', min: 10 }),
        expect.objectContaining({ sku: 'A', location: null, min: 3, max: 500 }),
        expect.objectContaining({ sku: null, location: null, min: 1, outflowPercent: 80 }),
      ]),
    );
    expect((await rules([{ sku: 'A', min: 10, max: 5 }])).status).toBe(400);
    expect((await rules([{ sku: 'NOPE', min: 1 }])).status).toBe(404);
    const clerk = await t.user('rules-clerk', 'clerk');
    expect((await rules([{ min: 1 }], clerk)).status).toBe(403);
    // The default goes again; the tests below set what they need.
    await rules([{ remove: true }]);
    expect((await t.call('GET', api('/alert-rules'))).body.items).toHaveLength(2);
  });
});

describe('below minimum', () => {
  it('opens once when available falls below min, does not flap, and resolves above min + hysteresis', async () => {
    await receive('A', 20);
    await sell('A', 9); // available 11
    expect(await alertsOf('kind=below_min')).toEqual([]);
    await sell('A', 2); // 9 < 10
    const [opened] = await alertsOf('kind=below_min&status=open');
    expect(opened).toMatchObject({
      sku: 'A',
      location: 'S1',
      status: 'open',
      details: { available: 9, min: 10, resolvesAt: 11 },
    });
    await sell('A', 1); // 8: still the same alert
    await receive('A', 2); // 10: back at min, but not above min + hysteresis
    expect(await alertsOf('kind=below_min')).toHaveLength(1);
    expect((await alertsOf('kind=below_min'))[0]!['status']).toBe('open');
    await receive('A', 1); // 11: resolved
    expect((await alertsOf('kind=below_min'))[0]).toMatchObject({
      id: opened!['id'],
      status: 'resolved',
    });
    await sell('A', 2); // 9 again: a new alert
    const all = await alertsOf('kind=below_min');
    expect(all.map((a) => a['status'])).toEqual(['resolved', 'open']);
    expect((await events('alert.opened')).filter((e) => e.kind === 'below_min')).toHaveLength(2);
    expect((await events('alert.resolved')).filter((e) => e.kind === 'below_min')).toHaveLength(1);
  });

  it('counts holds: what is reserved is not available', async () => {
    await rules([{ sku: 'B', location: 'S2', min: 5 }]);
    await receive('B', 8, 'S2');
    const hold = await t.call('POST', api('/reservations'), {
      sku: 'B',
      location: 'S2',
      quantity: 4,
    });
    expect((await alertsOf('kind=below_min&location=S2'))[0]).toMatchObject({
      sku: 'B',
      details: { available: 4 },
    });
    await t.call('POST', api(`/reservations/${hold.body.id}/release`));
    expect((await alertsOf('kind=below_min&location=S2'))[0]!['status']).toBe('resolved');
  });

  it('uses the most specific rule', async () => {
    // A at S2 falls under the item rule (min 3), not the S1 one (min 10).
    await receive('A', 5, 'S2');
    await sell('A', 1, 'S2'); // 4: fine for min 3
    expect(await alertsOf('kind=below_min&location=S2&status=open')).toEqual([]);
    await sell('A', 2, 'S2'); // 2 < 3
    expect((await alertsOf('kind=below_min&location=S2&status=open')).map((a) => a['sku'])).toEqual(
      ['A'],
    );
  });
});

describe('other alerts', () => {
  it('says when stock runs out, and when it is back', async () => {
    await t.call('POST', api('/items'), { sku: 'Z', name: 'zero' });
    await receive('Z', 3, 'W1');
    await post(t, { type: 'issue', sku: 'Z', quantity: 3, location: 'W1' });
    expect((await alertsOf('kind=zero_stock&location=W1'))[0]).toMatchObject({
      sku: 'Z',
      status: 'open',
    });
    await receive('Z', 1, 'W1');
    expect((await alertsOf('kind=zero_stock&location=W1'))[0]!['status']).toBe('resolved');
  });

  it('notices one movement taking more than half of what was on hand', async () => {
    await t.call('POST', api('/items'), { sku: 'L', name: 'large' });
    await receive('L', 100, 'W1');
    await post(t, { type: 'issue', sku: 'L', quantity: 40, location: 'W1' });
    expect(await alertsOf('kind=large_movement')).toEqual([]);
    await post(t, { type: 'move', sku: 'L', quantity: 40, from: 'W1', to: 'S2' }); // 40 of 60
    expect((await alertsOf('kind=large_movement'))[0]).toMatchObject({
      sku: 'L',
      location: 'W1',
      details: { quantity: 40, onHandBefore: 60, percent: 50 },
    });
  });

  it('counts sales refused for lack of stock in a day', async () => {
    await t.call('POST', api('/items'), { sku: 'R', name: 'refused' });
    await rules([{ sku: 'R', refusedPerDay: 2, zeroStock: false }]);
    for (let i = 0; i < 3; i++) expect((await sell('R', 1, 'S2')).status).toBe(409);
    await t.database.drain();
    expect((await alertsOf('kind=refused_postings'))[0]).toMatchObject({
      sku: 'R',
      location: 'S2',
      details: { refused: 3, limit: 2 },
    });
  });

  it('records how many units each refused sale was short: the demand stock could not meet', async () => {
    await t.call('POST', api('/items'), { sku: 'RQ', name: 'short' });
    await receive('RQ', 2, 'S2');
    const dayRow = async () =>
      (
        await t.database.client.execute(
          `SELECT d.refused, d.refused_quantity FROM balance_days d JOIN items i ON i.id = d.item_id WHERE i.sku = 'RQ'`,
        )
      ).rows[0];
    expect((await sell('RQ', 5, 'S2')).status).toBe(409); // 3 short
    const batch = await t.call('POST', api('/movements/batch'), {
      atomic: false,
      rows: [
        { type: 'issue', sku: 'RQ', quantity: 2, location: 'S2' },
        { type: 'issue', sku: 'RQ', quantity: 4, location: 'S2' }, // 4 short: the row before took the 2
        { type: 'issue', sku: 'RQ', quantity: 1, location: 'S2' },
      ],
    });
    expect(batch.body.results.map((r: { status: string }) => r.status)).toEqual([
      'posted',
      'rejected',
      'rejected',
    ]);
    // A check (dry run) is not a sale: it counts nothing.
    await t.call('POST', api('/movements/batch'), {
      dryRun: true,
      rows: [{ type: 'issue', sku: 'RQ', quantity: 9, location: 'S2' }],
    });
    await t.database.drain();
    expect(await dayRow()).toMatchObject({ refused: 3, refused_quantity: 3 + 4 + 1 });
  });

  it('is acknowledged once, by someone at its location', async () => {
    const [alert] = await alertsOf('kind=zero_stock&status=resolved');
    expect(
      (await t.call('POST', api(`/alerts/${alert!['id']}/acknowledge`), {})).body.error.code,
    ).toBe('invalid_state');
    const [open] = await alertsOf('status=open&location=S1');
    const elsewhere = await t.user('ack-clerk-w1', 'clerk', ['W1']);
    expect(
      (await t.call('POST', api(`/alerts/${open!['id']}/acknowledge`), {}, { token: elsewhere }))
        .status,
    ).toBe(403);
    const ack = await t.call('POST', api(`/alerts/${open!['id']}/acknowledge`), {});
    expect(ack.body).toMatchObject({ status: 'acknowledged', acknowledgedBy: 'admin' });
    expect((await t.call('POST', api(`/alerts/${open!['id']}/acknowledge`), {})).status).toBe(409);
    expect((await events('alert.acknowledged')).at(-1)).toMatchObject({
      alertId: open!['id'],
      by: 'admin',
    });
    expect((await t.call('POST', api('/alerts/99999/acknowledge'), {})).status).toBe(404);
  });

  it('keeps the books balanced throughout', async () => {
    expect((await t.verify()).mismatches).toEqual([]);
  });
});
