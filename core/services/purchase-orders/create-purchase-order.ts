import { z } from 'zod';
import { purchaseOrderLines, purchaseOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { validationFailed } from '../errors.js';
import { RefResolver } from '../refs.js';
import { LocationCode, Text } from '../schemas.js';
import {
  checkOrderLines,
  findSupplier,
  PurchaseOrderLinesInput,
  resolveOrderLines,
  SupplierRef,
} from './po-lines.js';
import { submitPurchaseOrderLoaded } from './purchase-order-lifecycle.js';
import { loadPurchaseOrder, toPurchaseOrderDto, type PurchaseOrderDto } from './po-record.js';
import { requireWriteAt } from '../scope.js';

export const CreatePurchaseOrderInput = z
  .strictObject({
    supplier: SupplierRef,
    location: LocationCode,
    lines: PurchaseOrderLinesInput,
    note: Text(1000).nullish(),
    submit: z.boolean().default(true),
  })
  .meta({ id: 'CreatePurchaseOrderInput' });
export type CreatePurchaseOrderInput = z.infer<typeof CreatePurchaseOrderInput>;

/** Orders stock from a supplier for a location; submitted for approval unless `submit: false`. */
export async function createPurchaseOrder({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreatePurchaseOrderInput;
}): Promise<PurchaseOrderDto> {
  const { costsE4, issues } = checkOrderLines(input.lines);
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const supplier = await findSupplier(tx, input.supplier);
    const refs = await new RefResolver(tx.raw).load({
      skus: input.lines.map((l) => l.sku),
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    const lines = resolveOrderLines(refs, input.lines, costsE4);
    requireWriteAt(ctx.actor, [location.id]);

    const [created] = await tx
      .insert(purchaseOrders)
      .values({
        supplierId: supplier.id,
        locationId: location.id,
        status: 'draft',
        note: input.note ?? null,
        requestedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: purchaseOrders.id });
    const id = created!.id;
    await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: id })));
    await audit(tx, ctx, {
      action: 'purchase_order.create',
      entity: 'purchase_order',
      entityId: id,
      after: input,
    });
    if (input.submit) await submitPurchaseOrderLoaded(tx, ctx, await loadPurchaseOrder(tx, id));
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}
