import { and, asc, eq, gt, inArray, or, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { items, locations, lots, movementLots, movements, users } from '../../db/schema.js';
import type { LotSplit } from '../ledger/lot-ledger.js';
import type { Queryable } from '../../db/types.js';
import type { PostedMovement } from '../ledger/posting.js';
import type { MovementType } from '../../domain/movement.js';

const source = alias(locations, 'source');
const target = alias(locations, 'target');

/** Movements with everything a client shows (sku, location codes, actor), in seq order. */
export async function loadMovements(
  q: Queryable,
  filter: {
    seq?: number;
    seqs?: number[];
    itemId?: number;
    locationId?: number;
    afterSeq?: number;
    limit: number;
  },
): Promise<Array<PostedMovement & { actorName: string }>> {
  const conditions: SQL[] = [];
  if (filter.seq !== undefined) conditions.push(eq(movements.seq, filter.seq));
  if (filter.seqs !== undefined) conditions.push(inArray(movements.seq, filter.seqs));
  if (filter.itemId !== undefined) conditions.push(eq(movements.itemId, filter.itemId));
  if (filter.locationId !== undefined) {
    conditions.push(
      or(eq(movements.sourceId, filter.locationId), eq(movements.targetId, filter.locationId))!,
    );
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
  const lots = await lotsOf(
    q,
    rows.map((r) => r.m.seq),
  );
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
    document:
      m.documentType !== null && m.documentId !== null
        ? { type: m.documentType, id: m.documentId }
        : undefined,
    unitCostE4: m.unitCostE4 ?? undefined,
    ...(lots.has(m.seq) ? { lots: lots.get(m.seq)! } : {}),
  }));
}

/** The lot split of these movements (only lot-tracked items have one). */
async function lotsOf(q: Queryable, seqs: number[]): Promise<Map<number, LotSplit>> {
  const bySeq = new Map<number, LotSplit>();
  for (let i = 0; i < seqs.length; i += 500) {
    const chunk = seqs.slice(i, i + 500);
    const rows = await q
      .select({
        seq: movementLots.seq,
        quantity: movementLots.quantity,
        id: lots.id,
        code: lots.code,
        expiresOn: lots.expiresOn,
      })
      .from(movementLots)
      .innerJoin(lots, eq(lots.id, movementLots.lotId))
      .where(inArray(movementLots.seq, chunk))
      .orderBy(asc(movementLots.seq), asc(lots.expiresOn), asc(lots.code));
    for (const r of rows) {
      const list = bySeq.get(r.seq) ?? [];
      list.push({ lot: { id: r.id, code: r.code, expiresOn: r.expiresOn }, quantity: r.quantity });
      bySeq.set(r.seq, list);
    }
  }
  return bySeq;
}
