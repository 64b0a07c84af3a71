import { z } from 'zod';
import { isOwned } from '../../domain/locations.js';
import { fromE4, valueE4 } from '../../domain/money.js';
import type { Executor } from '../../db/types.js';
import { inSnapshot, type ServiceContext } from '../context.js';
import { decodeCursor, encodeCursor } from '../cursor.js';
import { notFound, validationFailed } from '../errors.js';
import { OWNED_BALANCE_SQL } from '../ledger/costs.js';
import { RefResolver, type LocationRef } from '../refs.js';
import { LocationCode, QueryInt } from '../schemas.js';

/*
 * What the stock the shop owns is worth at moving-average cost: every store and
 * warehouse, and what is in transit between them (`@transit`, also per transfer), so
 * that the company total is the same before a transfer ships, while it travels and
 * after it arrives. Amounts are added exactly (1/10,000 units, bigint where a sum may
 * pass 2^53) and each sum is rounded once, on the way out.
 */

export const StockValueInput = z.strictObject({
  /** A store, warehouse or quarantine, or `@transit`; all owned stock when omitted. */
  location: LocationCode.optional(),
});
export type StockValueInput = z.infer<typeof StockValueInput>;

const LocationValue = z.object({
  location: z.string().describe('A store, warehouse or quarantine, or @transit'),
  items: z.number().int().describe('Items with stock here'),
  units: z.number().int(),
  value: z.number(),
  itemsWithoutCost: z.number().int().describe('Items here that never had a cost: counted at 0'),
  unitsWithoutCost: z.number().int(),
});

export const StockValueReport = z
  .object({
    locations: z.array(LocationValue),
    transfers: z
      .array(
        z.object({
          transfer: z.number().int(),
          from: z.string(),
          to: z.string(),
          units: z.number().int(),
          value: z.number(),
          unitsWithoutCost: z.number().int(),
        }),
      )
      .describe('What is in transit, per transfer: adds up to the @transit row'),
    withoutCost: z
      .object({ items: z.number().int(), units: z.number().int() })
      .describe(
        'Items in stock that never had a cost (list them with GET /reports/stock-value/items?withoutCost=true)',
      ),
    total: z.object({ units: z.number().int(), value: z.number() }),
  })
  .meta({ id: 'StockValueReport' });
export type StockValueReport = z.infer<typeof StockValueReport>;

interface Sums {
  items: number;
  units: bigint;
  valueE4: bigint;
  itemsWithoutCost: number;
  unitsWithoutCost: bigint;
}

/** Stock value at moving-average cost per owned location, per transfer in transit, and in total. */
export async function stockValue({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StockValueInput;
}): Promise<StockValueReport> {
  return inSnapshot(ctx, async (q) => {
    const location = await ownedLocation(q, input.location);
    const sums = await locationSums(q, location);
    const withoutCost = new Set<number>();
    let unitsWithoutCost = 0n;
    const uncosted = await q.execute({
      sql: `SELECT b.item_id, b.on_hand FROM balances b JOIN items i ON i.id = b.item_id
             WHERE i.avg_unit_cost_e4 IS NULL AND b.on_hand <> 0 AND ${OWNED_BALANCE_SQL} ${location ? 'AND b.location_id = ?' : ''}`,
      args: location ? [location.id] : [],
    });
    for (const r of uncosted.rows) {
      withoutCost.add(Number(r['item_id']));
      unitsWithoutCost += BigInt(r['on_hand'] as number);
    }
    const locations = [...sums.entries()].map(([code, s]) => ({
      location: code,
      items: s.items,
      units: Number(s.units),
      value: fromE4(s.valueE4),
      itemsWithoutCost: s.itemsWithoutCost,
      unitsWithoutCost: Number(s.unitsWithoutCost),
    }));
    const all = [...sums.values()];
    return {
      locations,
      transfers: !location || location.code === '@transit' ? await inTransit(q) : [],
      withoutCost: { items: withoutCost.size, units: Number(unitsWithoutCost) },
      total: {
        units: Number(all.reduce((t, s) => t + s.units, 0n)),
        value: fromE4(all.reduce((t, s) => t + s.valueE4, 0n)),
      },
    };
  });
}

