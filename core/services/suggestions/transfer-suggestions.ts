import { z } from 'zod';
import { daysOfCover, rebalance } from '../../domain/replenishment.js';
import { rawReader, type ServiceContext } from '../context.js';
import { QueryInt } from '../schemas.js';
import { loadStockFigures } from './stock-figures.js';

export const TransferSuggestionsInput = z.strictObject({
  windowDays: QueryInt(1, 365).default(28),
  /** Stores with less cover than this receive. */
  targetDays: QueryInt(1, 365).default(14),
  /** Stores with more cover than this give. */
  surplusDays: QueryInt(1, 3650).default(60),
  /** How long a transfer takes; a giver keeps what it needs meanwhile. */
  leadTimeDays: QueryInt(0, 365).default(2),
});
export type TransferSuggestionsInput = z.infer<typeof TransferSuggestionsInput>;

const Side = z.object({
  location: z.string(),
  available: z.number().int(),
  velocity: z.number(),
  daysOfCover: z.number().nullable(),
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

/**
 * Moves to propose before anyone buys more: from stores with more than `surplusDays`
 * of cover to stores with less than `targetDays`, never taking what a store needs
 * itself within the move's lead time (see `rebalance`). Days of cover is `null` for
 * "forever" (stock, no sales).
 */
export async function transferSuggestions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: TransferSuggestionsInput;
}): Promise<TransferSuggestion[]> {
  const figures = await loadStockFigures(rawReader(ctx), {
    windowDays: input.windowDays,
    now: ctx.now(),
  });
  const byItem = new Map<string, typeof figures>();
  for (const f of figures) byItem.set(f.sku, [...(byItem.get(f.sku) ?? []), f]);
  const out: TransferSuggestion[] = [];
  for (const [sku, stores] of byItem) {
    const moves = rebalance(
      stores.map((f) => ({
        location: f.location,
        available: f.available,
        inbound: f.inbound,
        velocity: f.velocity,
        min: f.min ?? 0,
      })),
      input,
    );
    for (const move of moves) {
      const from = stores.find((s) => s.location === move.from)!;
      const to = stores.find((s) => s.location === move.to)!;
      const side = (f: typeof from) => {
        const cover = daysOfCover(f.available, f.velocity);
        return {
          location: f.location,
          available: f.available,
          velocity: Math.round(f.velocity * 1000) / 1000,
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
