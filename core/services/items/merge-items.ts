import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { mergedAverageE4 } from '../../domain/money.js';
import { items } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { notFound, ServiceError, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { RefResolver, type LocationRef } from '../refs.js';
import { Sku } from '../schemas.js';
import { ItemDto, withBarcodes } from './item-dto.js';
import { assertMayEditItems } from './item-master.js';
import { requireWriteAt } from '../scope.js';

export const MergeItemInput = z.strictObject({ into: Sku }).meta({ id: 'MergeItemInput' });
export type MergeItemInput = z.infer<typeof MergeItemInput>;

export const MergeResult = z
  .object({
    merged: ItemDto,
    into: ItemDto,
    moved: z.array(z.object({ location: z.string(), quantity: z.number().int() })),
  })
  .meta({ id: 'MergeResult' });
export type MergeResult = z.infer<typeof MergeResult>;

/**
 * Merges an item into another that turned out to be the same product (two stores
 * used two codes). In one transaction: the merged item's stock at every store and
 * warehouse moves to the kept item by movements (`merge_out` to `@adjustment`,
 * `merge_in` from it, so each item's ledger still balances), its barcodes move, the
 * kept item's moving-average cost takes in the merged stock's, and the merged item
 * becomes inactive, its sku naming the kept item in new requests. Its history stays
 * its own. Refused while holds or open documents still name the merged item.
 */
export async function mergeItem({
  ctx,
  sku,
  input,
}: {
  ctx: ServiceContext;
  sku: string;
  input: MergeItemInput;
}): Promise<MergeResult> {
  assertMayEditItems(ctx.actor);
  if (sku === input.into)
    throw validationFailed([{ path: 'into', code: 'merge_into_itself', params: { sku } }]);
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const [from] = await tx.select().from(items).where(eq(items.sku, sku));
    const [into] = await tx.select().from(items).where(eq(items.sku, input.into));
    if (!from) throw notFound('item', sku);
    if (!into) throw notFound('item', input.into);
    if (from.mergedIntoId !== null)
      throw new ServiceError('invalid_state', {
        params: { entity: 'item', status: 'merged' },
        details: { sku },
      });
    if (into.mergedIntoId !== null)
      throw new ServiceError('invalid_state', {
        params: { entity: 'item', status: 'merged' },
        details: { sku: input.into },
      });
    // Lots are per item: merging lot-tracked items would have to merge their lots too.
    for (const item of [from, into]) {
      if (item.lotTracked)
        throw new ServiceError('invalid_state', {
          params: { entity: 'item', status: 'lot_tracked' },
          details: { sku: item.sku },
        });
    }
    await refuseWhileInUse(tx, from.id, sku);

    const { rows } = await tx.raw.execute({
      sql: `SELECT l.id, l.code, b.on_hand FROM balances b JOIN locations l ON l.id = b.location_id
             WHERE b.item_id = ? AND b.is_virtual = 0 AND b.on_hand > 0 ORDER BY l.code`,
      args: [from.id],
    });
    const stock = rows.map((r) => ({
      location: { id: Number(r['id']), code: String(r['code']), isVirtual: false } as LocationRef,
      quantity: Number(r['on_hand']),
    }));
    requireWriteAt(
      ctx.actor,
      stock.map((s) => s.location.id),
    );

    const adjustment = (
      await new RefResolver(tx.raw).load({ locations: ['@adjustment'] })
    ).location('@adjustment')!;
    const fromRef = { id: from.id, sku: from.sku };
    const intoRef = { id: into.id, sku: into.sku };
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    }).withoutAlertsFor(from.id);
    await session.load(
      stock.flatMap((s) =>
        [fromRef, intoRef].flatMap((item) => [
          { item, location: s.location },
          { item, location: adjustment },
        ]),
      ),
    );
    const common = {
      occurredAt: now,
      reason: 'merge',
      reference: `merge:${from.sku}>${into.sku}`,
      document: { type: 'item_merge', id: from.id },
    };
    for (const s of stock) {
      session.post({
        ...common,
        type: 'merge_out',
        item: fromRef,
        source: s.location,
        target: adjustment,
        quantity: s.quantity,
      });
      session.post({
        ...common,
        type: 'merge_in',
        item: intoRef,
        source: adjustment,
        target: s.location,
        quantity: s.quantity,
      });
    }
    await session.flush();

    const onHand = async (itemId: number) =>
      Number(
        (
          await tx.raw.execute({
            sql: `SELECT coalesce(sum(on_hand), 0) AS n FROM balances WHERE item_id = ? AND is_virtual = 0`,
            args: [itemId],
          })
        ).rows[0]!['n'],
      );
    const moved = stock.reduce((sum, s) => sum + s.quantity, 0);
    const avg = mergedAverageE4(
      { onHand: (await onHand(into.id)) - moved, avgE4: into.avgUnitCostE4 },
      { onHand: moved, avgE4: from.avgUnitCostE4 },
    );
    await tx.raw.execute({
      sql: `UPDATE barcodes SET item_id = ? WHERE item_id = ?`,
      args: [into.id, from.id],
    });
    // Items merged into this one before now stand for the kept item too.
    await tx.raw.execute({
      sql: `UPDATE items SET merged_into_id = ? WHERE merged_into_id = ?`,
      args: [into.id, from.id],
    });
    await tx
      .update(items)
      .set({ active: false, mergedIntoId: into.id })
      .where(eq(items.id, from.id));
    await tx.update(items).set({ avgUnitCostE4: avg }).where(eq(items.id, into.id));
    await tx.raw.execute({
      sql: `UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE item_id = ? AND status IN ('open', 'acknowledged')`,
      args: [now, from.id],
    });

    const [mergedDto, intoDto] = await withBarcodes(tx, [
      (await tx.select().from(items).where(eq(items.id, from.id)))[0]!,
      (await tx.select().from(items).where(eq(items.id, into.id)))[0]!,
    ]);
    const result = {
      merged: mergedDto!,
      into: intoDto!,
      moved: stock.map((s) => ({ location: s.location.code, quantity: s.quantity })),
    };
    await audit(tx, ctx, {
      action: 'item.merge',
      entity: 'item',
      entityId: from.sku,
      before: { sku: from.sku, into: null },
      after: result,
    });
    return result;
  });
}

