import { loadSalesOrder, toSalesOrderDto, type SalesOrderDto } from './sales-order-record.js';
import { eq } from 'drizzle-orm';
import { canMaintainItems } from '../../domain/actor.js';
import { salesOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';

/** Records payment: the invoice no longer counts against the customer's credit. */
export async function paySalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  if (!canMaintainItems(ctx.actor)) throw forbidden('admin_or_manager_only');
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    await transition(tx, 'sales_order', o, 'pay', 'paid', ctx.now());
    await tx.update(salesOrders).set({ paidAt: ctx.now() }).where(eq(salesOrders.id, id));
    await audit(tx, ctx, {
      action: 'sales_order.pay',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'paid' },
    });
    return toSalesOrderDto(await loadSalesOrder(tx, id));
  });
}
