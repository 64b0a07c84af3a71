import {
  MovementBatchInput,
  postMovementBatch,
} from '../services/movements/post-movement-batch.js';
import type { MovementInput } from '../services/movements/prepare-movement.js';
import type { PurchaseOrderDto } from '../services/purchase-orders/po-record.js';
import type { TransferDto } from '../services/transfers/transfer-record.js';
import { CLERK_AT, DEMO_ITEMS, DEMO_SUPPLIERS, eanFor, type DemoItem } from './catalogue.js';
import type { Random } from './random.js';
import { shopDemand, storeDemand, STORES } from './setup.js';
import { chinaDay, DAY_MS, type DemoWorld, type Lines } from './world.js';

export interface HistoryPlan {
  /** The day the opening orders are placed (negative: before the demo's day 0). */
  openingDay: number;
  /** Sales run from this day to day −1. */
  salesFrom: number;
  /** Items the warehouse forgot to reorder since `forgottenSince`: it ran out, and today's pending order is for them. */
  forgotten: readonly string[];
  forgottenSince: number;
  /** Items whose first delivery came partly as an old lot, expiring this many days after day 0. */
  oldLots: Readonly<Record<string, number>>;
}

const roundUp = (n: number, pack: number) => Math.max(pack, Math.ceil(n / pack) * pack);
/** A slow climb through the season (autumn tea, gifts before the holidays): 1 three months ago, 1.25 now. */
const seasonAt = (day: number) => 1 + 0.25 * Math.min(1, Math.max(0, (day + 90) / 90));

/**
 * A few months of the shop's life, day by day, through the services: the opening
 * orders and the first fill of the stores, then each day every store's sales (the
 * till's export, a breakage now and then), each Monday the stores' requests to the
 * warehouse and the warehouse's orders to its suppliers, received after their lead
 * time. Sales never ask for more than the store has, so nothing is refused and the
 * history is the same on every run.
 */
export async function runHistory(
  world: DemoWorld,
  rng: Random,
  plan: HistoryPlan,
): Promise<{ sales: number; transfers: number; orders: number }> {
  const items = new Map(DEMO_ITEMS.map((item, i) => [item.sku, { item, ean: eanFor(i + 1) }]));
  const arrivals = new Map<number, Array<{ order?: PurchaseOrderDto; transfer?: TransferDto }>>();
  const onOrder = new Map<string, number>();
  const expect = (day: number, arrival: { order?: PurchaseOrderDto; transfer?: TransferDto }) =>
    arrivals.set(day, [...(arrivals.get(day) ?? []), arrival]);
  let sales = 0;
  let transfers = 0;
  let orders = 0;

  /** A lot made some weeks before it arrives, expiring after the item's shelf life. */
  const lotOf = (day: number, order: PurchaseOrderDto) => (sku: string) => {
    const item = items.get(sku)!.item;
    if (item.shelfLifeDays === undefined) return undefined;
    const made = world.at(day, 9) - rng.int(7, 40) * DAY_MS;
    return {
      lot: `${chinaDay(made).replaceAll('-', '').slice(2)}-${order.id}`,
      expiresOn: chinaDay(made + item.shelfLifeDays * DAY_MS),
    };
  };

  // The opening: every supplier's items for six weeks of the whole shop's sales.
  for (const [index, supplier] of DEMO_SUPPLIERS.entries()) {
    // An old lot is a big, cheap first delivery: four months of sales, so some of it is still there.
    const lines = DEMO_ITEMS.filter((i) => i.supplier === index).map((i) => ({
      sku: i.sku,
      quantity: roundUp(
        shopDemand(i.perDay) * (plan.oldLots[i.sku] === undefined ? 42 : 120),
        i.caseSize,
      ),
    }));
    const order = await world.orderStock(index, lines, world.at(plan.openingDay, 15));
    const day = plan.openingDay + supplier.leadTimeDays;
    const received = await world.receiveOrder(order, world.at(day, 9), (sku) => {
      const days = plan.oldLots[sku];
      // An old lot on the first delivery: the lot that is expiring (or has expired) today.
      return days === undefined
        ? lotOf(day, order)(sku)
        : { lot: `OLD-${sku}`, expiresOn: chinaDay(world.at(days, 12)) };
    });
    orders++;
    if (received.status !== 'received')
      throw new Error(`opening order ${order.id} is ${received.status}`);
  }

  for (let day = plan.salesFrom - 1; day < 0; day++) {
    for (const arrival of arrivals.get(day) ?? []) {
      if (arrival.order) {
        await world.receiveOrder(arrival.order, world.at(day, 9), lotOf(day, arrival.order));
        for (const l of arrival.order.lines)
          onOrder.set(l.sku, (onOrder.get(l.sku) ?? 0) - l.quantity);
      }
      if (arrival.transfer) await world.receiveTransfer(arrival.transfer, world.at(day, 9));
    }
    const monday = (day - plan.salesFrom + 1) % 7 === 0;
    if (monday) {
      transfers += await fillStores(world, day, day === plan.salesFrom - 1 ? 21 : 14, expect);
      orders += await reorder(world, day, onOrder, plan, expect);
    }
    if (day >= plan.salesFrom) sales += await sellDay(world, rng, day, items);
  }
  return { sales, transfers, orders };
}