export const StockValueItemsInput = z.strictObject({
  location: LocationCode.optional(),
  /** `true`: only items that never had a cost. */
  withoutCost: z.enum(['true', 'false']).default('false'),
  limit: QueryInt(1, 5000).default(1000),
  /** Opaque: the `nextCursor` of the previous page. */
  cursor: z.string().max(400).optional(),
});
export type StockValueItemsInput = z.infer<typeof StockValueItemsInput>;

export const StockValueItemsPage = z
  .object({
    items: z.array(
      z.object({
        location: z.string(),
        sku: z.string(),
        name: z.string(),
        onHand: z.number().int(),
        unitCost: z
          .number()
          .nullable()
          .describe('Moving-average cost; null: the item never had one (valued at 0)'),
        value: z.number(),
      }),
    ),
    nextCursor: z.string().nullable(),
  })
  .meta({ id: 'StockValueItemsPage' });
export type StockValueItemsPage = z.infer<typeof StockValueItemsPage>;

/**
 * The per-location figures item by item (location, then sku; pages of `limit`): the
 * values of a location's rows add up exactly to its `value` in `stockValue`.
 */
export async function stockValueItems({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StockValueItemsInput;
}): Promise<StockValueItemsPage> {
  return inSnapshot(ctx, async (q) => {
    const location = await ownedLocation(q, input.location);
    const after = decodeCursor(input.cursor, 2);
    const conditions = [OWNED_BALANCE_SQL, 'b.on_hand <> 0'];
    const args: Array<string | number> = [];
    if (location) {
      conditions.push('b.location_id = ?');
      args.push(location.id);
    }
    if (input.withoutCost === 'true') conditions.push('i.avg_unit_cost_e4 IS NULL');
    if (after) {
      conditions.push('(l.code > ? OR (l.code = ? AND i.sku > ?))');
      args.push(after[0]!, after[0]!, after[1]!);
    }
    const { rows } = await q.execute({
      sql: `SELECT l.code, i.sku, i.name, b.on_hand, i.avg_unit_cost_e4 AS avg
              FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
             WHERE ${conditions.join(' AND ')} ORDER BY l.code, i.sku LIMIT ?`,
      args: [...args, input.limit + 1],
    });
    const page = rows.slice(0, input.limit).map((r) => {
      const avg = r['avg'] === null ? null : Number(r['avg']);
      const onHand = Number(r['on_hand']);
      return {
        location: String(r['code']),
        sku: String(r['sku']),
        name: String(r['name']),
        onHand,
        unitCost: avg === null ? null : fromE4(avg),
        value: fromE4(valueE4(onHand, avg)),
      };
    });
    const last = page.at(-1);
    return {
      items: page,
      nextCursor:
        rows.length > input.limit && last ? encodeCursor([last.location, last.sku]) : null,
    };
  });
}

async function ownedLocation(
  q: Executor,
  code: string | undefined,
): Promise<LocationRef | undefined> {
  if (!code) return undefined;
  const location = (await new RefResolver(q).load({ locations: [code] })).location(code);
  if (!location) throw notFound('location', code);
  if (!isOwned(location))
    throw validationFailed([
      { path: 'location', code: 'location_must_be_internal', params: { location: code } },
    ]);
  return location;
}

/**
 * Sums per location. SQLite adds the products as 64-bit integers, which is exact and
 * fast; should a product or a sum pass 2^63 (stock worth more than ~900 trillion), it
 * fails or turns to floating point, and the sums are redone here row by row in bigint.
 */
