import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../core/db/client.js';
import { continueRuleEvaluations } from '../../core/services/alerts/reevaluate.js';
import { post, seedShop } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await testApp();
  await seedShop(t);
});
afterAll(() => t.cleanup());

const rules = (list: unknown[]) => t.call('PUT', api('/alert-rules'), { rules: list });
const openAlerts = async (query: string) =>
  (
    (await t.call('GET', api(`/alerts?${query}`))).body.items as Array<{
      kind: string;
      sku: string;
      location: string;
      status: string;
      details: Record<string, unknown>;
    }>
  ).filter((a) => a.status !== 'resolved');
const effective = async (sku: string, location: string) =>
  (await t.call('GET', api(`/alert-rules/effective?sku=${sku}&location=${location}`))).body;

describe('rules merge by field', () => {
  it("an item's own min does not switch off its location's expiry alerts", async () => {
    await t.call('POST', api('/items'), { sku: 'TEA-L', name: '明前龙井', lotTracked: true });
    expect((await rules([{ location: 'S1', expiryDays: 30 }])).status).toBe(200);
    expect((await rules([{ sku: 'TEA-L', location: 'S1', min: 5 }])).status).toBe(200);
    // 2026-11-01 today; the lot expires in 20 days: inside the location's 30.
    expect(
      (
        await post(t, {
          type: 'receipt',
          sku: 'TEA-L',
          quantity: 8,
          location: 'S1',
          lot: 'L1',
          expiresOn: '2026-11-21',
        })
      ).status,
    ).toBe(201);
    await rules([{ sku: 'TEA-L', location: 'S1', min: 5, hysteresis: 1 }]); // any rule change sweeps expiry at once
    expect(await openAlerts('kind=expiring&location=S1')).toEqual([
      expect.objectContaining({ sku: 'TEA-L', location: 'S1' }),
    ]);

    expect(await effective('TEA-L', 'S1')).toEqual({
      sku: 'TEA-L',
      location: 'S1',
      fields: {
        min: { value: 5, from: 'item_location' },
        max: { value: null, from: null },
        hysteresis: { value: 1, from: 'item_location' },
        expiryDays: { value: 30, from: 'location' },
        outflowPercent: { value: 50, from: 'built_in' },
        zeroStock: { value: true, from: 'built_in' },
        refusedPerDay: { value: null, from: null },
        anomalyMinOnHand: { value: 10, from: 'built_in' },
      },
    });
    expect((await t.call('GET', api('/alert-rules/effective?sku=NOPE&location=S1'))).status).toBe(
      404,
    );
  });

  it('resolves each field from the most specific rule that sets it, for random rules (against a model)', async () => {
    const scopes = [{ sku: 'A', location: 'S2' }, { sku: 'A' }, { location: 'S2' }, {}] as const;
    const names = ['item_location', 'item', 'location', 'default'] as const;
    const field = fc.option(fc.integer({ min: 0, max: 1000 }), { nil: undefined });
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            min: field,
            max: field,
            expiryDays: fc.option(fc.integer({ min: 0, max: 365 }), { nil: undefined }),
          }),
          { minLength: 4, maxLength: 4 },
        ),
        async (sets) => {
          const list = scopes.map((scope, i) => {
            const set = Object.fromEntries(
              Object.entries(sets[i]!).filter(([, v]) => v !== undefined),
            );
            if (
              set['min'] !== undefined &&
              set['max'] !== undefined &&
              (set['max'] as number) < (set['min'] as number)
            )
              delete set['max'];
            return Object.keys(set).length === 0
              ? { ...scope, remove: true }
              : { ...scope, ...set };
          });
          expect((await rules(list)).status).toBe(200);
          const got = (await effective('A', 'S2')).fields;
          for (const f of ['min', 'max', 'expiryDays'] as const) {
            const i = list.findIndex(
              (r) => !('remove' in r) && (r as Record<string, unknown>)[f] !== undefined,
            );
            expect(got[f], f).toEqual(
              i < 0
                ? { value: null, from: null }
                : { value: (list[i] as Record<string, unknown>)[f], from: names[i] },
            );
          }
        },
      ),
      { numRuns: 25 },
    );
    await rules(scopes.map((s) => ({ ...s, remove: true })));
  });
});

