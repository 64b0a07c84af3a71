import { dayStart, localDay } from '../../domain/time.js';
import { PURCHASE_ORDER_ON_ORDER_STATUSES } from '../../domain/documents.js';
import type { Executor } from '../../db/types.js';
import { ruleFieldSql } from '../alerts/rule-scope.js';
import { availableSqlText } from '../stock-sql.js';
import { shopZone } from '../settings/read-settings.js';

/** Everything replenishment needs about one item at one store or warehouse. */
export interface StockFigures {
  itemId: number;
  sku: string;
  locationId: number;
  location: string;
  onHand: number;
  available: number;
  /** Units sold per day over the window. */
  velocity: number;
  sold: number;
  /** Shipped by transfer over the window to the locations it supplies (only when asked: `supplied`). */
  shipped: number;
  min: number | null;
  max: number | null;
  /** Ordered from suppliers and not received yet: drafts, orders waiting for approval, approved, partly received. */
  onOrder: number;
  /** Coming by transfer (approved, shipped, partly received). */
  inbound: number;
  avgUnitCostE4: number | null;
}

export interface SupplierOfItem {
  supplierId: number;
  name: string;
  leadTimeDays: number;
  packSize: number;
  lastUnitCostE4: number;
}

/**
 * The figures for every item with a balance at the location (or the locations, or
 * everywhere), read with a handful of grouped queries: the balances, sales per day
 * over the window (from `balance_days`, never from the movements), the rules, what is
 * on order and what is arriving. `itemIds` narrows it to those items.
 */
