import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { applyCount } from '../../domain/stocktake.js';
import { audit } from '../audit.js';
import { assertCan } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { validationFailed } from '../errors.js';
import { codesOfLines, lineItem, namedItem, unknownItemOf } from '../ledger/line-item.js';
import { parseRows, prefixed } from '../validation.js';
import { RefResolver, type ItemRef } from '../refs.js';
import { BarcodeCode, Sku, Quantity } from '../schemas.js';
import { loadStocktake, toStocktakeDto, type StocktakeDto } from './stocktake-record.js';
import { requireWriteAt } from '../scope.js';

export const CountLineInput = z.strictObject({
  sku: Sku.optional(),
  /** A scanned barcode: the quantity is in its packs (a case of 12 counts 12 per unit here). */
  barcode: BarcodeCode.optional(),
  /** `set`: negative not allowed. `add`: may be negative to undo a scan, as long as the count stays ≥ 0. */
  quantity: Quantity(z.number().int().min(-MAX_QUANTITY).max(MAX_QUANTITY)),
  /** Required: replace what the line has (`set`) or add to it (`add`). */
  mode: z.enum(['set', 'add']),
});

/** The envelope; lines are checked one by one (`parseRows`), so a malformed line hides nothing. */
export const RecordCountsInput = z.strictObject({
  lines: z.array(z.unknown()).min(1).max(10_000),
  version: z.number().int().positive().nullish(),
});
export type RecordCountsInput = z.infer<typeof RecordCountsInput>;
/** The counts as documented (lines typed). */
export const RecordCountsDoc = RecordCountsInput.extend({
  lines: z.array(CountLineInput).min(1).max(10_000),
}).meta({ id: 'RecordCountsInput' });

/**
 * Records one batch of counts, in order, all or nothing (every bad line is reported).
 * Each counted line takes the location's on hand at this moment as its book figure:
 * what sells after it was counted is not part of its difference. Several people may
 * count at once; each batch is one write transaction.
 */
export async function recordCounts({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: RecordCountsInput;
}): Promise<StocktakeDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const s = await loadStocktake(tx, id);
    requireWriteAt(ctx.actor, [s.location.id]);
    assertCan('stocktake', s, 'count', input.version);

    const rows = parseRows(CountLineInput, input.lines);
    const refs = await new RefResolver(tx.raw).load(codesOfLines(input.lines.map(namedItem)));
    const lines = new Map(s.lines.map((l) => [l.itemId, { counted: l.counted, exists: true }]));
    const changed = new Map<number, ItemRef>();
    const issues: Issue[] = rows.flatMap((r) =>
      'issues' in r
        ? [
            ...prefixed(r.issues, `lines.${r.index}`),
            ...unknownItemOf(refs, r.raw, `lines.${r.index}`),
          ]
        : [],
    );
    rows
      .flatMap((r) => ('value' in r ? [r] : []))
      .forEach(({ index: i, value: line }) => {
        const path = `lines.${i}`;
        const named = lineItem(refs, line, path);
        if ('code' in named) {
          issues.push(named);
          return;
        }
        const { item, multiplier } = named;
        let line_ = lines.get(item.id);
        if (!line_) {
          if (s.scope === 'list') {
            issues.push({
              path: `${path}.${line.sku ? 'sku' : 'barcode'}`,
              code: 'not_in_stocktake',
              params: { sku: item.sku },
            });
            return;
          }
          line_ = { counted: null, exists: false };
          lines.set(item.id, line_);
        }
        const result = applyCount(line_.counted, {
          quantity: line.quantity * multiplier,
          mode: line.mode,
        });
        if (!result.ok) {
          issues.push({
            path: `${path}.quantity`,
            ...result.issue,
            params: { ...result.issue.params, sku: item.sku },
          });
          return;
        }
        line_.counted = result.counted;
        changed.set(item.id, item);
      });
    if (issues.length > 0) throw validationFailed(issues);

    // The book figure of every line counted in this batch, as of now, in this transaction.
    const ids = [...changed.keys()];
    for (let i = 0; i < ids.length; i += 500) {
      const chunk = ids.slice(i, i + 500);
      const values = chunk.map(() => '(?, ?)').join(', ');
      await tx.raw.execute({
        sql: `WITH counts(item_id, counted) AS (VALUES ${values})
              INSERT INTO stocktake_lines (stocktake_id, item_id, counted, book_at_count, counted_at, counted_by)
              SELECT ?, c.item_id, c.counted,
                     coalesce((SELECT on_hand FROM balances b WHERE b.item_id = c.item_id AND b.location_id = ?), 0), ?, ?
                FROM counts c WHERE true
              ON CONFLICT (stocktake_id, item_id) DO UPDATE SET
                counted = excluded.counted, book_at_count = excluded.book_at_count,
                counted_at = excluded.counted_at, counted_by = excluded.counted_by`,
        args: [
          ...chunk.flatMap((itemId) => [itemId, lines.get(itemId)!.counted]),
          s.id,
          s.location.id,
          now,
          ctx.actor.id,
        ],
      });
    }
    await tx.raw.execute({
      sql: `UPDATE stocktakes SET version = version + 1, updated_at = ? WHERE id = ?`,
      args: [now, s.id],
    });
    await audit(tx, ctx, {
      action: 'stocktake.count',
      entity: 'stocktake',
      entityId: s.id,
      after: { lines: input.lines },
    });
    return toStocktakeDto(await loadStocktake(tx, id), ctx.actor);
  });
}
