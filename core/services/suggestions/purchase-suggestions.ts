import { z } from 'zod';
import { fromE4 } from '../../domain/money.js';
import { localDay } from '../../domain/time.js';
import {
  neededQuantity,
  reorderPoint,
  replenish,
  sourcesOf,
  spareAt,
} from '../../domain/replenishment.js';
import { rawReader, type ServiceContext } from '../context.js';
import { notFound, validationFailed } from '../errors.js';
import { loadForecasts } from '../forecasts/load-forecasts.js';
import { RefResolver } from '../refs.js';
import { shopZone } from '../settings/read-settings.js';
import { LocationCode, QueryInt } from '../schemas.js';
import {
  demandOf,
  type DemandMethod,
  MethodParam,
  ServiceLevelQuery,
  type DemandOptions,
} from './demand.js';
import { loadStockFigures, suppliersOfItems, type SupplierOfItem } from './stock-figures.js';
import { loadSupplyConfig, supplyLines } from './supply.js';

export const PurchaseSuggestionsInput = z.strictObject({
  location: LocationCode,
  /** Days of sales the velocity is measured over. */
  windowDays: QueryInt(1, 365).default(28),
  /** How often orders are placed: demand until the next order. */
  reviewDays: QueryInt(0, 365).default(7),
  /** For items never ordered from a supplier yet. */
  leadTimeDays: QueryInt(0, 365).default(7),
  method: MethodParam,
  serviceLevel: ServiceLevelQuery,
});
export type PurchaseSuggestionsInput = z.infer<typeof PurchaseSuggestionsInput>;

const Source = z.object({
  location: z.string(),
  available: z.number().int(),
  keeps: z.number().int().describe('Its own reorder point: what it keeps for itself'),
  spare: z.number().int().describe('available − keeps, at least 0: what it can give'),
});

export const PurchaseSuggestion = z
  .object({
    sku: z.string(),
    quantity: z.number().int(),
    action: z
      .enum(['purchase', 'transfer'])
      .describe('Buy from the supplier, or request a transfer from `from`'),
    from: z.string().nullable().describe('The store or warehouse to request the transfer from'),
    supplier: z
      .object({ id: z.number().int(), name: z.string(), lastUnitCost: z.number() })
      .nullable(),
    figures: z.object({
      method: z
        .enum(['forecast', 'velocity', 'minmax'] satisfies DemandMethod[])
        .describe(
          'What measured demand: the forecast, velocity over the window, or the rule’s min/max alone',
        ),
      sold: z.number().int(),
      shipped: z
        .number()
        .int()
        .describe('Shipped by transfer to the locations it supplies, over the window'),
      windowDays: z.number().int(),
      velocity: z.number().describe('(sold + shipped) / windowDays'),
      leadTimeDays: z.number().int(),
      reviewDays: z.number().int(),
      coverDays: z.number().int().describe('leadTimeDays + reviewDays: the days the order covers'),
      forecastPerDay: z
        .number()
        .nullable()
        .describe('forecast: its demand per day over the cover days (null for other methods)'),
      forecastError: z
        .number()
        .nullable()
        .describe(
          'forecast: the standard deviation of its total over the cover days, in units (its own one-day errors, carried over the days)',
        ),
      serviceLevel: z.number().nullable().describe('forecast: the service level asked for'),
      z: z.number().nullable().describe('forecast: the normal quantile of serviceLevel'),
      demand: z
        .number()
        .describe(
          'Demand over the cover days: forecast (+ shipped / windowDays × coverDays), velocity × coverDays, or 0 (minmax)',
        ),
      safetyStock: z
        .number()
        .describe('forecast: z × forecastError; velocity and minmax: the rule’s min'),
      reorderPoint: z.number().describe('demand + safetyStock'),
      onHand: z.number().int(),
      available: z.number().int(),
      onOrder: z.number().int(),
      inbound: z.number().int(),
      position: z.number().int(),
      max: z
        .number()
        .nullable()
        .describe(
          'The rule’s max the need goes up to (velocity, minmax); null: up to the reorder point',
        ),
      needed: z
        .number()
        .int()
        .describe('Up to max (or the reorder point) from the position, before packs'),
      packSize: z.number().int(),
    }),
    sources: z
      .array(Source)
      .describe(
        'The locations it may be replenished from, as checked; a transfer needs one whose spare covers `needed`',
      ),
  })
  .meta({ id: 'PurchaseSuggestion' });
export type PurchaseSuggestion = z.infer<typeof PurchaseSuggestion>;

/**
 * What to replenish at a location: every item whose position (available + on order,
 * drafts included, + arriving) is below its reorder point, with the figures used, so
 * that a person can check the arithmetic. A location with sources (a store: the
 * warehouses, or the location it names as its supplier) gets a transfer suggestion
 * when one of them can spare the whole need; otherwise it buys. Lead time and pack
 * size come from the item's last supplier.
 */
