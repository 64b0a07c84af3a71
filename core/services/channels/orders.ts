import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { expandLines, routeOrder, type ListingParts } from '../../domain/channels.js';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import {
  channelOrderHolds,
  channelOrders,
  items,
  locations,
  reservations,
} from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { futureToleranceOf, reader, withTransaction, type ServiceContext } from '../context.js';
import { occurredInFuture } from '../../domain/movement.js';
import { forbidden, invalidState, notFound, ServiceError, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { insertHold } from '../reservations/hold-records.js';
import { settleReservation } from '../reservations/settle-reservation.js';
import { createReturn } from '../returns/create-return.js';
import { publish } from '../outbox.js';
import { IsoDateTime, Quantity } from '../schemas.js';
import { loadChannel, ProductCode, type ChannelRecord } from './channels.js';
import { requireWriteAt } from '../scope.js';

export const OrderId = z
  .string()
  .min(1)
  .max(128)
  .regex(/^\S(.*\S)?$/, 'no leading or trailing spaces');

export const PlaceOrderInput = z
  .strictObject({
    /** The channel's own order id: the idempotency key of the order. */
    orderId: OrderId,
    lines: z
      .array(
        z.strictObject({
          productCode: ProductCode,
          quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
        }),
      )
      .min(1)
      .max(500),
    /** When the buyer placed it, as the channel says. */
    placedAt: IsoDateTime.nullish(),
  })
  .meta({ id: 'PlaceChannelOrderInput' });
export type PlaceOrderInput = z.infer<typeof PlaceOrderInput>;

export const ReturnOrderInput = z
  .strictObject({
    /** true: back into the fulfilling location's quarantine for inspection; false: straight to the shelf. */
    inspect: z.boolean().default(false),
    reason: z.string().min(1).max(200).nullish(),
  })
  .meta({ id: 'ReturnChannelOrderInput' });
export type ReturnOrderInput = z.infer<typeof ReturnOrderInput>;

export const ChannelOrderDto = z
  .object({
    channel: z.string(),
    orderId: z.string(),
    status: z.enum(['held', 'shipped', 'cancelled', 'returned']),
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

type OrderRow = typeof channelOrders.$inferSelect;

/**
 * An order from a channel: holds its stock at the best fulfilling location (one that
 * can fill it all, first by the channel's priority; split across locations only when
 * the channel allows), or `409 insufficient_stock` listing what is short, holding
 * nothing. The channel's order id makes it idempotent: the same order again answers
 * the first result (`replayed`), a different order under the same id is refused, and
 * an order whose cancel arrived first is refused as cancelled.
 */
export async function placeOrder({
  ctx,
  code,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  input: PlaceOrderInput;
}): Promise<ChannelOrderDto> {
  if (ctx.actor.role === 'viewer') throw forbidden('role_cannot_write');
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const channel = await loadChannel(tx, code);
    requireWriteAt(
      ctx.actor,
      channel.locations.map((l) => l.id),
    );
    const request = JSON.stringify(input.lines);
    const existing = await findOrder(tx, channel.id, input.orderId);
    if (existing) {
      if (existing.status === 'cancelled' && existing.request === null)
        throw orderState(existing, 'cancelled_before_it_arrived');
      if (!isSameOrder(existing, input.lines, input.placedAt))
        throw orderIdTaken(existing, input.orderId);
      return toDto(tx, channel, existing, true);
    }

    const { rows: listingRows } = await tx.raw.execute({
      sql: `SELECT product_code, parts FROM channel_listings WHERE channel_id = ? AND product_code IN (${input.lines.map(() => '?').join(', ')})`,
      args: [channel.id, ...input.lines.map((l) => l.productCode)],
    });
    const listings = new Map(
      listingRows.map((r) => [
        String(r['product_code']),
        JSON.parse(String(r['parts'])) as ListingParts,
      ]),
    );
    const issues: Issue[] = input.lines.flatMap((l, i) =>
      listings.has(l.productCode)
        ? []
        : [
            {
              path: `lines.${i}.productCode`,
              code: 'unknown_listing',
              params: { productCode: l.productCode },
            },
          ],
    );
    const ahead = input.placedAt
      ? occurredInFuture('placedAt', Date.parse(input.placedAt), now, futureToleranceOf(ctx))
      : undefined;
    if (ahead) issues.push(ahead);
    if (issues.length > 0) throw validationFailed(issues);

    const needs = expandLines(
      input.lines.map((l) => ({ parts: listings.get(l.productCode)!, quantity: l.quantity })),
    );
    const skus = await skusOf(tx, [...new Set(needs.map((n) => n.itemId))]);
    const session = new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    });
    await session.load(
      needs.flatMap((n) =>
        channel.locations.map((location) => ({
          item: { id: n.itemId, sku: skus.get(n.itemId)! },
          location,
        })),
      ),
    );
    const route = routeOrder(
      needs,
      channel.locations.map((l) => ({
        id: l.id,
        available: new Map(
          needs.map((n) => [
            n.itemId,
            session.sellable({ id: n.itemId, sku: skus.get(n.itemId)! }, l),
          ]),
        ),
      })),
      channel.allowSplit,
    );
    if (!route.ok) {
      const short = route.short.map((s) => ({
        sku: skus.get(s.itemId)!,
        requested: s.requested,
        available: s.available,
      }));
      throw new ServiceError('insufficient_stock', {
        params: { ...short[0]!, location: channel.locations.map((l) => l.code).join('/') },
        details: { channel: code, orderId: input.orderId, lines: short },
      });
    }
    const byId = new Map(channel.locations.map((l) => [l.id, l]));
    for (const h of route.holds)
      session.hold({ id: h.itemId, sku: skus.get(h.itemId)! }, byId.get(h.locationId)!, h.quantity);
    await session.flush();

    const [order] = await tx
      .insert(channelOrders)
      .values({
        channelId: channel.id,
        externalId: input.orderId,
        status: 'held',
        request,
        placedAt: input.placedAt ? Date.parse(input.placedAt) : null,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    for (const h of route.holds) {
      const reservationId = await insertHold(tx, {
        itemId: h.itemId,
        locationId: h.locationId,
        quantity: h.quantity,
        reference: `channel:${code}:${input.orderId}`,
        actorId: ctx.actor.id,
        now,
      });
      await tx.insert(channelOrderHolds).values({
        orderId: order!.id,
        itemId: h.itemId,
        locationId: h.locationId,
        quantity: h.quantity,
        reservationId,
      });
    }
    await audit(tx, ctx, {
      action: 'channel_order.place',
      entity: 'channel_order',
      entityId: `${code}:${input.orderId}`,
      after: { lines: input.lines, holds: route.holds },
    });
    await publish(tx, now, {
      topic: 'channel_order.held',
      payload: { channel: code, orderId: input.orderId },
    });
    return toDto(tx, channel, order!, false);
  });
}

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
    if (order.status === 'shipped') return toDto(tx, channel, order, true);
    if (order.status !== 'held') throw orderState(order, order.status);
    for (const hold of await holdsOf(tx, order.id))
      await settleReservation({ ctx: { ...ctx, tx }, id: hold.reservationId, action: 'commit' });
    const updated = await setStatus(tx, order, 'shipped', ctx.now());
    await audit(tx, ctx, {
      action: 'channel_order.ship',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'shipped' },
    });
    return toDto(tx, channel, updated, false);
  });
}

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
      return toDto(tx, channel, tombstone!, false);
    }
    if (order.status === 'cancelled') return toDto(tx, channel, order, true);
    if (order.status !== 'held') throw orderState(order, order.status);
    for (const hold of await holdsOf(tx, order.id))
      await settleReservation({ ctx: { ...ctx, tx }, id: hold.reservationId, action: 'release' });
    const updated = await setStatus(tx, order, 'cancelled', now);
    await audit(tx, ctx, {
      action: 'channel_order.cancel',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'cancelled' },
    });
    return toDto(tx, channel, updated, false);
  });
}

