import { z } from 'zod';
import type { ServiceContext } from '../context.js';
import { rawReader, reader } from '../context.js';
import { RefResolver } from '../refs.js';
import { notFound } from '../errors.js';
import { LocationCode, QueryInt, Sku } from '../schemas.js';
import { loadMovements } from './load-movements.js';
import { MovementDto, toMovementDto } from './movement-dto.js';

export const ListMovementsInput = z.strictObject({
  sku: Sku.optional(),
  location: LocationCode.optional(),
  afterSeq: QueryInt(0, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 1000).default(100),
});
export type ListMovementsInput = z.infer<typeof ListMovementsInput>;

export const MovementPage = z.object({
  items: z.array(MovementDto),
  nextAfterSeq: z.number().int(),
});
export type MovementPage = z.infer<typeof MovementPage>;

/**
 * Movements in ledger order, after `afterSeq`. `nextAfterSeq` is what to pass next
 * time: the last seq returned, or `afterSeq` again when there is nothing new, so a
 * poller can keep calling with it.
 */
export async function listMovements({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListMovementsInput;
}): Promise<MovementPage> {
  const q = reader(ctx);
  const refs = await new RefResolver(rawReader(ctx), { followMerges: false }).load({
    skus: input.sku ? [input.sku] : [],
    locations: input.location ? [input.location] : [],
  });
  const item = input.sku ? refs.item(input.sku) : undefined;
  if (input.sku && !item) throw notFound('item', input.sku);
  const location = input.location ? refs.location(input.location) : undefined;
  if (input.location && !location) throw notFound('location', input.location);

  const rows = await loadMovements(q, {
    itemId: item?.id,
    locationId: location?.id,
    afterSeq: input.afterSeq,
    limit: input.limit,
  });
  const items = rows.map((r) => toMovementDto(r, r.actorName));
  return { items, nextAfterSeq: items.at(-1)?.seq ?? input.afterSeq ?? 0 };
}
