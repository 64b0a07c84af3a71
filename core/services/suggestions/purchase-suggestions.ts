import { z } from 'zod';
import { fromE4 } from '../../domain/money.js';
import { orderQuantity, reorderPoint } from '../../domain/replenishment.js';
import { rawReader, type ServiceContext } from '../context.js';
import { notFound, validationFailed } from '../errors.js';
import { RefResolver } from '../ledger/refs.js';
import { LocationCode, QueryInt } from '../schemas.js';
import { loadStockFigures, suppliersOfItems } from './stock-figures.js';

export const PurchaseSuggestionsInput = z.strictObject({
  location: LocationCode,
  /** Days of sales the velocity is measured over. */
  windowDays: QueryInt(1, 365).default(28),
  /** How often orders are placed: demand until the next order. */
  reviewDays: QueryInt(0, 365).default(7),
  /** For items never ordered from a supplier yet. */
  leadTimeDays: QueryInt(0, 365).default(7),
});
export type PurchaseSuggestionsInput = z.infer<typeof PurchaseSuggestionsInput>;

export const PurchaseSuggestion = z
  .object({
    sku: z.string(),
    quantity: z.number().int(),
    supplier: z.object({ id: z.number().int(), name: z.string(), lastUnitCost: z.number() }).nullable(),
    figures: z.object({
      sold: z.number().int(),
      windowDays: z.number().int(),
      velocity: z.number(),
      leadTimeDays: z.number().int(),
      reviewDays: z.number().int(),
      safetyStock: z.number(),
      reorderPoint: z.number(),
      onHand: z.number().int(),
      available: z.number().int(),
      onOrder: z.number().int(),
      inbound: z.number().int(),
      position: z.number().int(),
      max: z.number().nullable(),
      packSize: z.number().int(),
    }),
  })
  .meta({ id: 'PurchaseSuggestion' });
export type PurchaseSuggestion = z.infer<typeof PurchaseSuggestion>;

/**
 * What to order for a location: every item whose position (available + on order +
 * arriving) is below its reorder point, with the figures used, so that a person can
 * check the arithmetic. Lead time and pack size come from the item's last supplier.
 */
export async function purchaseSuggestions({ ctx, input }: { ctx: ServiceContext; input: PurchaseSuggestionsInput }): Promise<PurchaseSuggestion[]> {
  const q = rawReader(ctx);
  const location = (await new RefResolver(q).load({ locations: [input.location] })).location(input.location);
  if (!location) throw notFound('location', input.location);
  if (location.isVirtual) throw validationFailed([{ path: 'location', code: 'location_must_be_internal' }]);
  const [figures, suppliers] = await Promise.all([
    loadStockFigures(q, { locationId: location.id, windowDays: input.windowDays, now: ctx.now() }),
    suppliersOfItems(q),
  ]);
  return figures.flatMap((f) => {
    const supplier = suppliers.get(f.itemId);
    const position = f.available + f.onOrder + f.inbound;
    const math = {
      velocity: f.velocity,
      leadTimeDays: supplier?.leadTimeDays ?? input.leadTimeDays,
      reviewDays: input.reviewDays,
      safetyStock: f.min ?? 0,
      max: f.max,
      packSize: supplier?.packSize ?? 1,
      position,
    };
    const quantity = orderQuantity(math);
    if (quantity <= 0) return [];
    return [
      {
        sku: f.sku,
        quantity,
        supplier: supplier ? { id: supplier.supplierId, name: supplier.name, lastUnitCost: fromE4(supplier.lastUnitCostE4) } : null,
        figures: {
          sold: f.sold,
          windowDays: input.windowDays,
          velocity: round(f.velocity),
          leadTimeDays: math.leadTimeDays,
          reviewDays: math.reviewDays,
          safetyStock: math.safetyStock,
          reorderPoint: round(reorderPoint(math)),
          onHand: f.onHand,
          available: f.available,
          onOrder: f.onOrder,
          inbound: f.inbound,
          position,
          max: f.max,
          packSize: math.packSize,
        },
      },
    ];
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;
