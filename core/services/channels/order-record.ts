import { CHANNEL_ORDER_STATUSES, type ActionOf } from '../../domain/documents.js';
import { transition } from '../lifecycle/lifecycle.js';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  channelOrderHolds,
  channelOrders,
  items,
  locations,
  reservations,
} from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { invalidState, notFound, ServiceError } from '../errors.js';
import { loadChannel, type ChannelRecord } from './channels.js';

export const OrderId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces');

export const ChannelOrderDto = z
  .object({
    channel: z.string(),
    orderId: z.string(),
    status: z.enum(CHANNEL_ORDER_STATUSES),
    placedAt: z.string().nullable(),
    lines: z.array(z.object({ productCode: z.string(), quantity: z.number().int() })),
    holds: z.array(
      z.object({
        sku: z.string(),
        location: z.string(),
        quantity: z.number().int(),
        reservationId: z.number().int(),
      }),
    ),
    replayed: z.boolean().describe('True when the order was already known: nothing happened again'),
  })
  .meta({ id: 'ChannelOrder' });
export type ChannelOrderDto = z.infer<typeof ChannelOrderDto>;

export type OrderRow = typeof channelOrders.$inferSelect;

export async function findOrder(
  q: Queryable,
  channelId: number,
  externalId: string,
): Promise<OrderRow | undefined> {
  const [row] = await q
    .select()
    .from(channelOrders)
    .where(and(eq(channelOrders.channelId, channelId), eq(channelOrders.externalId, externalId)));
  return row;
}

export async function orderOf(
  q: Queryable,
  code: string,
  orderId: string,
): Promise<{ channel: ChannelRecord; order: OrderRow }> {
  const channel = await loadChannel(q, code);
  const order = await findOrder(q, channel.id, orderId);
  if (!order) throw notFound('order', orderId);
  return { channel, order };
}

/** Takes `action` on the order (the one compare-and-set of documents) and answers the row after it. */
export async function setStatus(
  tx: Tx,
  order: OrderRow,
  action: ActionOf<'channel_order'>,
  status: string,
  now: number,
): Promise<OrderRow> {
  await transition(tx, 'channel_order', order, action, status, now);
  return (await findOrder(tx, order.channelId, order.externalId))!;
}

export async function holdsOf(q: Queryable, orderId: number) {
  return q
    .select({
      reservationId: channelOrderHolds.reservationId,
      quantity: channelOrderHolds.quantity,
      sku: items.sku,
      location: locations.code,
      movementSeq: reservations.movementSeq,
    })
    .from(channelOrderHolds)
    .innerJoin(items, eq(items.id, channelOrderHolds.itemId))
    .innerJoin(locations, eq(locations.id, channelOrderHolds.locationId))
    .innerJoin(reservations, eq(reservations.id, channelOrderHolds.reservationId))
    .where(eq(channelOrderHolds.orderId, orderId))
    .orderBy(asc(channelOrderHolds.id));
}

/** An order that cannot change now: its status, and why when it is more than the status. */
export function orderState(order: OrderRow, why: string): ServiceError {
  if (why === order.status) return invalidState('order', order.status);
  const details = { entity: 'order', status: order.status, reason: why };
  return new ServiceError('invalid_state', { params: details, details });
}

export async function toChannelOrderDto(
  q: Queryable,
  channel: ChannelRecord,
  order: OrderRow,
  replayed: boolean,
): Promise<ChannelOrderDto> {
  const holds = await holdsOf(q, order.id);
  return {
    channel: channel.code,
    orderId: order.externalId,
    status: order.status as ChannelOrderDto['status'],
    placedAt: order.placedAt === null ? null : new Date(order.placedAt).toISOString(),
    lines: order.request ? (JSON.parse(order.request) as ChannelOrderDto['lines']) : [],
    holds: holds.map((h) => ({
      sku: h.sku,
      location: h.location,
      quantity: h.quantity,
      reservationId: h.reservationId,
    })),
    replayed,
  };
}
