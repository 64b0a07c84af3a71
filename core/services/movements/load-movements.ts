import { and, asc, eq, gt, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { items, locations, movements, users } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import type { PostedMovement } from '../ledger/ledger-session.js';
import type { MovementType } from '../../domain/movement.js';

const source = alias(locations, 'source');
const target = alias(locations, 'target');

/** Movements with everything a client shows (sku, location codes, actor), in seq order. */
export async function loadMovements(
  q: Queryable,
  filter: { seq?: number; itemId?: number; locationId?: number; afterSeq?: number; limit: number },
): Promise<Array<PostedMovement & { actorName: string }>> {
  const conditions: SQL[] = [];
  if (filter.seq !== undefined) conditions.push(eq(movements.seq, filter.seq));
  if (filter.itemId !== undefined) conditions.push(eq(movements.itemId, filter.itemId));
  if (filter.locationId !== undefined) {
    conditions.push(or(eq(movements.sourceId, filter.locationId), eq(movements.targetId, filter.locationId))!);
  }
  if (filter.afterSeq !== undefined) conditions.push(gt(movements.seq, filter.afterSeq));
  const rows = await q
    .select({
      m: movements,
      sku: items.sku,
      sourceCode: source.code,
      sourceVirtual: source.isVirtual,
      targetCode: target.code,
      targetVirtual: target.isVirtual,
      actorName: users.name,
    })
    .from(movements)
    .innerJoin(items, eq(items.id, movements.itemId))
    .innerJoin(source, eq(source.id, movements.sourceId))
    .innerJoin(target, eq(target.id, movements.targetId))
    .innerJoin(users, eq(users.id, movements.actorId))
    .where(and(...conditions))
    .orderBy(asc(movements.seq))
    .limit(filter.limit);
  return rows.map(({ m, ...r }) => ({
    seq: m.seq,
    type: m.type as MovementType,
    item: { id: m.itemId, sku: r.sku },
    source: { id: m.sourceId, code: r.sourceCode, isVirtual: r.sourceVirtual },
    target: { id: m.targetId, code: r.targetCode, isVirtual: r.targetVirtual },
    quantity: m.quantity,
    occurredAt: m.occurredAt,
    postedAt: m.postedAt,
    actorId: m.actorId,
    actorName: r.actorName,
    reason: m.reason ?? undefined,
    reference: m.reference ?? undefined,
    reservationId: m.reservationId ?? undefined,
    reversesSeq: m.reversesSeq ?? undefined,
    document: m.documentType !== null && m.documentId !== null ? { type: m.documentType, id: m.documentId } : undefined,
    unitCostE4: m.unitCostE4 ?? undefined,
  }));
}
