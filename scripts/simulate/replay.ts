import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DAY_MS } from '../../core/domain/alerts.js';
import { openDatabase, type Database } from '../../core/db/client.js';
import { verifyLedger, type VerifyReport } from '../../core/services/admin/verify-ledger.js';
import type { ServiceContext } from '../../core/services/context.js';
import { refreshForecasts } from '../../core/services/forecasts/refresh-forecasts.js';
import { createItem, CreateItemInput } from '../../core/services/items/create-item.js';
import { createLocation } from '../../core/services/locations/create-location.js';
import {
  MovementBatchInput,
  postMovementBatch,
} from '../../core/services/movements/post-movement-batch.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderInput,
} from '../../core/services/purchase-orders/create-purchase-order.js';
import type { PurchaseOrderDto } from '../../core/services/purchase-orders/po-record.js';
import { receivePurchaseOrder } from '../../core/services/purchase-orders/receive-purchase-order.js';
import { stockValue } from '../../core/services/reports/stock-value.js';
import { createSupplier, CreateSupplierInput } from '../../core/services/suppliers/suppliers.js';
import { bootstrapAdmin } from '../../core/services/users/bootstrap-admin.js';
import type { Demand } from './demand.js';
import { POLICIES, type PolicyName, type Shop } from './policies.js';

export interface ReplayOptions {
  demand: Demand;
  policy: PolicyName;
  leadTimeDays: number;
  /** Orders are placed every this many days (1: every evening). */
  reviewDays: number;
  /** The first days are history the shop already had: sold from ample stock, not counted. */
  historyDays: number;
  serviceLevel: number;
  /** Raises (or lowers) minmax's levels and velocity's cover: the knob to tune a policy to a fill rate. */
  scale: number;
  /** Called once a simulated month, for progress. */
  onProgress?: (day: number, days: number) => void;
}

export interface Figures {
  store: string;
  demanded: number;
  sold: number;
  /** Units refused for lack of stock, as the ledger recorded them. */
  refused: number;
  /** Item × days with demand that stock could not cover. */
  stockOutDays: number;
  /** Average units and value on hand at the end of a day. */
  unitsOnHand: number;
  valueOnHand: number;
  orders: number;
  orderLines: number;
}

export interface ReplayResult {
  policy: PolicyName;
  /** The days replayed after the history. */
  days: number;
  firstDay: string;
  lastDay: string;
  stores: Figures[];
  total: Figures;
  ms: number;
  /** Where the run time went: selling, receiving, reading stock value, forecasting, ordering (ms). */
  phases: Record<Phase, number>;
  verify: VerifyReport;
}

type Phase = 'sell' | 'receive' | 'value' | 'forecast' | 'order';

const HOUR_MS = 3_600_000;
export const storeCode = (store: string) => `S${store}`;
export const skuOf = (item: string) => `ITEM-${item.padStart(2, '0')}`;
/** The data has no prices: items cost 1.50, 2.00, … 13.50 (by their number), so that value weighs dear items more. */
export const unitCostOf = (item: string) => 1 + (Number(item) || 1) * 0.5;

/**
 * Replays a demand history day by day through the service functions, on a fresh
 * temp-file database: each day's demand is sold at each store (one batch per store;
 * what stock cannot cover is refused by the ledger, which records the refusal, and what
 * is there is sold), purchase orders due are received, and each evening the policy's
 * suggestions become approved purchase orders, received `leadTimeDays` later. Every
 * figure reported comes back out of the ledger (per-day figures, stock value), and
 * the ledger is verified at the end.
 */