/** Holds and unfinished documents that still name the item: merging would strand them. */
async function refuseWhileInUse(tx: Tx, itemId: number, sku: string): Promise<void> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT
            (SELECT count(*) FROM reservations WHERE item_id = ?1 AND status = 'pending') AS holds,
            (SELECT json_group_array(t.id) FROM transfers t WHERE t.status IN ('draft', 'pending_approval', 'approved', 'in_transit', 'partially_received')
                AND EXISTS (SELECT 1 FROM transfer_lines l WHERE l.transfer_id = t.id AND l.item_id = ?1)) AS transfers,
            (SELECT json_group_array(p.id) FROM purchase_orders p WHERE p.status IN ('draft', 'pending_approval', 'approved', 'partially_received')
                AND EXISTS (SELECT 1 FROM purchase_order_lines l WHERE l.purchase_order_id = p.id AND l.item_id = ?1)) AS purchaseOrders,
            (SELECT json_group_array(s.id) FROM stocktakes s WHERE s.status IN ('open', 'submitted', 'approved')
                AND EXISTS (SELECT 1 FROM stocktake_lines l WHERE l.stocktake_id = s.id AND l.item_id = ?1)) AS stocktakes`,
    args: [itemId],
  });
  const row = rows[0]!;
  const blockers = {
    holds: Number(row['holds']),
    transfers: JSON.parse(String(row['transfers'])) as number[],
    purchaseOrders: JSON.parse(String(row['purchaseOrders'])) as number[],
    stocktakes: JSON.parse(String(row['stocktakes'])) as number[],
  };
  if (
    blockers.holds > 0 ||
    blockers.transfers.length + blockers.purchaseOrders.length + blockers.stocktakes.length > 0
  ) {
    throw new ServiceError('invalid_state', {
      params: { entity: 'item', status: 'in_use' },
      details: { sku, ...blockers },
    });
  }
}
