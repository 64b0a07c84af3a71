import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, testApp, type TestApp } from '../helpers/test-app.js';

/*
 * Issue 15: "available" is defined once. Random ledgers (holds, some expired but not
 * swept, lots past their expiry, returns waiting in quarantine) must give the same
 * available figure from every path a client can read it by: one stock row, the item's
 * rows, a location's page, POST /stock/query, a channel's availability, the cover report
 * and purchase suggestions. And that figure is the rule itself, computed here from the
 * raw tables: on hand − holds still in force − stock in expired lots, nothing in a quarantine.
 */

const LOCS = ['W1', 'S1'] as const;
type Loc = (typeof LOCS)[number];
const ITEMS = ['P', 'L'] as const; // P: plain; L: lot-tracked
type It = (typeof ITEMS)[number];

type Command =
  | { kind: 'receipt'; item: It; loc: Loc; q: number; lotDay: number }
  | { kind: 'issue'; item: It; loc: Loc; q: number }
  | { kind: 'hold'; item: It; loc: Loc; q: number; ttl: number | null }
  | { kind: 'quarantine'; item: It; q: number }
  | { kind: 'wait'; seconds: number };

const item = fc.constantFrom(...ITEMS);
const loc = fc.constantFrom(...LOCS);
const command: fc.Arbitrary<Command> = fc.oneof(
  {
    arbitrary: fc.record({
      kind: fc.constant('receipt' as const),
      item,
      loc,
      q: fc.integer({ min: 1, max: 20 }),
      // The lot's expiry in days from today: −2 (already expired, accepted) to +3.
      lotDay: fc.integer({ min: -2, max: 3 }),
    }),
    weight: 4,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('issue' as const),
      item,
      loc,
      q: fc.integer({ min: 1, max: 8 }),
    }),
    weight: 2,
  },
  {
    arbitrary: fc.record({
      kind: fc.constant('hold' as const),
      item,
      loc,
      q: fc.integer({ min: 1, max: 8 }),
      ttl: fc.option(fc.integer({ min: 1, max: 300 })),
    }),
    weight: 3,
  },
  fc.record({ kind: fc.constant('quarantine' as const), item, q: fc.integer({ min: 1, max: 5 }) }),
  // Seconds (holds expire, nobody sweeps them) up to two days (lots expire).
  fc.record({
    kind: fc.constant('wait' as const),
    seconds: fc.constantFrom(30, 200, 3600, 86_400, 172_800),
  }),
);

let t: TestApp;
let run = 0;
beforeAll(async () => {
  t = await testApp();
});
afterAll(() => t.cleanup());

const day = (now: number, offset: number) =>
  new Date(now + offset * 86_400_000).toISOString().slice(0, 10);

