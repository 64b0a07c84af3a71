import { z } from 'zod';
import type { ForecastModel } from '../../domain/forecast.js';
import { forecastCover } from '../../domain/forecast-cover.js';
import type { PurchaseFigures } from '../../domain/replenishment.js';
import type { StockFigures } from './stock-figures.js';

/**
 * How a suggestion measures demand. `auto` takes the first that applies, item by item:
 * the stored forecast (`forecasts`, kept by the worker) → velocity over the window (when
 * the window has any) → the rule's min/max.
 */
export const DEMAND_METHODS = ['auto', 'forecast', 'velocity', 'minmax'] as const;
export type DemandMethodChoice = (typeof DEMAND_METHODS)[number];
export type DemandMethod = Exclude<DemandMethodChoice, 'auto'>;

export const MethodParam = z
  .enum(DEMAND_METHODS)
  .default('auto')
  .describe(
    'How demand is measured: auto (the forecast where the item has one, else velocity over the window, else the rule’s min/max), or only forecast (items without one are left out), velocity (with the rule’s min as safety stock and its max) or minmax (reorder at the rule’s min, up to its max)',
  );

const SERVICE_LEVEL_DESCRIPTION =
  'The chance of not running out before the next order arrives (forecast only): safety stock = z(serviceLevel) × the forecast’s error over lead time + review';
export const ServiceLevelQuery = z.coerce
  .number()
  .min(0.5)
  .max(0.999)
  .default(0.95)
  .describe(SERVICE_LEVEL_DESCRIPTION);
export const ServiceLevelBody = z
  .number()
  .min(0.5)
  .max(0.999)
  .default(0.95)
  .describe(SERVICE_LEVEL_DESCRIPTION);

/** The demand side of a suggestion's arithmetic, whatever measured it. */
export interface DemandFigures extends PurchaseFigures {
  method: DemandMethod;
  /** Forecast demand per day over the days covered, the forecast total's error (units, one standard deviation) and z. */
  forecastPerDay: number | null;
  forecastError: number | null;
  z: number | null;
  /** Lead time + review period. */
  coverDays: number;
  /** The demand the order covers: the `demand` of `PurchaseFigures`, always set. */
  demand: number;
}

export interface DemandOptions {
  method: DemandMethodChoice;
  leadTimeDays: number;
  reviewDays: number;
  packSize: number;
  windowDays: number;
  serviceLevel: number;
  /** Today's day number: the forecast covers today and the days after. */
  today: number;
}

/**
 * Demand over lead time + review and the safety stock, by the method asked for (or the
 * first that applies, for `auto`); `null` when that method cannot say (`forecast` for an
 * item without a model).
 *
 * - forecast: the model's demand over the days covered, plus what the location ships to
 *   the locations it supplies at the window's rate (a warehouse's demand is also its
 *   stores'); safety stock = z × the forecast's error over those days; no max.
 * - velocity: (sold + shipped) / window × days; safety stock = the rule's min; its max.
 * - minmax: nothing but the rule: below min, up to max (no rule: nothing to order).
 */
export function demandOf(
  f: StockFigures,
  model: ForecastModel | undefined,
  o: DemandOptions,
): DemandFigures | null {
  const coverDays = o.leadTimeDays + o.reviewDays;
  const position = f.available + f.onOrder + f.inbound;
  const velocity = (f.sold + f.shipped) / o.windowDays;
  const common = {
    velocity,
    leadTimeDays: o.leadTimeDays,
    reviewDays: o.reviewDays,
    packSize: o.packSize,
    position,
    coverDays,
  };
  const method: DemandMethod =
    o.method !== 'auto'
      ? o.method
      : model
        ? 'forecast'
        : f.sold + f.shipped > 0
          ? 'velocity'
          : 'minmax';
  switch (method) {
    case 'forecast': {
      if (!model) return null;
      const cover = forecastCover(model, {
        fromDay: o.today,
        days: coverDays,
        serviceLevel: o.serviceLevel,
      });
      return {
        ...common,
        method,
        forecastPerDay: cover.perDay,
        forecastError: cover.error,
        z: cover.z,
        demand: cover.demand + (f.shipped / o.windowDays) * coverDays,
        safetyStock: cover.safetyStock,
        max: null,
      };
    }
    case 'velocity':
      return {
        ...common,
        method,
        forecastPerDay: null,
        forecastError: null,
        z: null,
        demand: velocity * coverDays,
        safetyStock: f.min ?? 0,
        max: f.max,
      };
    case 'minmax':
      return {
        ...common,
        method,
        forecastPerDay: null,
        forecastError: null,
        z: null,
        demand: 0,
        safetyStock: f.min ?? 0,
        max: f.min === null ? null : f.max,
      };
  }
}

/** Per day, the rate a transfer suggestion weighs a store's cover by: its forecast over `days` when it has one (and `auto`), else velocity. */
export function ratePerDay(
  f: StockFigures,
  model: ForecastModel | undefined,
  o: { method: 'auto' | 'velocity'; today: number; days: number },
): { method: 'forecast' | 'velocity'; forecastPerDay: number | null; perDay: number } {
  if (o.method === 'velocity' || !model)
    return { method: 'velocity', forecastPerDay: null, perDay: f.velocity };
  const perDay = forecastCover(model, {
    fromDay: o.today,
    days: Math.max(1, o.days),
    serviceLevel: 0.5,
  }).perDay;
  return { method: 'forecast', forecastPerDay: perDay, perDay };
}
