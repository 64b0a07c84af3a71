import { loadSalesOrder, toSalesOrderDto, type SalesOrderDto } from './sales-order-record.js';
import { eq } from 'drizzle-orm';
import { salesOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { settleReservation } from '../reservations/settle-reservation.js';

const DAY = 86_400_000;

/** Ships an approved order (its holds become issues); the invoice falls due after the customer's payment terms. */
export async function shipSalesOrder({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<SalesOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const o = await loadSalesOrder(tx, id);
    await transition(tx, 'sales_order', o, 'ship', 'shipped', now);
    for (const l of o.lines)
      if (l.reservationId !== null)
        await settleReservation({ ctx: { ...ctx, tx }, id: l.reservationId, action: 'commit' });
    await tx
      .update(salesOrders)
      .set({ shippedAt: now, dueAt: now + o.paymentTermsDays * DAY })
      .where(eq(salesOrders.id, id));
    await audit(tx, ctx, {
      action: 'sales_order.ship',
      entity: 'sales_order',
      entityId: id,
      before: { status: o.status },
      after: { status: 'shipped' },
    });
    return toSalesOrderDto(await loadSalesOrder(tx, id));
  });
}
