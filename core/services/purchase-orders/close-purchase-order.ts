import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { purchaseOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { publish } from '../outbox.js';
import { Text } from '../schemas.js';
import { mayChange } from './purchase-order-lifecycle.js';
import { loadPurchaseOrder, toPurchaseOrderDto, type PurchaseOrderDto } from './po-record.js';

export const ClosePurchaseOrderInput = z
  .strictObject({
    /** Why the rest will not come ("supplier out of stock"), kept with the order and in the audit trail. */
    reason: Text(500),
    version: z.number().int().positive().nullish(),
  })
  .meta({ id: 'ClosePurchaseOrderInput' });
export type ClosePurchaseOrderInput = z.infer<typeof ClosePurchaseOrderInput>;

/**
 * Closes a partly received order short (`closed_short`): what arrived stays received
 * and costed; what did not is no longer on order, so replenishment stops waiting for
 * it. Before anything arrived an order is cancelled instead; a received one has
 * nothing left to close.
 */
export async function closePurchaseOrder({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ClosePurchaseOrderInput;
}): Promise<PurchaseOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (!mayChange(ctx, po)) throw forbidden('location_out_of_scope');
    assertCan('purchase_order', po, 'close', input.version);
    const now = ctx.now();
    await transition(tx, 'purchase_order', po, 'close', 'closed_short', now);
    await tx
      .update(purchaseOrders)
      .set({ closedBy: ctx.actor.id, closedAt: now, closeReason: input.reason })
      .where(eq(purchaseOrders.id, id));

    const notDelivered = po.lines
      .filter((l) => l.received < l.quantity)
      .map((l) => ({
        sku: l.sku,
        ordered: l.quantity,
        received: l.received,
        notDelivered: l.quantity - l.received,
      }));
    await audit(tx, ctx, {
      action: 'purchase_order.close',
      entity: 'purchase_order',
      entityId: id,
      before: { status: po.status, version: po.version },
      after: { status: 'closed_short', reason: input.reason, notDelivered },
    });
    await publish(tx, now, {
      topic: 'purchase_order.closed_short',
      document: po,
      payload: {
        purchaseOrderId: id,
        status: 'closed_short',
        supplier: po.supplier.name,
        location: po.location.code,
        reason: input.reason,
        notDelivered: notDelivered.reduce((sum, l) => sum + l.notDelivered, 0),
        by: ctx.actor.name,
      },
    });
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}
