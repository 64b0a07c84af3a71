import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toE4 } from '../../core/domain/money.js';
import { post } from '../helpers/fixtures.js';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Valuation on random data: receipts at random costs (and without), sales, costed
 * adjustments, transfers shipped, received in parts and closed with a loss. After
 * every step the stock-value report must agree with itself (locations add up to the
 * total, transfers to the @transit row, the item breakdown, read in pages of any
 * size, to each location exactly) and with a model of the moving average that weighs
 * every owned unit, in transit included. A transfer shipping or arriving never
 * changes the company total.
 */

const LOCATIONS = ['W1', 'S1', 'S2'] as const;
const ITEMS = ['P', 'Q', 'R'] as const;
type Loc = (typeof LOCATIONS)[number];
type It = (typeof ITEMS)[number];

type Command =
  | { kind: 'receipt'; item: It; loc: Loc; q: number; costE4: number | null }
  | { kind: 'adjust'; item: It; loc: Loc; q: number; costE4: number | null }
  | { kind: 'issue'; item: It; loc: Loc; q: number }
  | { kind: 'transfer'; item: It; from: Loc; to: Loc; q: number }
  | { kind: 'receive'; transfer: number; part: number }
  | { kind: 'close'; transfer: number };

const item = fc.constantFrom(...ITEMS);
const loc = fc.constantFrom(...LOCATIONS);
const cost = fc.option(fc.integer({ min: 0, max: 500_0000 }), { freq: 4 });
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('receipt' as const),
      item,
      loc,
      q: fc.integer({ min: 1, max: 40 }),
      costE4: cost,
    }),
    weight: 4,
  },
  fc.record({
    kind: fc.constant('adjust' as const),
    item,
    loc,
    q: fc.integer({ min: 1, max: 9 }),
    costE4: cost,
  }),
  fc.record({ kind: fc.constant('issue' as const), item, loc, q: fc.integer({ min: 1, max: 15 }) }),
  {
    arbitrary: fc
      .record({
        kind: fc.constant('transfer' as const),
        item,
        from: loc,
        to: loc,
        q: fc.integer({ min: 1, max: 20 }),
      })
      .filter((c) => c.from !== c.to),
    weight: 3,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('receive' as const),
      transfer: fc.nat(30),
      part: fc.double({ min: 0.1, max: 1, noNaN: true }),
    }),
    weight: 2,
  },
  fc.record({ kind: fc.constant('close' as const), transfer: fc.nat(30) }),
);

/** The moving average as obviously right: every owned unit weighs, rounded half up to 1/10,000. */
class Model {
  owned = new Map<It, bigint>();
  avg = new Map<It, bigint | null>();
  inflow(item: It, q: number, costE4: number | null) {
    const owned = this.owned.get(item) ?? 0n;
    const avg = this.avg.get(item) ?? null;
    if (costE4 !== null) {
      const c = BigInt(costE4);
      const next =
        avg === null || owned <= 0n
          ? c
          : (2n * (owned * avg + BigInt(q) * c) + owned + BigInt(q)) / (2n * (owned + BigInt(q)));
      this.avg.set(item, next);
    }
    this.owned.set(item, owned + BigInt(q));
  }
  outflow(item: It, q: number) {
    this.owned.set(item, (this.owned.get(item) ?? 0n) - BigInt(q));
  }
}

let t: TestApp;
let run = 0;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.cleanup());

const e4 = (v: number) => {
  const x = toE4(v);
  if (x === undefined) throw new Error(`${v} is not an exact amount`);
  return BigInt(x);
};

async function report() {
  const res = await t.call('GET', api('/reports/stock-value'));
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as {
    locations: Array<{
      location: string;
      items: number;
      units: number;
      value: number;
      itemsWithoutCost: number;
      unitsWithoutCost: number;
    }>;
    transfers: Array<{ transfer: number; units: number; value: number }>;
    total: { units: number; value: number };
  };
}

