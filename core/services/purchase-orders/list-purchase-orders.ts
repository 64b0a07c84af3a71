import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { PURCHASE_ORDER_STATUSES } from '../../domain/documents.js';
import { locations, purchaseOrders } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { LocationCode, QueryInt } from '../schemas.js';
import { loadPurchaseOrder, PurchaseOrderDto, toPurchaseOrderDto } from './po-record.js';

export const ListPurchaseOrdersInput = z.strictObject({
  status: z.enum(PURCHASE_ORDER_STATUSES).optional(),
  location: LocationCode.optional(),
  beforeId: QueryInt(1, Number.MAX_SAFE_INTEGER).optional(),
  limit: QueryInt(1, 200).default(50),
});
export type ListPurchaseOrdersInput = z.infer<typeof ListPurchaseOrdersInput>;

export const PurchaseOrderPage = z.object({ items: z.array(PurchaseOrderDto) });

export async function listPurchaseOrders({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: ListPurchaseOrdersInput;
}) {
  const q = reader(ctx);
  const conditions: SQL[] = [];
  if (input.status) conditions.push(eq(purchaseOrders.status, input.status));
  if (input.location) {
    const [location] = await q
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.location));
    if (!location) throw notFound('location', input.location);
    conditions.push(eq(purchaseOrders.locationId, location.id));
  }
  if (input.beforeId) conditions.push(lt(purchaseOrders.id, input.beforeId));
  const ids = await q
    .select({ id: purchaseOrders.id })
    .from(purchaseOrders)
    .where(and(...conditions))
    .orderBy(desc(purchaseOrders.id))
    .limit(input.limit);
  const items = [];
  for (const { id } of ids) items.push(toPurchaseOrderDto(await loadPurchaseOrder(q, id)));
  return { items };
}

export async function getPurchaseOrder({ ctx, id }: { ctx: ServiceContext; id: number }) {
  return toPurchaseOrderDto(await loadPurchaseOrder(reader(ctx), id));
}
