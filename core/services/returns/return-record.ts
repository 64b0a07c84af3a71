import { RETURN_STATUSES } from '../../domain/documents.js';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { quarantineCode } from '../../domain/locations.js';
import { customerReturns, items, locations, lots, returnLines } from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import type { ServiceContext } from '../context.js';
import { alreadyExists, notFound } from '../errors.js';
import type { LocationRef, LotRef } from '../refs.js';

export const ReturnDto = z
  .object({
    id: z.number().int(),
    location: z.string(),
    status: z.enum(RETURN_STATUSES),
    inspect: z.boolean(),
    quarantine: z.string().nullable().describe('Where the stock waits for inspection'),
    reference: z.string().nullable(),
    reason: z.string().nullable(),
    version: z.number().int(),
    createdAt: z.string(),
    lines: z.array(
      z.object({
        sku: z.string(),
        lot: z.string().nullable(),
        quantity: z.number().int(),
        originalMovement: z.number().int().nullable(),
        accepted: z.number().int(),
        scrapped: z.number().int(),
        pending: z.number().int().describe('Still in quarantine'),
      }),
    ),
  })
  .meta({ id: 'Return' });
export type ReturnDto = z.infer<typeof ReturnDto>;

export interface ReturnRecord {
  id: number;
  location: LocationRef;
  status: ReturnDto['status'];
  inspect: boolean;
  reference: string | null;
  reason: string | null;
  version: number;
  createdAt: number;
  lines: Array<{
    id: number;
    itemId: number;
    sku: string;
    lot: LotRef | null;
    quantity: number;
    originalSeq: number | null;
    accepted: number;
    scrapped: number;
  }>;
}

export async function loadReturnRecord(q: Queryable, id: number): Promise<ReturnRecord> {
  const [row] = await q
    .select({ r: customerReturns, code: locations.code })
    .from(customerReturns)
    .innerJoin(locations, eq(locations.id, customerReturns.locationId))
    .where(eq(customerReturns.id, id));
  if (!row) throw notFound('return', id);
  const lines = await q
    .select({ l: returnLines, sku: items.sku, lotCode: lots.code, expiresOn: lots.expiresOn })
    .from(returnLines)
    .innerJoin(items, eq(items.id, returnLines.itemId))
    .leftJoin(lots, eq(lots.id, returnLines.lotId))
    .where(eq(returnLines.returnId, id))
    .orderBy(asc(returnLines.id));
  return {
    id,
    location: { id: row.r.locationId, code: row.code, isVirtual: false },
    status: row.r.status as ReturnDto['status'],
    inspect: row.r.inspect,
    reference: row.r.reference,
    reason: row.r.reason,
    version: row.r.version,
    createdAt: row.r.createdAt,
    lines: lines.map(({ l, sku, lotCode, expiresOn }) => ({
      id: l.id,
      itemId: l.itemId,
      sku,
      lot:
        l.lotId !== null && lotCode !== null && expiresOn !== null
          ? { id: l.lotId, code: lotCode, expiresOn }
          : null,
      quantity: l.quantity,
      originalSeq: l.originalSeq,
      accepted: l.accepted,
      scrapped: l.scrapped,
    })),
  };
}

export async function loadReturn(q: Queryable, id: number): Promise<ReturnDto> {
  const r = await loadReturnRecord(q, id);
  return {
    id: r.id,
    location: r.location.code,
    status: r.status,
    inspect: r.inspect,
    quarantine: r.inspect ? quarantineCode(r.location.code) : null,
    reference: r.reference,
    reason: r.reason,
    version: r.version,
    createdAt: new Date(r.createdAt).toISOString(),
    lines: r.lines.map((l) => ({
      sku: l.sku,
      lot: l.lot?.code ?? null,
      quantity: l.quantity,
      originalMovement: l.originalSeq,
      accepted: l.accepted,
      scrapped: l.scrapped,
      pending: l.quantity - l.accepted - l.scrapped,
    })),
  };
}

/** The location's quarantine location, made the first time it is needed. */
export async function quarantineOf(
  tx: Tx,
  ctx: ServiceContext,
  location: LocationRef,
): Promise<LocationRef> {
  const code = quarantineCode(location.code);
  const [existing] = await tx.select().from(locations).where(eq(locations.code, code));
  if (existing) {
    if (existing.kind !== 'quarantine' || existing.parentId !== location.id)
      throw alreadyExists('location', code);
    return { id: existing.id, code, isVirtual: false };
  }
  const [parent] = await tx
    .select({ name: locations.name })
    .from(locations)
    .where(eq(locations.id, location.id));
  const [row] = await tx
    .insert(locations)
    .values({
      code,
      // Both languages: a location name is data, shown to readers of either (messages localize it by its kind).
      name: `${parent!.name}（待检区 / quarantine）`,
      kind: 'quarantine',
      isVirtual: false,
      parentId: location.id,
      createdAt: ctx.now(),
    })
    .returning({ id: locations.id });
  await audit(tx, ctx, {
    action: 'location.create',
    entity: 'location',
    entityId: code,
    after: { code, kind: 'quarantine', parent: location.code },
  });
  return { id: row!.id, code, isVirtual: false };
}