/** A shipped order comes back: a return per fulfilling location, to the shelf or to quarantine. Returning twice changes nothing. */
export async function returnOrder({
  ctx,
  code,
  orderId,
  input,
}: {
  ctx: ServiceContext;
  code: string;
  orderId: string;
  input: ReturnOrderInput;
}): Promise<ChannelOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const { channel, order } = await orderOf(tx, code, orderId);
    if (order.status === 'returned') return toDto(tx, channel, order, true);
    if (order.status !== 'shipped') throw orderState(order, order.status);
    const holds = await holdsOf(tx, order.id);
    const perLocation = new Map<string, typeof holds>();
    for (const h of holds) perLocation.set(h.location, [...(perLocation.get(h.location) ?? []), h]);
    for (const [location, list] of perLocation) {
      await createReturn({
        ctx: { ...ctx, tx },
        input: {
          location,
          inspect: input.inspect,
          reference: `channel:${code}:${orderId}`,
          reason: input.reason ?? null,
          lines: list.map((h) => ({
            sku: h.sku,
            quantity: h.quantity,
            ...(h.movementSeq ? { originalMovement: h.movementSeq } : {}),
          })),
        },
      });
    }
    const updated = await setStatus(tx, order, 'returned', ctx.now());
    await audit(tx, ctx, {
      action: 'channel_order.return',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'returned', inspect: input.inspect },
    });
    return toDto(tx, channel, updated, false);
  });
}

