import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { canWriteAt } from '../../domain/actor.js';
import { stocktakes } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import {
  cancelApprovals,
  decideAudited,
  openApprovals,
  type DecisionOutcome,
} from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { everyLine } from '../problems.js';
import { RefResolver } from '../refs.js';
import { publish } from '../outbox.js';
import {
  loadStocktake,
  stocktakeSubject,
  toStocktakeDto,
  type StocktakeDto,
  type StocktakeRecord,
} from './stocktake-record.js';
import { requireWriteAt } from '../scope.js';

export const SubmitStocktakeInput = z
  .strictObject({
    version: z.number().int().positive().nullish(),
    /**
     * What the items not counted mean: `zero` — they are not on the shelf (a full
     * count); `skip` — leave their book as it is. Required when some are uncounted.
     */
    uncounted: z.enum(['zero', 'skip']).optional(),
  })
  .meta({ id: 'SubmitStocktakeInput' });
export type SubmitStocktakeInput = z.infer<typeof SubmitStocktakeInput>;

/**
 * Ends counting: fixes each counted line's variance (counted − book at its count) and
 * unit cost, then asks the `stocktake_variance` policy's approvers when a line is over
 * one of its thresholds, or approves at once.
 */
export async function submitStocktake({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: SubmitStocktakeInput;
}): Promise<StocktakeDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const s = await loadStocktake(tx, id);
    requireWriteAt(ctx.actor, [s.location.id]);
    assertCan('stocktake', s, 'submit', input.version);

    const uncounted = await uncountedSkus(tx, s);
    if (uncounted.length > 0 && input.uncounted === undefined) {
      throw validationFailed([
        {
          path: 'uncounted',
          code: 'uncounted_lines',
          params: { count: uncounted.length, skus: uncounted.slice(0, 20).join(', ') },
        },
      ]);
    }
    if (uncounted.length > 0 && input.uncounted === 'zero') await countAsZero(tx, ctx, s, now);
    const counted = await tx.raw.execute({
      sql: `UPDATE stocktake_lines SET variance = counted - book_at_count,
                   unit_cost_e4 = (SELECT avg_unit_cost_e4 FROM items WHERE items.id = stocktake_lines.item_id)
             WHERE stocktake_id = ? AND counted IS NOT NULL`,
      args: [s.id],
    });
    if (counted.rowsAffected === 0)
      throw validationFailed([{ path: 'uncounted', code: 'nothing_counted' }]);
    await tx
      .update(stocktakes)
      .set({ submittedAt: now, submittedBy: ctx.actor.id })
      .where(eq(stocktakes.id, s.id));

    const fixed = await loadStocktake(tx, id);
    const asked = await openApprovals(tx, ctx, stocktakeSubject(fixed));
    const status = asked === 'pending_approval' ? 'submitted' : 'approved';
    await transition(tx, 'stocktake', fixed, 'submit', status, now);
    await audit(tx, ctx, {
      action: 'stocktake.submit',
      entity: 'stocktake',
      entityId: s.id,
      before: { status: s.status },
      after: { status, uncounted: input.uncounted ?? null, uncountedLines: uncounted.length },
    });
    await publish(tx, now, {
      topic: `stocktake.${status}`,
      document: { type: 'stocktake', id: s.id },
      payload: { stocktakeId: s.id, location: s.location.code, status },
    });
    return toStocktakeDto(await loadStocktake(tx, id), ctx.actor);
  });
}

/** Approves the pending step, or rejects: the stocktake goes back to `open` to be recounted. */
export async function decideStocktake({
  ctx,
  id,
  approve,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}): Promise<StocktakeDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const s = await loadStocktake(tx, id);
    const { decided } = await decideAudited(tx, ctx, stocktakeSubject(s), {
      approve,
      input,
    });
    return { ...toStocktakeDto(await loadStocktake(tx, id), ctx.actor), decided };
  });
}

/**
 * Posts the approved differences: one adjustment per line with a variance
 * (`@adjustment → location` for a surplus, the reverse for a shortage), all in one
 * transaction, each carrying the stocktake as its document. A shortage larger than
 * what is available now (sold or held since the count) is refused, listing every
 * such line; nothing is posted.
 */