describe('deleting rules', () => {
  it('deletes the rule of one scope by its key; an all-null rule is refused, not a way to delete', async () => {
    await rules([{ sku: 'B', location: 'W1', min: 3 }]);
    const nothing = await t.call('PUT', api('/alert-rules'), {
      rules: [
        { sku: 'B', location: 'W1' },
        { sku: 'B', min: null, max: null },
      ],
    });
    expect(nothing.status).toBe(400);
    expect(
      nothing.body.error.details.map((d: { path: string; code: string }) => [d.path, d.code]),
    ).toEqual([
      ['rules.0', 'rule_sets_nothing'],
      ['rules.1', 'rule_sets_nothing'],
    ]);
    expect((await t.call('GET', api('/alert-rules'))).body.items).toContainEqual(
      expect.objectContaining({ sku: 'B', location: 'W1', min: 3 }),
    );
    const deleted = await t.call('DELETE', api('/alert-rules?sku=B&location=W1'));
    expect(deleted.status).toBe(200);
    expect(deleted.body.items).not.toContainEqual(
      expect.objectContaining({ sku: 'B', location: 'W1' }),
    );
    expect((await t.call('DELETE', api('/alert-rules?sku=B&location=W1'))).status).toBe(404);
    const audit = await t.call('GET', api('/audit?entity=alert_rule&limit=1000'));
    expect(audit.body.items.map((e: { action: string }) => e.action)).toContain(
      'alert_rule.remove',
    );
    const clerk = await t.user('rule-clerk', 'clerk');
    expect(
      (await t.call('DELETE', api('/alert-rules?sku=B'), undefined, { token: clerk })).status,
    ).toBe(403);
  });
});

describe('rules take effect when set', () => {
  it('setting min 50 on a balance of 24 opens the alert now; removing it resolves it now', async () => {
    await post(t, { type: 'receipt', sku: 'B', quantity: 24, location: 'S2' });
    expect(await openAlerts('kind=below_min&location=S2')).toEqual([]);
    const set = await rules([{ sku: 'B', location: 'S2', min: 50, max: 60 }]);
    expect(set.body.evaluation).toEqual({ balances: 1, continuing: false });
    expect(await openAlerts('kind=below_min&location=S2')).toEqual([
      expect.objectContaining({
        sku: 'B',
        location: 'S2',
        status: 'open',
        details: expect.objectContaining({ available: 24, min: 50 }),
      }),
    ]);
    // Lowering min resolves below_min at once; a max below on hand opens above_max at once.
    await rules([{ sku: 'B', location: 'S2', min: 10, max: 20 }]);
    expect((await openAlerts('location=S2')).map((a) => a.kind)).toEqual(['above_max']);
    const removed = await t.call('DELETE', api('/alert-rules?sku=B&location=S2'));
    expect(removed.body.evaluation).toEqual({ balances: 1, continuing: false });
    expect(await openAlerts('location=S2')).toEqual([]);
    expect((await t.verify()).ok).toBe(true);
  });

  it('a default rule over more balances than one request evaluates continues in the background, once, with two processes', async () => {
    const rows = Array.from({ length: 1200 }, (_, i) => ({
      sku: `P${String(i).padStart(4, '0')}`,
      name: `Product ${i}`,
    }));
    expect((await t.call('POST', api('/items/batch'), { rows })).status).toBe(200);
    const receipts = await t.call('POST', api('/movements/batch'), {
      rows: rows.map((r) => ({ type: 'receipt', sku: r.sku, quantity: 2, location: 'W1' })),
    });
    expect(receipts.status).toBe(200);
    const set = await rules([{ min: 3 }]);
    expect(set.status).toBe(200);
    expect(set.body.evaluation).toEqual({ balances: 1000, continuing: true });
    const count = async () =>
      Number(
        (
          await t.database.client.execute(
            `SELECT count(*) FROM alerts a JOIN items i ON i.id = a.item_id WHERE a.kind = 'below_min' AND a.status = 'open' AND i.sku LIKE 'P%'`,
          )
        ).rows[0]![0],
      );
    const soFar = await count();
    expect(soFar).toBeGreaterThan(0);
    expect(soFar).toBeLessThan(1200);
    // Two service processes' workers at once: every page once, every alert once.
    const other = await openDatabase({ url: t.url, migrate: false });
    try {
      await Promise.all([
        continueRuleEvaluations(t.database, t.clock.now),
        continueRuleEvaluations(other, t.clock.now),
      ]);
    } finally {
      await other.close();
    }
    expect(await count()).toBe(1200);
    const job = await t.database.client.execute(
      `SELECT evaluated, finished_at FROM alert_rule_jobs`,
    );
    expect(job.rows).toHaveLength(1);
    expect(job.rows[0]!['finished_at']).not.toBeNull();
    expect(await continueRuleEvaluations(t.database, t.clock.now)).toBe(0);
    await t.call('DELETE', api('/alert-rules'));
  });
});