export async function getOrder({
  ctx,
  code,
  orderId,
}: {
  ctx: ServiceContext;
  code: string;
  orderId: string;
}): Promise<ChannelOrderDto> {
  const q = reader(ctx);
  const { channel, order } = await orderOf(q, code, orderId);
  return toDto(q, channel, order, false);
}

/**
 * Whether an order arriving again is the one recorded under its id: the same lines
 * and, when both say when it was placed, the same time. Anything else is a different
 * order under a used id, never a replay (two orders whose ids Excel mangled alike).
 */
export function isSameOrder(
  existing: OrderRow,
  lines: PlaceOrderInput['lines'],
  placedAt?: string | null,
): boolean {
  if (existing.request === null) return true; // only its cancel has arrived
  if (existing.request !== JSON.stringify(lines)) return false;
  return !placedAt || existing.placedAt === null || existing.placedAt === Date.parse(placedAt);
}

export function orderIdTaken(existing: OrderRow, orderId: string): ServiceError {
  return new ServiceError('already_exists', {
    params: { entity: 'order', key: orderId },
    details: { orderId, status: existing.status },
  });
}

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

async function orderOf(
  q: Queryable,
  code: string,
  orderId: string,
): Promise<{ channel: ChannelRecord; order: OrderRow }> {
  const channel = await loadChannel(q, code);
  const order = await findOrder(q, channel.id, orderId);
  if (!order) throw notFound('order', orderId);
  return { channel, order };
}

async function setStatus(tx: Tx, order: OrderRow, status: string, now: number): Promise<OrderRow> {
  const [row] = await tx
    .update(channelOrders)
    .set({ status, version: order.version + 1, updatedAt: now })
    .where(and(eq(channelOrders.id, order.id), eq(channelOrders.version, order.version)))
    .returning();
  if (!row) throw orderState(order, order.status);
  return row;
}

async function holdsOf(q: Queryable, orderId: number) {
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

async function skusOf(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT id, sku FROM items WHERE id IN (${ids.map(() => '?').join(', ')})`,
    args: ids,
  });
  return new Map(rows.map((r) => [Number(r['id']), String(r['sku'])]));
}

/** An order that cannot change now: its status, and why when it is more than the status. */
function orderState(order: OrderRow, why: string): ServiceError {
  if (why === order.status) return invalidState('order', order.status);
  const details = { entity: 'order', status: order.status, reason: why };
  return new ServiceError('invalid_state', { params: details, details });
}

async function toDto(
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
