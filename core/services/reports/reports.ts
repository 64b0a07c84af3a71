import { z } from 'zod';
import { fromE4, valueE4 } from '../../domain/money.js';
import { daysOfCover } from '../../domain/replenishment.js';
import { dayDate, localDay } from '../../domain/time.js';
import type { Executor } from '../../db/types.js';
import { rawReader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { RefResolver } from '../refs.js';
import { shopZone } from '../settings/read-settings.js';
import { LocationCode, QueryInt, Sku } from '../schemas.js';
import { loadStockFigures } from '../suggestions/stock-figures.js';

/*
 * The reports managers read, as JSON rows ready for a sheet or a pivot table. Each is
 * a grouped query over balances and the per-day figures; none scans the movements.
 */

export const ReportScope = z.strictObject({
  location: LocationCode.optional(),
  windowDays: QueryInt(1, 365).default(28),
});
export type ReportScope = z.infer<typeof ReportScope>;

async function locationId(q: Executor, code: string | undefined): Promise<number | undefined> {
  if (!code) return undefined;
  const location = (await new RefResolver(q).load({ locations: [code] })).location(code);
  if (!location) throw notFound('location', code);
  return location.id;
}

export const StockMatrixInput = z.strictObject({
  /** Items after this sku (pages of `limit` items). */
  afterSku: z.string().max(64).optional(),
  limit: QueryInt(1, 5000).default(200),
});

/** On hand per item (rows) and location (columns): what a pivot table wants. */
export async function stockMatrix({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.infer<typeof StockMatrixInput>;
}) {
  const q = rawReader(ctx);
  const locations = (
    await q.execute(`SELECT id, code FROM locations WHERE is_virtual = 0 ORDER BY code`)
  ).rows.map((r) => ({ id: Number(r[0]), code: String(r[1]) }));
  const items = (
    await q.execute({
      sql: `SELECT id, sku, name FROM items WHERE sku > ? ORDER BY sku LIMIT ?`,
      args: [input.afterSku ?? '', input.limit],
    })
  ).rows.map((r) => ({ id: Number(r[0]), sku: String(r[1]), name: String(r[2]) }));
  if (items.length === 0)
    return { locations: locations.map((l) => l.code), rows: [], nextAfterSku: null };
  const cells = await q.execute({
    sql: `SELECT item_id, location_id, on_hand FROM balances WHERE is_virtual = 0 AND item_id IN (${items.map(() => '?').join(',')})`,
    args: items.map((i) => i.id),
  });
  const column = new Map(locations.map((l, i) => [l.id, i]));
  const rows = new Map(
    items.map((i) => [
      i.id,
      { sku: i.sku, name: i.name, onHand: locations.map(() => 0), total: 0 },
    ]),
  );
  for (const c of cells.rows) {
    const row = rows.get(Number(c[0]))!;
    const onHand = Number(c[2]);
    row.onHand[column.get(Number(c[1]))!] = onHand;
    row.total += onHand;
  }
  return {
    locations: locations.map((l) => l.code),
    rows: [...rows.values()],
    nextAfterSku: items.length === input.limit ? items.at(-1)!.sku : null,
  };
}

/**
 * Days of cover (available ÷ units sold per day over the window) and turnover (units
 * sold in the window ÷ units on hand now, and that rate over a year) per item and
 * location. On hand now stands in for the window's average stock.
 */
export async function coverAndTurnover({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ReportScope;
}) {
  const q = rawReader(ctx);
  const figures = await loadStockFigures(q, {
    locationId: await locationId(q, input.location),
    windowDays: input.windowDays,
    now: ctx.now(),
  });
  return figures.map((f) => {
    const cover = daysOfCover(f.available, f.velocity);
    const turns = f.onHand > 0 ? f.sold / f.onHand : null;
    return {
      sku: f.sku,
      location: f.location,
      onHand: f.onHand,
      available: f.available,
      sold: f.sold,
      velocity: Math.round(f.velocity * 1000) / 1000,
      daysOfCover: Number.isFinite(cover) ? Math.round(cover * 10) / 10 : null,
      turnover: turns === null ? null : Math.round(turns * 1000) / 1000,
      annualTurnover:
        turns === null ? null : Math.round(((turns * 365) / input.windowDays) * 100) / 100,
    };
  });
}

export const SlowMoversInput = z.strictObject({
  location: LocationCode.optional(),
  days: QueryInt(1, 3650).default(60),
});

/** Stock on hand that has not sold in `days` days: when it last sold, if ever. */
export async function slowMovers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.infer<typeof SlowMoversInput>;
}) {
  const q = rawReader(ctx);
  const id = await locationId(q, input.location);
  const since = localDay(ctx.now(), await shopZone(q)) - input.days;
  const { rows } = await q.execute({
    sql: `SELECT i.sku, l.code, b.on_hand, i.avg_unit_cost_e4,
                 (SELECT max(d.day) FROM balance_days d WHERE d.item_id = b.item_id AND d.location_id = b.location_id AND d.sold > 0) AS last_sold
            FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
           WHERE b.is_virtual = 0 AND b.on_hand > 0 ${id === undefined ? '' : 'AND b.location_id = ?'}
             AND NOT EXISTS (SELECT 1 FROM balance_days d WHERE d.item_id = b.item_id AND d.location_id = b.location_id
                              AND d.day > ? AND d.sold > 0)
           ORDER BY l.code, i.sku`,
    args: [...(id === undefined ? [] : [id]), since],
  });
  return rows.map((r) => ({
    sku: String(r['sku']),
    location: String(r['code']),
    onHand: Number(r['on_hand']),
    value:
      r['avg_unit_cost_e4'] === null
        ? null
        : fromE4(valueE4(Number(r['on_hand']), Number(r['avg_unit_cost_e4']))),
    lastSoldOn: r['last_sold'] === null ? null : dayDate(Number(r['last_sold'])),
  }));
}

export const DailyHistoryInput = z.strictObject({
  sku: Sku,
  location: LocationCode.optional(),
  days: QueryInt(1, 3650).default(90),
});

export const DailyHistoryRow = z
  .object({
    date: z.string().meta({ description: "YYYY-MM-DD, a date in the shop's time zone" }),
    location: z.string(),
    in: z.number(),
    out: z.number(),
    sold: z.number(),
    refused: z.number(),
  })
  .meta({ id: 'DailyHistoryRow' });

/** Movement history per day: in, out, sold and refused, per location (the add-in's chart). */
export async function dailyHistory({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: z.infer<typeof DailyHistoryInput>;
}): Promise<Array<z.infer<typeof DailyHistoryRow>>> {
  const q = rawReader(ctx);
  const item = (await new RefResolver(q).load({ skus: [input.sku] })).item(input.sku);
  if (!item) throw notFound('item', input.sku);
  const id = await locationId(q, input.location);
  const { rows } = await q.execute({
    sql: `SELECT l.code, d.day, d.inflow, d.outflow, d.sold, d.refused
            FROM balance_days d JOIN locations l ON l.id = d.location_id
           WHERE d.item_id = ? AND d.day > ? ${id === undefined ? '' : 'AND d.location_id = ?'}
           ORDER BY d.day, l.code`,
    args: [
      item.id,
      localDay(ctx.now(), await shopZone(q)) - input.days,
      ...(id === undefined ? [] : [id]),
    ],
  });
  return rows.map((r) => ({
    date: dayDate(Number(r['day'])),
    location: String(r['code']),
    in: Number(r['inflow']),
    out: Number(r['outflow']),
    sold: Number(r['sold']),
    refused: Number(r['refused']),
  }));
}