export async function loadStockFigures(
  q: Executor,
  options: {
    locationId?: number | undefined;
    locationIds?: readonly number[];
    itemIds?: readonly number[];
    /** Which location supplies which (location ids): transfers along these are demand at the source. */
    supplied?: ReadonlyArray<{ fromId: number; toId: number }>;
    windowDays: number;
    now: number;
  },
): Promise<StockFigures[]> {
  const zone = await shopZone(q);
  const today = localDay(options.now, zone);
  const locationIds = options.locationId === undefined ? options.locationIds : [options.locationId];
  // Shipments along supply lines, summed once in SQL (never row by row in JS), over the
  // same days as the sales: the last `windowDays`, today included.
  const pairs = (options.supplied ?? []).filter(
    (p) => !locationIds || locationIds.includes(p.fromId),
  );
  const supplied =
    pairs.length > 0
      ? `VALUES ${pairs.map(() => '(?, ?)').join(', ')}`
      : 'SELECT NULL, NULL WHERE 0';
  const shippedArgs = [
    ...pairs.flatMap((p) => [p.fromId, p.toId]),
    dayStart(today - options.windowDays + 1, zone),
    dayStart(today + 1, zone),
  ];
  const conditions: string[] = [];
  const args: number[] = [];
  if (locationIds) {
    conditions.push(`AND b.location_id IN (${locationIds.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...locationIds);
  }
  if (options.itemIds) {
    conditions.push(`AND b.item_id IN (${options.itemIds.map(() => '?').join(', ') || 'NULL'})`);
    args.push(...options.itemIds);
  }
  const where = conditions.join(' ');
  const onOrderStatuses = PURCHASE_ORDER_ON_ORDER_STATUSES.map((s) => `'${s}'`).join(', ');
  const available = availableSqlText(options.now, zone, 'b');
  // What is on order and inbound is found from the documents still open (the status
  // indexes: a handful), never from every order or transfer the location ever had: `CROSS
  // JOIN` keeps the document as the outer loop and `+` keeps SQLite off the location
  // index, whose rows grow with every day of history.

  const { rows } = await q.execute({
    sql: `WITH supplied(from_id, to_id) AS (${supplied}),
          shipped AS (SELECT tl.item_id, t.from_location_id AS location_id, sum(tl.shipped) AS shipped
                        FROM transfers t JOIN transfer_lines tl ON tl.transfer_id = t.id
                       WHERE t.from_location_id IN (SELECT from_id FROM supplied)
                         AND (t.from_location_id, t.to_location_id) IN (SELECT from_id, to_id FROM supplied)
                         AND t.shipped_at >= ? AND t.shipped_at < ?
                       GROUP BY tl.item_id, t.from_location_id)
          SELECT b.item_id, i.sku, b.location_id, l.code, b.on_hand, ${available.sql} AS available, i.avg_unit_cost_e4, coalesce(sh.shipped, 0) AS shipped,
            coalesce((SELECT sum(d.sold) FROM balance_days d WHERE d.item_id = b.item_id AND d.location_id = b.location_id
                        AND d.day > ? AND d.day <= ?), 0) AS sold,
            coalesce((SELECT sum(max(pl.quantity - pl.received, 0)) FROM purchase_orders po CROSS JOIN purchase_order_lines pl ON pl.purchase_order_id = po.id
                       WHERE pl.item_id = b.item_id AND +po.location_id = b.location_id AND po.status IN (${onOrderStatuses})), 0) AS on_order,
            coalesce((SELECT sum(CASE WHEN t.status = 'approved' THEN tl.quantity ELSE tl.shipped - tl.received - tl.lost END)
                        FROM transfers t CROSS JOIN transfer_lines tl ON tl.transfer_id = t.id
                       WHERE tl.item_id = b.item_id AND +t.to_location_id = b.location_id
                         AND t.status IN ('approved', 'in_transit', 'partially_received')), 0) AS inbound,
            json_object('min', ${ruleFieldSql('min', 'b.item_id', 'b.location_id')}, 'max', ${ruleFieldSql('max', 'b.item_id', 'b.location_id')}) AS rule
          FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
          LEFT JOIN shipped sh ON sh.item_id = b.item_id AND sh.location_id = b.location_id
         WHERE b.is_virtual = 0 ${where}
         ORDER BY l.code, i.sku`,
    args: [...shippedArgs, ...available.args, today - options.windowDays, today, ...args],
  });
  return rows.map((r) => {
    const rule = r['rule']
      ? (JSON.parse(String(r['rule'])) as { min: number | null; max: number | null })
      : { min: null, max: null };
    const onHand = Number(r['on_hand']);
    const sold = Number(r['sold']);
    return {
      itemId: Number(r['item_id']),
      sku: String(r['sku']),
      locationId: Number(r['location_id']),
      location: String(r['code']),
      onHand,
      available: Number(r['available']),
      velocity: sold / options.windowDays,
      sold,
      shipped: Number(r['shipped']),
      min: rule.min,
      max: rule.max,
      onOrder: Number(r['on_order']),
      inbound: Number(r['inbound']),
      avgUnitCostE4: r['avg_unit_cost_e4'] === null ? null : Number(r['avg_unit_cost_e4']),
    };
  });
}

/** For each item, the supplier of its latest purchase order line, and that line's cost. */
export async function suppliersOfItems(q: Executor): Promise<Map<number, SupplierOfItem>> {
  // One index seek per item (`purchase_order_lines_by_item`): the cost stays flat as
  // years of orders pile up, where grouping every line grew with each one.
  const { rows } = await q.execute(`
    SELECT pl.item_id, s.id, s.name, s.lead_time_days, s.pack_size, pl.unit_cost_e4
      FROM items i
      JOIN purchase_order_lines pl
        ON pl.id = (SELECT max(l.id) FROM purchase_order_lines l WHERE l.item_id = i.id)
      JOIN purchase_orders po ON po.id = pl.purchase_order_id
      JOIN suppliers s ON s.id = po.supplier_id`);
  return new Map(
    rows.map((r) => [
      Number(r['item_id']),
      {
        supplierId: Number(r['id']),
        name: String(r['name']),
        leadTimeDays: Number(r['lead_time_days']),
        packSize: Number(r['pack_size']),
        lastUnitCostE4: Number(r['unit_cost_e4']),
      },
    ]),
  );
}
