import {
  loadSalesOrder,
  releaseLines,
  toSalesOrderDto,
  type SalesOrderDto,
} from './sales-order-record.js';
import { canMaintainItems } from '../../domain/actor.js';
import { cancelApprovals } from '../approvals/engine.js';
import { audit } from '../audit.js';
import { transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';

/** Cancels before shipping: holds released, open approval steps dropped. */
export async function cancelSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    if (ctx.actor.id !== o.requestedBy && !canMaintainItems(ctx.actor))
      throw forbidden('not_requester_or_manager');
    await transition(tx, 'sales_order', o, 'cancel', 'cancelled', ctx.now());
    await releaseLines(tx, ctx, o);
    await cancelApprovals(tx, o);
    await audit(tx, ctx, {
      action: 'sales_order.cancel',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'cancelled' },
    });
    return toSalesOrderDto(await loadSalesOrder(tx, id));
  });
}