export async function postStocktake({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<StocktakeDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const s = await loadStocktake(tx, id);
    requireWriteAt(ctx.actor, [s.location.id]);
    assertCan('stocktake', s, 'post', version);

    const refs = await new RefResolver(tx.raw).load({ locations: ['@adjustment'] });
    const adjustment = refs.location('@adjustment')!;
    const lines = s.lines.filter((l) => l.variance !== null && l.variance !== 0);
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    await session.load(
      lines.flatMap((l) => [
        { item: { id: l.itemId, sku: l.sku }, location: s.location },
        { item: { id: l.itemId, sku: l.sku }, location: adjustment },
      ]),
    );
    everyLine(
      lines,
      (l) => {
        const surplus = l.variance! > 0;
        session.post({
          type: 'adjustment',
          item: { id: l.itemId, sku: l.sku },
          source: surplus ? adjustment : s.location,
          target: surplus ? s.location : adjustment,
          quantity: Math.abs(l.variance!),
          occurredAt: now,
          reason: 'stocktake',
          reference: `stocktake:${s.id}`,
          document: { type: 'stocktake', id: s.id },
        });
      },
      (i) => `lines.${s.lines.indexOf(lines[i]!)}`,
    );
    await session.flush();
    await transition(tx, 'stocktake', s, 'post', 'posted', now);
    await tx
      .update(stocktakes)
      .set({ postedAt: now, postedBy: ctx.actor.id })
      .where(eq(stocktakes.id, s.id));
    await audit(tx, ctx, {
      action: 'stocktake.post',
      entity: 'stocktake',
      entityId: s.id,
      before: { status: s.status },
      after: { status: 'posted', adjustments: lines.length },
    });
    await publish(tx, now, {
      topic: 'stocktake.posted',
      document: { type: 'stocktake', id: s.id },
      payload: { stocktakeId: s.id, location: s.location.code, adjustments: lines.length },
    });
    return toStocktakeDto(await loadStocktake(tx, id), ctx.actor);
  });
}

/** Cancels before posting (its creator, or a manager or admin at the location); nothing is adjusted. */
export async function cancelStocktake({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<StocktakeDto> {
  return withTransaction(ctx, async (tx) => {
    const s = await loadStocktake(tx, id);
    const manager =
      (ctx.actor.role === 'manager' || ctx.actor.role === 'admin') &&
      canWriteAt(ctx.actor, [s.location.id]);
    if (ctx.actor.id !== s.requestedBy && !manager) throw forbidden('not_requester_or_manager');
    assertCan('stocktake', s, 'cancel', version);
    await transition(tx, 'stocktake', s, 'cancel', 'cancelled', ctx.now());
    await cancelApprovals(tx, s);
    await audit(tx, ctx, {
      action: 'stocktake.cancel',
      entity: 'stocktake',
      entityId: s.id,
      before: { status: s.status },
      after: { status: 'cancelled' },
    });
    await publish(tx, ctx.now(), {
      topic: 'stocktake.cancelled',
      document: { type: 'stocktake', id: s.id },
      payload: { stocktakeId: s.id, status: 'cancelled' },
    });
    return toStocktakeDto(await loadStocktake(tx, id), ctx.actor);
  });
}

/**
 * Lines not counted: in a list, its lines without a count; in a count of everything,
 * also every item on hand at the location that nobody counted.
 */
async function uncountedSkus(tx: Tx, s: StocktakeRecord): Promise<string[]> {
  const listed = s.lines.filter((l) => l.counted === null).map((l) => l.sku);
  if (s.scope === 'list') return listed;
  const { rows } = await tx.raw.execute({
    sql: `SELECT i.sku FROM balances b JOIN items i ON i.id = b.item_id
           WHERE b.location_id = ? AND b.on_hand <> 0
             AND NOT EXISTS (SELECT 1 FROM stocktake_lines l WHERE l.stocktake_id = ? AND l.item_id = b.item_id AND l.counted IS NOT NULL)
           ORDER BY i.sku`,
    args: [s.location.id, s.id],
  });
  return [...listed, ...rows.map((r) => String(r['sku']))];
}

/** `uncounted: zero`: every uncounted line is counted as 0 against the book of now. */
async function countAsZero(
  tx: Tx,
  ctx: ServiceContext,
  s: StocktakeRecord,
  now: number,
): Promise<void> {
  const book = `coalesce((SELECT on_hand FROM balances b WHERE b.item_id = stocktake_lines.item_id AND b.location_id = ?), 0)`;
  await tx.raw.execute({
    sql: `UPDATE stocktake_lines SET counted = 0, book_at_count = ${book}, counted_at = ?, counted_by = ?
           WHERE stocktake_id = ? AND counted IS NULL`,
    args: [s.location.id, now, ctx.actor.id, s.id],
  });
  if (s.scope === 'all') {
    await tx.raw.execute({
      sql: `INSERT INTO stocktake_lines (stocktake_id, item_id, counted, book_at_count, counted_at, counted_by)
            SELECT ?, b.item_id, 0, b.on_hand, ?, ? FROM balances b
             WHERE b.location_id = ? AND b.on_hand <> 0
               AND NOT EXISTS (SELECT 1 FROM stocktake_lines l WHERE l.stocktake_id = ? AND l.item_id = b.item_id)`,
      args: [s.id, now, ctx.actor.id, s.location.id, s.id],
    });
  }
}