export async function replay(options: ReplayOptions): Promise<ReplayResult> {
  const started = performance.now();
  const { demand, leadTimeDays: lead, historyDays } = options;
  if (demand.days <= historyDays)
    throw new Error(`the demand has ${demand.days} days; the history alone takes ${historyDays}`);
  const dir = mkdtempSync(join(tmpdir(), 'inventory-simulate-'));
  const database = await openDatabase({ url: `file:${join(dir, 'simulate.db')}` });
  try {
    await bootstrapAdmin(database, `simulate-${Math.random()}`);
    const clock = { now: (demand.firstDay - 1) * DAY_MS + 8 * HOUR_MS };
    const ctx: ServiceContext = {
      database,
      actor: { id: 1, name: 'admin', role: 'admin', locationIds: null },
      requestId: 'simulate',
      client: 'api',
      now: () => clock.now,
    };
    const stores = [...new Set(demand.series.map((s) => s.store))];
    const shop = await openShop(ctx, demand, options, stores);
    const policy = POLICIES[options.policy];
    const at = (day: number, hours: number) =>
      (clock.now = (demand.firstDay + day) * DAY_MS + hours * HOUR_MS);
    const due = new Map<number, PurchaseOrderDto[]>();
    const totals = new Map(stores.map((s) => [s, { units: 0, value: 0 }]));
    let placedFrom = 0;
    const phases: Record<Phase, number> = { sell: 0, receive: 0, value: 0, forecast: 0, order: 0 };
    const timed = async <T>(phase: Phase, fn: () => Promise<T>): Promise<T> => {
      const t0 = process.env['SIMULATE_CPU'] ? process.cpuUsage() : performance.now();
      try {
        return await fn();
      } finally {
        phases[phase] +=
          typeof t0 === 'number'
            ? performance.now() - t0
            : ((u) => (u.user + u.system) / 1000)(process.cpuUsage(t0));
      }
    };

    // A day is one transaction: early in the morning the forecast worker takes in
    // yesterday, what was ordered `lead` days ago arrives and the orders are placed (from
    // what the ledger knew at the end of yesterday), then the day's sales. The refusals
    // it recorded are their own write, after it.
    for (let day = 0; day < demand.days; day++) {
      await database.write(async (tx) => {
        const inner = { ...ctx, tx };
        if (options.policy === 'forecast' && day >= historyDays) {
          at(day, 0.25);
          await timed('forecast', () =>
            refreshForecasts(database, { now: clock.now, workerId: 'simulate', tx }),
          );
        }
        at(day, 0.5);
        await timed('receive', () => receive(inner, due.get(day) ?? []));
        due.delete(day);
        if (day === historyDays) {
          await policy.setup(inner, shop);
          placedFrom = clock.now;
        }
        if (day >= historyDays && (day - historyDays) % options.reviewDays === 0) {
          at(day, 1);
          const placed = await timed('order', () => policy.order(inner, shop));
          if (placed.length > 0) due.set(day + lead, [...(due.get(day + lead) ?? []), ...placed]);
        }
        at(day, 12);
        await timed('sell', () => sellTheDay(inner, demand, day));
      });
      if (day >= historyDays) {
        const value = await timed('value', () => stockValue({ ctx, input: {} }));
        for (const l of value.locations) {
          const t = totals.get(l.location.slice(1));
          if (t) (t.units += l.units), (t.value += l.value);
        }
      }
      if (options.onProgress && day % 30 === 0) options.onProgress(day, demand.days);
    }
    await database.drain();
    const figures = await ledgerFigures(database, demand, options, stores, totals, placedFrom);
    const sum = (key: keyof Omit<Figures, 'store'>) => figures.reduce((s, f) => s + f[key], 0);
    const total: Figures = {
      store: 'total',
      demanded: sum('demanded'),
      sold: sum('sold'),
      refused: sum('refused'),
      stockOutDays: sum('stockOutDays'),
      unitsOnHand: sum('unitsOnHand'),
      valueOnHand: sum('valueOnHand'),
      orders: sum('orders'),
      orderLines: sum('orderLines'),
    };
    const day = (n: number) => new Date((demand.firstDay + n) * DAY_MS).toISOString().slice(0, 10);
    return {
      policy: options.policy,
      days: demand.days - historyDays,
      firstDay: day(historyDays),
      lastDay: day(demand.days - 1),
      stores: figures,
      total,
      verify: await verifyLedger(database.client),
      ms: performance.now() - started,
      phases,
    };
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Stores, items and the supplier; then the opening stock, bought on one purchase order
 * per store at each item's cost: what the history days will sell plus `lead + review`
 * days of their average, so that every policy starts from the same shelf.
 */
async function openShop(
  ctx: ServiceContext,
  demand: Demand,
  o: ReplayOptions,
  stores: string[],
): Promise<Shop> {
  for (const store of stores)
    await createLocation({
      ctx,
      input: { code: storeCode(store), name: `Store ${store}`, kind: 'store' },
    });
  const items = [...new Set(demand.series.map((s) => s.item))];
  for (const item of items)
    await createItem({
      ctx,
      input: CreateItemInput.parse({ sku: skuOf(item), name: `Item ${item}` }),
    });
  const supplier = await createSupplier({
    ctx,
    input: CreateSupplierInput.parse({ name: 'Wholesaler', leadTimeDays: o.leadTimeDays }),
  });
  const history = (daily: number[]) => daily.slice(0, o.historyDays).reduce((s, d) => s + d, 0);
  for (const store of stores) {
    const lines = demand.series
      .filter((s) => s.store === store)
      .map((s) => ({
        sku: skuOf(s.item),
        quantity:
          history(s.daily) +
          Math.ceil((history(s.daily) / o.historyDays) * (o.leadTimeDays + o.reviewDays)),
        unitCost: unitCostOf(s.item),
      }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) continue;
    const po = await createPurchaseOrder({
      ctx,
      input: CreatePurchaseOrderInput.parse({
        supplier: supplier.id,
        location: storeCode(store),
        lines,
        note: 'opening stock',
      }),
    });
    await receivePurchaseOrder({
      ctx,
      id: po.id,
      input: { lines: lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
    });
  }
  return { demand, supplierId: supplier.id, stores: stores.map(storeCode), options: o };
}

/**
 * The day's sales at every store as one batch (the tills' day, sent together). A row
 * the stock cannot cover is refused, and the ledger records the refusal with how many
 * units it was short; then what the shelf still had of it is sold.
 */
async function sellTheDay(ctx: ServiceContext, demand: Demand, day: number): Promise<void> {
  const rows = demand.series
    .filter((s) => s.daily[day]! > 0)
    .map((s) => ({
      type: 'issue' as const,
      sku: skuOf(s.item),
      quantity: s.daily[day]!,
      location: storeCode(s.store),
    }));
  if (rows.length === 0) return;
  const outcome = await postMovementBatch({
    ctx,
    input: MovementBatchInput.parse({ rows, atomic: false }),
  });
  const rest = outcome.results.flatMap((r) => {
    if (r.status !== 'rejected') return [];
    if (r.error.code !== 'insufficient_stock') fail(r.error);
    const available = (r.error.details as { available: number }).available;
    return available > 0 ? [{ ...rows[r.index]!, quantity: available }] : [];
  });
  if (rest.length > 0)
    await postMovementBatch({ ctx, input: MovementBatchInput.parse({ rows: rest, atomic: true }) });
}

function fail(error: unknown): never {
  throw error instanceof Error ? error : new Error(JSON.stringify(error));
}

async function receive(ctx: ServiceContext, orders: readonly PurchaseOrderDto[]): Promise<void> {
  for (const po of orders) {
    await receivePurchaseOrder({
      ctx,
      id: po.id,
      input: { lines: po.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
    });
  }
}

/** What happened after the history, per store, read back from the ledger. */
async function ledgerFigures(
  database: Database,
  demand: Demand,
  o: ReplayOptions,
  stores: string[],
  totals: Map<string, { units: number; value: number }>,
  placedFrom: number,
): Promise<Figures[]> {
  const days = demand.days - o.historyDays;
  const { rows } = await database.client.execute({
    sql: `SELECT l.code, sum(d.sold) AS sold, sum(d.refused_quantity) AS refused, sum(d.refused_quantity > 0) AS outs
            FROM balance_days d JOIN locations l ON l.id = d.location_id
           WHERE d.day >= ? GROUP BY l.code`,
    args: [demand.firstDay + o.historyDays],
  });
  const orders = await database.client.execute({
    sql: `SELECT l.code, count(DISTINCT po.id) AS orders, count(*) AS lines
            FROM purchase_orders po JOIN purchase_order_lines pl ON pl.purchase_order_id = po.id JOIN locations l ON l.id = po.location_id
           WHERE po.created_at >= ? GROUP BY l.code`,
    args: [placedFrom],
  });
  return stores.map((store) => {
    const day = rows.find((r) => r['code'] === storeCode(store));
    const placed = orders.rows.find((r) => r['code'] === storeCode(store));
    const t = totals.get(store)!;
    return {
      store: storeCode(store),
      demanded: demand.series
        .filter((s) => s.store === store)
        .reduce((sum, s) => sum + s.daily.slice(o.historyDays).reduce((a, b) => a + b, 0), 0),
      sold: Number(day?.['sold'] ?? 0),
      refused: Number(day?.['refused'] ?? 0),
      stockOutDays: Number(day?.['outs'] ?? 0),
      unitsOnHand: t.units / days,
      valueOnHand: t.value / days,
      orders: Number(placed?.['orders'] ?? 0),
      orderLines: Number(placed?.['lines'] ?? 0),
    };
  });
}