async function locationSums(
  q: Executor,
  location: LocationRef | undefined,
): Promise<Map<string, Sums>> {
  const where = `${OWNED_BALANCE_SQL} ${location ? 'AND b.location_id = ?' : ''}`;
  const args = location ? [location.id] : [];
  const sums = new Map<string, Sums>();
  try {
    const { rows } = await q.execute({
      sql: `SELECT l.code,
                   sum(b.on_hand <> 0) AS items,
                   CAST(sum(b.on_hand) AS TEXT) AS units,
                   CAST(sum(b.on_hand * coalesce(i.avg_unit_cost_e4, 0)) AS TEXT) AS value_e4,
                   sum(i.avg_unit_cost_e4 IS NULL AND b.on_hand <> 0) AS uncosted,
                   CAST(sum(CASE WHEN i.avg_unit_cost_e4 IS NULL THEN b.on_hand ELSE 0 END) AS TEXT) AS uncosted_units
              FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
             WHERE ${where} GROUP BY l.code ORDER BY l.code`,
      args,
    });
    for (const r of rows) {
      sums.set(String(r['code']), {
        items: Number(r['items']),
        units: BigInt(String(r['units'])),
        valueE4: BigInt(String(r['value_e4'])),
        itemsWithoutCost: Number(r['uncosted']),
        unitsWithoutCost: BigInt(String(r['uncosted_units'])),
      });
    }
    return sums;
  } catch (error) {
    // BigInt('1.0e+25') is a SyntaxError; SQLite's own is "integer overflow".
    if (
      !(error instanceof SyntaxError) &&
      !/integer overflow/i.test(String((error as Error).message))
    )
      throw error;
  }
  sums.clear();
  const { rows } = await q.execute({
    sql: `SELECT l.code, b.on_hand, i.avg_unit_cost_e4 AS avg
            FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
           WHERE ${where} ORDER BY l.code`,
    args,
  });
  for (const r of rows) {
    const code = String(r['code']);
    const s = sums.get(code) ?? {
      items: 0,
      units: 0n,
      valueE4: 0n,
      itemsWithoutCost: 0,
      unitsWithoutCost: 0n,
    };
    const onHand = Number(r['on_hand']);
    const avg = r['avg'] === null ? null : Number(r['avg']);
    s.items += onHand !== 0 ? 1 : 0;
    s.units += BigInt(onHand);
    s.valueE4 += valueE4(onHand, avg);
    if (avg === null) {
      s.itemsWithoutCost += onHand !== 0 ? 1 : 0;
      s.unitsWithoutCost += BigInt(onHand);
    }
    sums.set(code, s);
  }
  return sums;
}

/** What each transfer has in flight (shipped, not yet received or written off), at cost. */
async function inTransit(q: Executor): Promise<StockValueReport['transfers']> {
  const { rows } = await q.execute(`
    SELECT t.id, lf.code AS from_code, lt.code AS to_code, tl.shipped - tl.received - tl.lost AS units, i.avg_unit_cost_e4 AS avg
      FROM transfer_lines tl JOIN transfers t ON t.id = tl.transfer_id JOIN items i ON i.id = tl.item_id
      JOIN locations lf ON lf.id = t.from_location_id JOIN locations lt ON lt.id = t.to_location_id
     WHERE tl.shipped - tl.received - tl.lost > 0 ORDER BY t.id`);
  const byTransfer = new Map<
    number,
    { from: string; to: string; units: bigint; valueE4: bigint; unitsWithoutCost: bigint }
  >();
  for (const r of rows) {
    const id = Number(r['id']);
    const units = Number(r['units']);
    const avg = r['avg'] === null ? null : Number(r['avg']);
    const t = byTransfer.get(id) ?? {
      from: String(r['from_code']),
      to: String(r['to_code']),
      units: 0n,
      valueE4: 0n,
      unitsWithoutCost: 0n,
    };
    t.units += BigInt(units);
    t.valueE4 += valueE4(units, avg);
    if (avg === null) t.unitsWithoutCost += BigInt(units);
    byTransfer.set(id, t);
  }
  return [...byTransfer.entries()].map(([transfer, t]) => ({
    transfer,
    from: t.from,
    to: t.to,
    units: Number(t.units),
    value: fromE4(t.valueE4),
    unitsWithoutCost: Number(t.unitsWithoutCost),
  }));
}