export async function purchaseSuggestions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PurchaseSuggestionsInput;
}): Promise<PurchaseSuggestion[]> {
  const q = rawReader(ctx);
  const refs = await new RefResolver(q).load({ locations: [input.location] });
  const location = refs.location(input.location);
  if (!location) throw notFound('location', input.location);
  if (location.isVirtual)
    throw validationFailed([{ path: 'location', code: 'location_must_be_internal' }]);
  const supply = await loadSupplyConfig(q);
  const here = supply.find((l) => l.code === location.code);
  const sourceCodes = here ? sourcesOf(here, supply) : [];
  const now = ctx.now();
  const supplied = supplyLines(supply);
  const [figures, suppliers] = await Promise.all([
    loadStockFigures(q, { locationId: location.id, supplied, windowDays: input.windowDays, now }),
    suppliersOfItems(q),
  ]);
  const sourceIds = sourceCodes.flatMap((c) => supply.find((l) => l.code === c)?.id ?? []);
  const models =
    input.method === 'velocity' || input.method === 'minmax'
      ? new Map<string, never>()
      : await loadForecasts(q, { locationIds: [location.id, ...sourceIds] });
  const today = localDay(now, await shopZone(q));
  const options = (supplier: SupplierOfItem | undefined): DemandOptions => ({
    method: input.method,
    leadTimeDays: supplier?.leadTimeDays ?? input.leadTimeDays,
    reviewDays: input.reviewDays,
    packSize: supplier?.packSize ?? 1,
    windowDays: input.windowDays,
    serviceLevel: input.serviceLevel,
    today,
  });
  const plans = figures.flatMap((f) => {
    const supplier = suppliers.get(f.itemId);
    const math = demandOf(f, models.get(`${f.itemId}:${f.locationId}`), options(supplier));
    return math ? [{ f, supplier, math }] : [];
  });
  const needing = plans.filter((p) => neededQuantity(p.math) > 0);
  const atSources =
    needing.length && sourceIds.length
      ? await loadStockFigures(q, {
          locationIds: sourceIds,
          itemIds: needing.map((p) => p.f.itemId),
          supplied,
          windowDays: input.windowDays,
          now,
        })
      : [];
  const atSource = new Map(atSources.map((s) => [`${s.itemId}:${s.location}`, s]));

  // What a source keeps for itself: its own reorder point, by the same method where it can.
  const keepsAt = (there: (typeof atSources)[number]) => {
    const supplier = suppliers.get(there.itemId);
    const model = models.get(`${there.itemId}:${there.locationId}`);
    const math =
      demandOf(there, model, options(supplier)) ??
      demandOf(there, model, { ...options(supplier), method: 'auto' })!;
    return reorderPoint(math);
  };

  return needing.flatMap(({ f, supplier, math }) => {
    const sources = sourceCodes.map((code) => {
      const there = atSource.get(`${f.itemId}:${code}`);
      const stock = {
        location: code,
        available: there?.available ?? 0,
        keeps: there ? Math.ceil(keepsAt(there)) : 0,
      };
      return { ...stock, spare: spareAt(stock) };
    });
    const plan = replenish(math, sources);
    if (plan.kind === 'none') return [];
    return [
      {
        sku: f.sku,
        quantity: plan.quantity,
        action: plan.kind,
        from: plan.kind === 'transfer' ? plan.from : null,
        supplier: supplier
          ? {
              id: supplier.supplierId,
              name: supplier.name,
              lastUnitCost: fromE4(supplier.lastUnitCostE4),
            }
          : null,
        figures: {
          method: math.method,
          sold: f.sold,
          shipped: f.shipped,
          windowDays: input.windowDays,
          velocity: round(math.velocity),
          leadTimeDays: math.leadTimeDays,
          reviewDays: math.reviewDays,
          coverDays: math.coverDays,
          forecastPerDay: nullable(math.forecastPerDay),
          forecastError: nullable(math.forecastError),
          serviceLevel: math.method === 'forecast' ? input.serviceLevel : null,
          z: nullable(math.z),
          demand: round(math.demand),
          safetyStock: round(math.safetyStock),
          reorderPoint: round(reorderPoint(math)),
          onHand: f.onHand,
          available: f.available,
          onOrder: f.onOrder,
          inbound: f.inbound,
          position: math.position,
          max: math.max,
          needed: plan.needed,
          packSize: math.packSize,
        },
        sources,
      },
    ];
  });
}

const round = (n: number) => Math.round(n * 1000) / 1000;
const nullable = (n: number | null) => (n === null ? null : round(n));
