import { z } from 'zod';
import { daysOfCover, rebalance } from '../../domain/replenishment.js';
import { localDay } from '../../domain/time.js';
import { rawReader, type ServiceContext } from '../context.js';
import { loadForecasts } from '../forecasts/load-forecasts.js';
import { QueryInt } from '../schemas.js';
import { shopZone } from '../settings/read-settings.js';
import { ratePerDay } from './demand.js';
import { loadStockFigures } from './stock-figures.js';

export const TransferSuggestionsInput = z.strictObject({
  windowDays: QueryInt(1, 365).default(28),
  /** Stores with less cover than this receive. */
  targetDays: QueryInt(1, 365).default(14),
  /** Stores with more cover than this give. */
  surplusDays: QueryInt(1, 3650).default(60),
  /** How long a transfer takes; a giver keeps what it needs meanwhile. */
  leadTimeDays: QueryInt(0, 365).default(2),
  method: z
    .enum(['auto', 'velocity'])
    .default('auto')
    .describe(
      'How a store’s demand per day is measured: auto (its forecast over lead time + target days where it has one, else velocity over the window) or velocity only',
    ),
});
export type TransferSuggestionsInput = z.infer<typeof TransferSuggestionsInput>;

const Side = z.object({
  location: z.string(),
  available: z.number().int(),
  method: z.enum(['forecast', 'velocity']).describe('What measured demandPerDay'),
  velocity: z.number().describe('Sold per day over the window'),
  forecastPerDay: z
    .number()
    .nullable()
    .describe('Its forecast per day over leadTimeDays + targetDays (null without one)'),
  demandPerDay: z.number().describe('The rate used: forecastPerDay, else velocity'),
  daysOfCover: z.number().nullable().describe('available / demandPerDay; null: forever'),
});
export const TransferSuggestion = z
  .object({
    sku: z.string(),
    quantity: z.number().int(),
    from: Side,
    to: Side.extend({ inbound: z.number().int() }),
  })
  .meta({ id: 'TransferSuggestion' });
export type TransferSuggestion = z.infer<typeof TransferSuggestion>;

const round = (n: number) => Math.round(n * 1000) / 1000;

/**
 * Moves to propose before anyone buys more: from stores with more than `surplusDays`
 * of cover to stores with less than `targetDays`, never taking what a store needs
 * itself within the move's lead time (see `rebalance`). A store's demand per day is its
 * forecast over lead time + target days where it has one, else its velocity. Days of
 * cover is `null` for "forever" (stock, no sales).
 */
export async function transferSuggestions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: TransferSuggestionsInput;
}): Promise<TransferSuggestion[]> {
  const q = rawReader(ctx);
  const [stock, models] = await Promise.all([
    loadStockFigures(q, { windowDays: input.windowDays, now: ctx.now() }),
    input.method === 'velocity' ? new Map() : loadForecasts(q, {}),
  ]);
  const today = localDay(ctx.now(), await shopZone(q));
  const figures = stock.map((f) => ({
    ...f,
    rate: ratePerDay(f, models.get(`${f.itemId}:${f.locationId}`), {
      method: input.method,
      today,
      days: input.leadTimeDays + input.targetDays,
    }),
  }));
  const byItem = new Map<string, typeof figures>();
  for (const f of figures) byItem.set(f.sku, [...(byItem.get(f.sku) ?? []), f]);
  const out: TransferSuggestion[] = [];
  for (const [sku, stores] of byItem) {
    const moves = rebalance(
      stores.map((f) => ({
        location: f.location,
        available: f.available,
        inbound: f.inbound,
        velocity: f.rate.perDay,
        min: f.min ?? 0,
      })),
      input,
    );
    for (const move of moves) {
      const from = stores.find((s) => s.location === move.from)!;
      const to = stores.find((s) => s.location === move.to)!;
      const side = (f: typeof from) => {
        const cover = daysOfCover(f.available, f.rate.perDay);
        return {
          location: f.location,
          available: f.available,
          method: f.rate.method,
          velocity: round(f.velocity),
          forecastPerDay: f.rate.forecastPerDay === null ? null : round(f.rate.forecastPerDay),
          demandPerDay: round(f.rate.perDay),
          daysOfCover: Number.isFinite(cover) ? Math.round(cover * 10) / 10 : null,
        };
      };
      out.push({
        sku,
        quantity: move.quantity,
        from: side(from),
        to: { ...side(to), inbound: to.inbound },
      });
    }
  }
  return out;
}
