import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { stocktakeLines, stocktakes } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { validationFailed } from '../errors.js';
import { RefResolver } from '../refs.js';
import { LocationCode, Sku, Text } from '../schemas.js';
import { loadStocktake, toStocktakeDto, type StocktakeDto } from './stocktake-record.js';
import { requireWriteAt } from '../scope.js';

const DAY = 86_400_000;

export const CreateStocktakeInput = z
  .strictObject({
    location: LocationCode,
    /** Hide the book quantity from counters (clerks) until they are done. */
    blind: z.boolean().default(false),
    /** Count only these items. */
    skus: z.array(Sku).min(1).max(10_000).optional(),
    /** Cycle count: the items stocked here not counted (in a posted stocktake) for this many days. */
    notCountedDays: z.number().int().min(0).max(3650).optional(),
    /** With `notCountedDays`: at most this many, longest uncounted first. */
    limit: z.number().int().min(1).max(10_000).optional(),
    note: Text(1000).nullish(),
  })
  .meta({ id: 'CreateStocktakeInput' });
export type CreateStocktakeInput = z.infer<typeof CreateStocktakeInput>;

/**
 * Opens a count of one location: of every item (no `skus`, no `notCountedDays`), of
 * a list, or of the items due a cycle count. Nothing is frozen: the location keeps
 * selling, and each line records the book quantity when it is counted.
 */
export async function createStocktake({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateStocktakeInput;
}): Promise<StocktakeDto> {
  const issues: Issue[] = [];
  if (input.skus && input.notCountedDays !== undefined)
    issues.push({ path: 'notCountedDays', code: 'fields_exclusive', params: { field: 'skus' } });
  if (input.limit !== undefined && input.notCountedDays === undefined)
    issues.push({ path: 'limit', code: 'requires_field', params: { field: 'notCountedDays' } });
  input.skus?.forEach((sku, i) => {
    if (input.skus!.indexOf(sku) !== i)
      issues.push({ path: `skus.${i}`, code: 'invalid_value', params: { duplicate: sku } });
  });
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const refs = await new RefResolver(tx.raw).load({
      skus: input.skus ?? [],
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    requireWriteAt(ctx.actor, [location.id]);

    let itemIds: number[] = [];
    if (input.skus) {
      const unknown = input.skus.flatMap((sku, i) =>
        refs.item(sku) ? [] : [{ path: `skus.${i}`, code: 'unknown_sku', params: { sku } }],
      );
      if (unknown.length > 0) throw validationFailed(unknown);
      itemIds = input.skus.map((sku) => refs.item(sku)!.id);
    } else if (input.notCountedDays !== undefined) {
      itemIds = await dueForCount(
        tx,
        location.id,
        now - input.notCountedDays * DAY,
        input.limit ?? 10_000,
      );
      if (itemIds.length === 0)
        throw validationFailed([
          {
            path: 'notCountedDays',
            code: 'nothing_to_count',
            params: { days: input.notCountedDays },
          },
        ]);
    }
    const scope = input.skus || input.notCountedDays !== undefined ? 'list' : 'all';
    const [created] = await tx
      .insert(stocktakes)
      .values({
        locationId: location.id,
        status: 'open',
        blind: input.blind,
        scope,
        note: input.note ?? null,
        requestedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: stocktakes.id });
    const id = created!.id;
    for (let i = 0; i < itemIds.length; i += 500) {
      await tx
        .insert(stocktakeLines)
        .values(itemIds.slice(i, i + 500).map((itemId) => ({ stocktakeId: id, itemId })));
    }
    await audit(tx, ctx, {
      action: 'stocktake.create',
      entity: 'stocktake',
      entityId: id,
      after: {
        location: location.code,
        blind: input.blind,
        scope,
        lines: itemIds.length,
        notCountedDays: input.notCountedDays ?? null,
      },
    });
    return toStocktakeDto(await loadStocktake(tx, id), ctx.actor);
  });
}

/**
 * Cycle counting: active items with a balance at the location whose last count there
 * (in a posted stocktake) is older than `before`, or that were never counted there;
 * the longest uncounted first.
 */
async function dueForCount(
  tx: Tx,
  locationId: number,
  before: number,
  limit: number,
): Promise<number[]> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT i.id,
                 (SELECT max(l.counted_at) FROM stocktake_lines l JOIN stocktakes s ON s.id = l.stocktake_id
                   WHERE l.item_id = i.id AND s.location_id = ? AND s.status = 'posted' AND l.counted IS NOT NULL) AS last
            FROM balances b JOIN items i ON i.id = b.item_id
           WHERE b.location_id = ? AND i.active = 1 AND (last IS NULL OR last < ?)
           ORDER BY coalesce(last, 0), i.sku
           LIMIT ?`,
    args: [locationId, locationId, before, limit],
  });
  return rows.map((r) => Number(r['id']));
}