describe('available, from every path', () => {
  it('is one figure: the rule, wherever it is read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 25 }), async (commands) => {
        run++;
        const code = (l: string) => `${l}-${run}`;
        const sku = (i: It) => `${i}-${run}`;
        const ok = async (p: Promise<{ status: number; body: unknown }>) => {
          const res = await p;
          expect(res.status, JSON.stringify(res.body)).toBeLessThan(300);
          return res;
        };
        for (const l of LOCS)
          await ok(
            t.call('POST', api('/locations'), {
              code: code(l),
              name: l,
              kind: l === 'W1' ? 'warehouse' : 'store',
            }),
          );
        for (const i of ITEMS)
          await ok(t.call('POST', api('/items'), { sku: sku(i), name: i, lotTracked: i === 'L' }));
        await ok(
          t.call('PUT', api('/alert-rules'), {
            rules: LOCS.flatMap((l) =>
              ITEMS.map((i) => ({ sku: sku(i), location: code(l), min: 100_000, max: 200_000 })),
            ),
          }),
        );
        // One channel per location, with neutral rules: its figure is that location's.
        for (const l of LOCS) {
          await ok(
            t.call('PUT', api(`/channels/ch-${code(l)}`), {
              name: l,
              kind: 'own',
              locations: [code(l)],
            }),
          );
          await ok(
            t.call('PUT', api(`/channels/ch-${code(l)}/listings`), {
              listings: ITEMS.map((i) => ({ productCode: `PC-${i}`, sku: sku(i) })),
            }),
          );
        }

        let lots = 0;
        for (const cmd of commands) {
          switch (cmd.kind) {
            case 'receipt':
              await ok(
                t.call('POST', api('/movements'), {
                  type: 'receipt',
                  sku: sku(cmd.item),
                  quantity: cmd.q,
                  location: code(cmd.loc),
                  ...(cmd.item === 'L'
                    ? {
                        lot: `LOT-${run}-${++lots}`,
                        expiresOn: day(t.clock.now, cmd.lotDay),
                        acceptExpired: true,
                      }
                    : {}),
                }),
              );
              break;
            case 'issue':
              await t.call('POST', api('/movements'), {
                type: 'issue',
                sku: sku(cmd.item),
                quantity: cmd.q,
                location: code(cmd.loc),
              });
              break;
            case 'hold':
              await t.call('POST', api('/reservations'), {
                sku: sku(cmd.item),
                location: code(cmd.loc),
                quantity: cmd.q,
                ...(cmd.ttl ? { expiresInSeconds: cmd.ttl } : {}),
              });
              break;
            case 'quarantine': {
              // A return waiting for inspection (lot-tracked: into a lot that exists).
              const lot = cmd.item === 'L' ? await anyLot(sku('L')) : undefined;
              if (cmd.item === 'L' && !lot) break;
              await ok(
                t.call('POST', api('/returns'), {
                  location: code('S1'),
                  inspect: true,
                  lines: [{ sku: sku(cmd.item), quantity: cmd.q, ...(lot ? { lot } : {}) }],
                }),
              );
              break;
            }
            case 'wait':
              t.clock.now += cmd.seconds * 1000;
              break;
          }
        }
        await compare(run, code, sku);
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});

/** A lot of the item that exists (a return of a lot-tracked item names one), or none yet. */
async function anyLot(sku: string): Promise<string | undefined> {
  const { rows } = await t.database.client.execute({
    sql: `SELECT l.code FROM lots l JOIN items i ON i.id = l.item_id WHERE i.sku = ? ORDER BY l.id LIMIT 1`,
    args: [sku],
  });
  return rows[0] ? String(rows[0]['code']) : undefined;
}

/** The rule, from the raw tables, without any of the service's SQL. */
async function expectedAvailable(sku: string, location: string): Promise<number> {
  const now = t.clock.now;
  const today = new Date(now).toISOString().slice(0, 10);
  const q = (sql: string) => t.database.client.execute({ sql, args: [sku, location] });
  const base = `FROM items i, locations l WHERE i.sku = ? AND l.code = ?`;
  const [balance, holds, lots, kind] = await Promise.all([
    q(
      `SELECT coalesce((SELECT on_hand FROM balances b WHERE b.item_id = i.id AND b.location_id = l.id), 0) AS n ${base}`,
    ),
    q(`SELECT r.quantity, r.expires_at FROM reservations r, items i, locations l WHERE i.sku = ? AND l.code = ?
         AND r.item_id = i.id AND r.location_id = l.id AND r.status = 'pending'`),
    q(`SELECT lb.on_hand, lt.expires_on FROM lot_balances lb JOIN lots lt ON lt.id = lb.lot_id, items i, locations l
        WHERE i.sku = ? AND l.code = ? AND lb.item_id = i.id AND lb.location_id = l.id`),
    q(`SELECT l.kind ${base}`),
  ]);
  if (kind.rows[0]?.['kind'] === 'quarantine') return 0;
  const onHand = Number(balance.rows[0]?.['n'] ?? 0);
  const held = holds.rows
    .filter((r) => r['expires_at'] === null || Number(r['expires_at']) > now)
    .reduce((s, r) => s + Number(r['quantity']), 0);
  const expired = lots.rows
    .filter((r) => String(r['expires_on']) < today)
    .reduce((s, r) => s + Number(r['on_hand']), 0);
  return Math.max(0, onHand - held - expired);
}

async function compare(run: number, code: (l: string) => string, sku: (i: It) => string) {
  const get = async (path: string) => {
    const res = await t.call('GET', api(path));
    expect(res.status, `${path}: ${JSON.stringify(res.body)}`).toBe(200);
    return res.body;
  };
  const quarantine = `${code('S1')}.quarantine`;
  const places = [...LOCS.map(code), quarantine];
  for (const i of ITEMS) {
    const itemRows = (await get(`/stock?sku=${sku(i)}`)).items as Array<{
      location: string;
      available: number;
    }>;
    const query = (
      await t.call('POST', api('/stock/query'), {
        lines: [{ sku: sku(i) }, ...places.map((location) => ({ sku: sku(i), location }))],
      })
    ).body.items as Array<{ available: number | null; error: string | null }>;
    let total = 0;
    for (const [n, place] of places.entries()) {
      if (place === quarantine && !itemRows.some((r) => r.location === place)) continue;
      const expected = await expectedAvailable(sku(i), place);
      total += expected;
      const figures: Record<string, number | undefined> = {
        row: (await get(`/stock/${place}/${sku(i)}`)).available,
        item: itemRows.find((r) => r.location === place)?.available ?? 0,
        page:
          (
            (await get(`/stock?location=${place}`)).items as Array<{
              sku: string;
              available: number;
            }>
          ).find((r) => r.sku === sku(i))?.available ?? 0,
        query: query[n + 1]?.available ?? undefined,
      };
      const hasBalance = itemRows.some((r) => r.location === place);
      if (place !== quarantine) {
        const channel = (await get(`/channels/ch-${place}/availability`)).items as Array<{
          productCode: string;
          available: number;
        }>;
        figures['channel'] = channel.find((c) => c.productCode === `PC-${i}`)?.available ?? 0;
        if (hasBalance) {
          // Reports and suggestions list the balances there are (below a min of 100,000, all).
          const cover = (await get(`/reports/cover?location=${place}`)).items as Array<{
            sku: string;
            available: number;
          }>;
          figures['cover'] = cover.find((r) => r.sku === sku(i))?.available;
          const suggestions = (await get(`/suggestions/purchase?location=${place}`))
            .items as Array<{ sku: string; figures: { available: number } }>;
          figures['suggestion'] = suggestions.find((s) => s.sku === sku(i))?.figures.available;
        }
        // The store's suggestion shows what its sources have.
        const atStore = (await get(`/suggestions/purchase?location=${code('S1')}`)).items as Array<{
          sku: string;
          sources: Array<{ location: string; available: number }>;
        }>;
        const source = atStore
          .find((s) => s.sku === sku(i))
          ?.sources.find((x) => x.location === place);
        if (source && hasBalance) figures['source'] = source.available;
      }
      const want = Object.fromEntries(Object.keys(figures).map((k) => [k, expected]));
      expect({ run, at: `${sku(i)}@${place}`, ...figures }).toEqual({
        run,
        at: `${sku(i)}@${place}`,
        ...want,
      });
    }
    expect({ all: query[0]?.available }).toEqual({ all: total });
  }
}