/** Monday morning: each store asks the warehouse for what it lacks, up to `days` of sales. */
async function fillStores(
  world: DemoWorld,
  day: number,
  days: number,
  expect: (day: number, a: { transfer: TransferDto }) => void,
): Promise<number> {
  const warehouse = await world.available('W1', world.at(day, 8));
  let count = 0;
  for (const store of STORES) {
    const shelf = await world.available(store.code, world.at(day, 8));
    const lines: Lines = [];
    for (const item of DEMO_ITEMS) {
      // What the store expects to sell this season, plus a couple on the shelf for show.
      const demand = storeDemand(item.perDay, store.traffic) * seasonAt(day);
      const have = shelf.get(item.sku) ?? 0;
      if (have >= demand * 9 + 2) continue;
      const quantity = Math.min(Math.ceil(demand * days) + 2 - have, warehouse.get(item.sku) ?? 0);
      if (quantity <= 0) continue;
      lines.push({ sku: item.sku, quantity });
      warehouse.set(item.sku, (warehouse.get(item.sku) ?? 0) - quantity);
    }
    if (lines.length === 0) continue;
    const transfer = await world.requestTransfer(
      'W1',
      store.code,
      lines,
      world.at(day, 9),
      `${store.name}周一补货`,
    );
    expect(day + 1, { transfer });
    count++;
  }
  return count;
}

/** Monday afternoon: the warehouse orders what will run short before the next delivery could come. */
async function reorder(
  world: DemoWorld,
  day: number,
  onOrder: Map<string, number>,
  plan: HistoryPlan,
  expect: (day: number, a: { order: PurchaseOrderDto }) => void,
): Promise<number> {
  const warehouse = await world.available('W1', world.at(day, 14));
  let count = 0;
  for (const [index, supplier] of DEMO_SUPPLIERS.entries()) {
    const lines: Lines = [];
    for (const item of DEMO_ITEMS.filter((i) => i.supplier === index)) {
      if (plan.forgotten.includes(item.sku) && day > plan.forgottenSince) continue;
      const daily = shopDemand(item.perDay);
      const position = (warehouse.get(item.sku) ?? 0) + (onOrder.get(item.sku) ?? 0);
      if (position >= daily * (supplier.leadTimeDays + 14)) continue;
      lines.push({
        sku: item.sku,
        quantity: roundUp(daily * (supplier.leadTimeDays + 35) - position, item.caseSize),
      });
    }
    if (lines.length === 0) continue;
    const order = await world.orderStock(index, lines, world.at(day, 15));
    for (const l of lines) onOrder.set(l.sku, (onOrder.get(l.sku) ?? 0) + l.quantity);
    expect(day + supplier.leadTimeDays, { order });
    count++;
  }
  return count;
}

/** One day of sales in every store, posted in the evening from the till's export, by the store's clerk. */
async function sellDay(
  world: DemoWorld,
  rng: Random,
  day: number,
  items: Map<string, { item: DemoItem; ean: string }>,
): Promise<number> {
  const weekday = new Date(world.at(day, 12)).getUTCDay();
  const busy = weekday === 0 || weekday === 6 ? 1.45 : weekday === 5 ? 1.15 : 0.9;
  const season = seasonAt(day);
  let posted = 0;
  for (const store of STORES) {
    const shelf = await world.available(store.code, world.at(day, 21));
    const rows: Array<MovementInput & { at: number }> = [];
    // Now and then a cup or a lid does not survive the day.
    const breakable = DEMO_ITEMS.filter(
      (i) => i.shelfLifeDays === undefined && (shelf.get(i.sku) ?? 0) > 3,
    );
    if (breakable.length > 0 && rng.next() < 0.08) {
      const item = breakable[rng.int(0, breakable.length - 1)]!;
      const at = world.at(day, 9.5);
      rows.push({
        type: 'scrap',
        sku: item.sku,
        quantity: 1,
        location: store.code,
        reason: '打碎',
        occurredAt: new Date(at).toISOString(),
        at,
      });
      shelf.set(item.sku, shelf.get(item.sku)! - 1);
    }
    // The till's end-of-day export: one line per item sold, by barcode for most, by sku for the rest.
    for (const { item, ean } of items.values()) {
      const quantity = Math.min(
        shelf.get(item.sku) ?? 0,
        rng.poisson(storeDemand(item.perDay, store.traffic) * busy * season),
      );
      if (quantity === 0) continue;
      const at = world.at(day, 10 + rng.next() * 11);
      const code = rng.next() < 0.66 ? { barcode: ean } : { sku: item.sku };
      rows.push({
        type: 'issue',
        ...code,
        quantity,
        location: store.code,
        occurredAt: new Date(at).toISOString(),
        at,
      });
    }
    if (rows.length === 0) continue;
    rows.sort((a, b) => a.at - b.at);
    const outcome = await postMovementBatch({
      ctx: world.as(CLERK_AT[store.code]!, world.at(day, 21.5)),
      input: MovementBatchInput.parse({
        rows: rows.map(({ at: _at, ...row }) => ({
          ...row,
          reference: `POS-${store.code}-${chinaDay(world.at(day, 12))}`,
        })),
      }),
    });
    posted += outcome.posted;
  }
  return posted;
}
