import { z } from 'zod';
import { expandLines, routeOrder, type ListingParts } from '../../domain/channels.js';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { channelOrderHolds, channelOrders } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { futureToleranceOf, withTransaction, type ServiceContext } from '../context.js';
import { occurredInFuture } from '../../domain/movement.js';
import { forbidden, ServiceError, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { insertHold } from '../reservations/hold-records.js';
import { publish } from '../outbox.js';
import { IsoDateTime, Quantity } from '../schemas.js';
import { loadChannel, ProductCode } from './channels.js';
import { requireWriteAt } from '../scope.js';
import {
  findOrder,
  OrderId,
  orderState,
  toChannelOrderDto,
  type ChannelOrderDto,
  type OrderRow,
} from './order-record.js';

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
      return toChannelOrderDto(tx, channel, existing, true);
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
    return toChannelOrderDto(tx, channel, order!, false);
  });
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

async function skusOf(tx: Tx, ids: number[]): Promise<Map<number, string>> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT id, sku FROM items WHERE id IN (${ids.map(() => '?').join(', ')})`,
    args: ids,
  });
  return new Map(rows.map((r) => [Number(r['id']), String(r['sku'])]));
}
