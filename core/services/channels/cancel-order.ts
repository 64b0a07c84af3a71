import { assertCan } from '../lifecycle/lifecycle.js';
import { channelOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { settleReservation } from '../reservations/settle-reservation.js';
import { loadChannel } from './channels.js';
import { requireWriteAt } from '../scope.js';
import {
  findOrder,
  holdsOf,
  setStatus,
  toChannelOrderDto,
  type ChannelOrderDto,
} from './order-record.js';

/**
 * Cancels an order: its holds are released. A cancel for an order not seen yet is
 * remembered, so the order arriving later is refused; cancelling twice changes
 * nothing; a shipped order is returned, not cancelled.
 */
export async function cancelOrder({
  ctx,
  code,
  orderId,
}: {
  ctx: ServiceContext;
  code: string;
  orderId: string;
}): Promise<ChannelOrderDto> {
  if (ctx.actor.role === 'viewer') throw forbidden('role_cannot_write');
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const channel = await loadChannel(tx, code);
    requireWriteAt(
      ctx.actor,
      channel.locations.map((l) => l.id),
    );
    const order = await findOrder(tx, channel.id, orderId);
    if (!order) {
      const [tombstone] = await tx
        .insert(channelOrders)
        .values({
          channelId: channel.id,
          externalId: orderId,
          status: 'cancelled',
          request: null,
          createdAt: now,
          updatedAt: now,
        })
        .returning();
      await audit(tx, ctx, {
        action: 'channel_order.cancel_unknown',
        entity: 'channel_order',
        entityId: `${code}:${orderId}`,
        after: { status: 'cancelled' },
      });
      return toChannelOrderDto(tx, channel, tombstone!, false);
    }
    if (order.status === 'cancelled') return toChannelOrderDto(tx, channel, order, true);
    assertCan('channel_order', order, 'cancel');
    for (const hold of await holdsOf(tx, order.id))
      await settleReservation({ ctx: { ...ctx, tx }, id: hold.reservationId, action: 'release' });
    const updated = await setStatus(tx, order, 'cancel', 'cancelled', now);
    await audit(tx, ctx, {
      action: 'channel_order.cancel',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'cancelled' },
    });
    return toChannelOrderDto(tx, channel, updated, false);
  });
}