async function check(prefix: string, model: Model, limit: number) {
  const r = await report();
  expect(r.total.units).toBe(r.locations.reduce((s, l) => s + l.units, 0));
  expect(e4(r.total.value)).toBe(r.locations.reduce((s, l) => s + e4(l.value), 0n));
  const transit = r.locations.find((l) => l.location === '@transit') ?? { units: 0, value: 0 };
  expect(transit.units).toBe(r.transfers.reduce((s, x) => s + x.units, 0));
  expect(e4(transit.value)).toBe(r.transfers.reduce((s, x) => s + e4(x.value), 0n));

  // The breakdown, page by page, adds up to every location exactly; this run's rows also match the model.
  const perLocation = new Map<
    string,
    { items: number; units: number; value: bigint; uncosted: number }
  >();
  let cursor: string | null = null;
  do {
    const page: { status: number; body: any } = await t.call(
      'GET',
      api(`/reports/stock-value/items?limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`),
    );
    expect(page.status).toBe(200);
    expect(page.body.items.length).toBeLessThanOrEqual(limit);
    for (const row of page.body.items as Array<{
      location: string;
      sku: string;
      onHand: number;
      unitCost: number | null;
      value: number;
    }>) {
      expect(e4(row.value)).toBe(
        row.unitCost === null ? 0n : BigInt(row.onHand) * e4(row.unitCost),
      );
      if (row.sku.startsWith(prefix)) {
        const modelAvg = model.avg.get(row.sku.slice(prefix.length) as It) ?? null;
        expect(row.unitCost === null ? null : e4(row.unitCost), `${row.sku} cost`).toBe(modelAvg);
      }
      const s = perLocation.get(row.location) ?? { items: 0, units: 0, value: 0n, uncosted: 0 };
      s.items += 1;
      s.units += row.onHand;
      s.value += e4(row.value);
      s.uncosted += row.unitCost === null ? 1 : 0;
      perLocation.set(row.location, s);
    }
    cursor = page.body.nextCursor;
  } while (cursor);
  for (const l of r.locations) {
    const s = perLocation.get(l.location) ?? { items: 0, units: 0, value: 0n, uncosted: 0 };
    expect({
      location: l.location,
      items: l.items,
      units: l.units,
      value: e4(l.value),
      uncosted: l.itemsWithoutCost,
    }).toEqual({ location: l.location, ...s });
  }
  expect(
    [...perLocation.keys()].every((code) => r.locations.some((l) => l.location === code)),
  ).toBe(true);
  return r;
}

describe('stock value on random data', () => {
  it('adds up, values transit, and matches the moving-average model', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(command, { minLength: 4, maxLength: 14 }),
        fc.integer({ min: 1, max: 7 }),
        async (commands, limit) => {
          run += 1;
          const prefix = `R${run}-`;
          for (const code of LOCATIONS)
            await t.call('POST', api('/locations'), {
              code,
              name: code,
              kind: code === 'W1' ? 'warehouse' : 'store',
            });
          for (const sku of ITEMS)
            expect(
              (await t.call('POST', api('/items'), { sku: prefix + sku, name: sku })).status,
            ).toBe(201);
          const model = new Model();
          const transfers: Array<{ id: number; item: It; open: number }> = [];

          for (const c of commands) {
            const start = await report();
            let moved = false;
            if (c.kind === 'receipt' || c.kind === 'adjust') {
              const res = await post(t, {
                type: c.kind === 'receipt' ? 'receipt' : 'adjustment',
                sku: prefix + c.item,
                quantity: c.q,
                location: c.loc,
                ...(c.costE4 === null ? {} : { unitCost: c.costE4 / 10_000 }),
              });
              expect(res.status, JSON.stringify(res.body)).toBe(201);
              model.inflow(c.item, c.q, c.costE4);
            } else if (c.kind === 'issue') {
              const res = await post(t, {
                type: 'issue',
                sku: prefix + c.item,
                quantity: c.q,
                location: c.loc,
              });
              if (res.status === 201) model.outflow(c.item, c.q);
              else expect(res.body.error.code).toBe('insufficient_stock');
            } else if (c.kind === 'transfer') {
              const created = await t.call('POST', api('/transfers'), {
                from: c.from,
                to: c.to,
                lines: [{ sku: prefix + c.item, quantity: c.q }],
              });
              if (created.status !== 201) {
                expect(created.body.error.code).toBe('insufficient_stock');
                continue;
              }
              const shipped = await t.call('POST', api(`/transfers/${created.body.id}/ship`), {});
              expect(shipped.body.status, JSON.stringify(shipped.body)).toBe('in_transit');
              transfers.push({ id: created.body.id, item: c.item, open: c.q });
              moved = true;
            } else if (transfers.length > 0) {
              const tr = transfers[c.transfer % transfers.length]!;
              if (tr.open === 0) continue;
              if (c.kind === 'receive') {
                const q = Math.max(1, Math.floor(tr.open * c.part));
                const res = await t.call('POST', api(`/transfers/${tr.id}/receive`), {
                  lines: [{ sku: prefix + tr.item, quantity: q }],
                });
                expect(res.status, JSON.stringify(res.body)).toBe(200);
                tr.open -= q;
                moved = true;
              } else {
                const res = await t.call('POST', api(`/transfers/${tr.id}/close`), {
                  reason: 'lost',
                });
                expect(res.status, JSON.stringify(res.body)).toBe(200);
                model.outflow(tr.item, tr.open);
                tr.open = 0;
              }
            }
            const after = await check(prefix, model, limit);
            if (moved) expect(after.total).toEqual(start.total);
          }
          expect((await t.verify()).mismatches).toEqual([]);
        },
      ),
      { numRuns: 15 },
    );
  }, 240_000);
});
