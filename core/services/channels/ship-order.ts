import { assertCan } from '../lifecycle/lifecycle.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { settleReservation } from '../reservations/settle-reservation.js';
import {
  holdsOf,
  orderOf,
  setStatus,
  toChannelOrderDto,
  type ChannelOrderDto,
} from './order-record.js';

/** Ships a held order: each hold is committed as an issue (`location → @customer`). Shipping twice changes nothing. */
export async function shipOrder({
  ctx,
  code,
  orderId,
}: {
  ctx: ServiceContext;
  code: string;
  orderId: string;
}): Promise<ChannelOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const { channel, order } = await orderOf(tx, code, orderId);
    if (order.status === 'shipped') return toChannelOrderDto(tx, channel, order, true);
    assertCan('channel_order', order, 'ship');
    for (const hold of await holdsOf(tx, order.id))
      await settleReservation({ ctx: { ...ctx, tx }, id: hold.reservationId, action: 'commit' });
    const updated = await setStatus(tx, order, 'ship', 'shipped', ctx.now());
    await audit(tx, ctx, {
      action: 'channel_order.ship',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'shipped' },
    });
    return toChannelOrderDto(tx, channel, updated, false);
  });
}
