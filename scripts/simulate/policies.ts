import { fromE4 } from '../../core/domain/money.js';
import { orderQuantity } from '../../core/domain/replenishment.js';
import { putAlertRules } from '../../core/services/alerts/alert-rules.js';
import { rawReader, type ServiceContext } from '../../core/services/context.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderInput,
} from '../../core/services/purchase-orders/create-purchase-order.js';
import { submitPurchaseOrder } from '../../core/services/purchase-orders/purchase-order-lifecycle.js';
import type { PurchaseOrderDto } from '../../core/services/purchase-orders/po-record.js';
import {
  orderSuggestions,
  OrderSuggestionsInput,
} from '../../core/services/suggestions/order-suggestions.js';
import {
  loadStockFigures,
  suppliersOfItems,
} from '../../core/services/suggestions/stock-figures.js';
import type { Demand } from './demand.js';
import type { ReplayOptions } from './replay.js';

export type PolicyName = 'forecast' | 'velocity' | 'minmax';
export const POLICY_NAMES: PolicyName[] = ['forecast', 'velocity', 'minmax'];

export interface Shop {
  demand: Demand;
  supplierId: number;
  /** Store codes. */
  stores: string[];
  options: ReplayOptions;
}

export interface Policy {
  /** Run once, at the end of the history days. */
  setup(ctx: ServiceContext, shop: Shop): Promise<void>;
  /** Turns the evening's suggestions into approved purchase orders; returns them. */
  order(ctx: ServiceContext, shop: Shop): Promise<PurchaseOrderDto[]>;
}

const WINDOW_DAYS = 28;

export const POLICIES: Record<PolicyName, Policy> = {
  /** `GET /suggestions/purchase?method=velocity`: velocity over 28 days × (lead time + review), no safety stock without a rule. */
  velocity: {
    async setup() {},
    async order(ctx, shop) {
      const { leadTimeDays: lead, reviewDays: review, scale } = shop.options;
      // The knob: days of cover, scaled and whole (the API takes whole days).
      const cover = Math.max(lead, Math.round(scale * (lead + review)));
      return orderAsSuggested(ctx, shop, {
        method: 'velocity',
        windowDays: WINDOW_DAYS,
        leadTimeDays: lead,
        reviewDays: cover - lead,
        serviceLevel: 0.95,
      });
    },
  },

  /**
   * The anchors' way: min and max set once, by hand, from the history's average daily
   * sales (min = average × lead time, max = 2 × min); below min, order up to max.
   */
  minmax: {
    async setup(ctx, shop) {
      const { historyDays, leadTimeDays, scale } = shop.options;
      const rules = shop.demand.series.map((s) => {
        const average = s.daily.slice(0, historyDays).reduce((a, b) => a + b, 0) / historyDays;
        const min = Math.round(average * leadTimeDays * scale);
        return {
          sku: `ITEM-${s.item.padStart(2, '0')}`,
          location: `S${s.store}`,
          min,
          max: 2 * min,
        };
      });
      await putAlertRules({ ctx, input: { rules } });
    },
    async order(ctx, shop) {
      return buy(ctx, shop, (f) =>
        orderQuantity({
          velocity: 0,
          leadTimeDays: 0,
          reviewDays: 0,
          safetyStock: f.min ?? 0,
          max: f.max,
          packSize: 1,
          position: f.position,
        }),
      );
    },
  },

  /**
   * `POST /suggestions/purchase/orders` with `method=auto`, as the product does it: the
   * stored forecast's demand over lead time + review plus safety stock from its error at
   * the service level; velocity for series without a forecast yet.
   */
  forecast: {
    async setup() {},
    async order(ctx, shop) {
      const { leadTimeDays, reviewDays, serviceLevel } = shop.options;
      return orderAsSuggested(ctx, shop, {
        method: 'auto',
        windowDays: WINDOW_DAYS,
        leadTimeDays,
        reviewDays,
        serviceLevel,
      });
    },
  },
};

/**
 * Each store's purchase suggestions made into draft orders by the service behind
 * `POST /suggestions/purchase/orders` (which reads them through the one behind `GET
 * /suggestions/purchase`), then submitted (approved at once: the actor is an admin).
 */
export async function orderAsSuggested(
  ctx: ServiceContext,
  shop: Shop,
  input: Omit<OrderSuggestionsInput, 'location' | 'lines'>,
): Promise<PurchaseOrderDto[]> {
  const placed: PurchaseOrderDto[] = [];
  for (const location of shop.stores) {
    const { orders } = await orderSuggestions({
      ctx,
      input: OrderSuggestionsInput.parse({ ...input, location }),
    });
    for (const po of orders as PurchaseOrderDto[])
      placed.push(await submitPurchaseOrder({ ctx, id: po.id }));
  }
  return placed;
}

/** One approved purchase order per store for the items `quantity` says to buy, at their last cost. */
async function buy(
  ctx: ServiceContext,
  shop: Shop,
  quantity: (
    f: Awaited<ReturnType<typeof loadStockFigures>>[number] & { position: number },
  ) => number,
): Promise<PurchaseOrderDto[]> {
  const q = rawReader(ctx);
  const [figures, suppliers] = await Promise.all([
    loadStockFigures(q, { windowDays: WINDOW_DAYS, now: ctx.now() }),
    suppliersOfItems(q),
  ]);
  const placed: PurchaseOrderDto[] = [];
  for (const location of shop.stores) {
    const lines = figures
      .filter((f) => f.location === location)
      .map((f) => ({
        sku: f.sku,
        quantity: quantity({ ...f, position: f.available + f.onOrder + f.inbound }),
        unitCost: fromE4(suppliers.get(f.itemId)!.lastUnitCostE4),
      }))
      .filter((l) => l.quantity > 0);
    if (lines.length === 0) continue;
    placed.push(
      await createPurchaseOrder({
        ctx,
        input: CreatePurchaseOrderInput.parse({
          supplier: shop.supplierId,
          location,
          lines,
          note: 'replenishment',
        }),
      }),
    );
  }
  return placed;
}
