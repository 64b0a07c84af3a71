import { and, desc, eq, lt, or, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { TRANSFER_STATUSES } from '../../domain/documents.js';
import { locations, transfers } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { LocationCode, QueryInt } from '../schemas.js';
import { loadTransfer, toTransferDto, TransferDto } from './transfer-record.js';

export const ListTransfersInput = z.strictObject({
  status: z.enum(TRANSFER_STATUSES).optional(),
  /** Transfers from or to this location. */
  location: LocationCode.optional(),
  /** Newest first; pass the last id seen to get older ones. */
  beforeId: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 200).default(50),
});
export type ListTransfersInput = z.infer<typeof ListTransfersInput>;

export const TransferPage = z.object({ items: z.array(TransferDto) });

export async function listTransfers({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListTransfersInput;
}) {
  const q = reader(ctx);
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(transfers.status, input.status));
  if (input.location) {
    const [location] = await q
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.location));
    if (!location) throw notFound('location', input.location);
    conditions.push(
      or(eq(transfers.fromLocationId, location.id), eq(transfers.toLocationId, location.id))!,
    );
  }
  if (input.beforeId) conditions.push(lt(transfers.id, input.beforeId));
  const ids = await q
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(...conditions))
    .orderBy(desc(transfers.id))
    .limit(input.limit);
  const items = [];
  for (const { id } of ids) items.push(toTransferDto(await loadTransfer(q, id)));
  return { items };
}

export async function getTransfer({ ctx, id }: { ctx: ServiceContext; id: number }) {
  return toTransferDto(await loadTransfer(reader(ctx), id));
}
