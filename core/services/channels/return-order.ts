import { assertCan } from '../lifecycle/lifecycle.js';
import { z } from 'zod';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { createReturn } from '../returns/create-return.js';
import {
  holdsOf,
  orderOf,
  setStatus,
  toChannelOrderDto,
  type ChannelOrderDto,
} from './order-record.js';

export const ReturnOrderInput = z
  .strictObject({
    /** true: back into the fulfilling location's quarantine for inspection; false: straight to the shelf. */
    inspect: z.boolean().default(false),
    reason: z.string().min(1).max(200).nullish(),
  })
  .meta({ id: 'ReturnChannelOrderInput' });
export type ReturnOrderInput = z.infer<typeof ReturnOrderInput>;

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
    if (order.status === 'returned') return toChannelOrderDto(tx, channel, order, true);
    assertCan('channel_order', order, 'return');
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
    const updated = await setStatus(tx, order, 'return', 'returned', ctx.now());
    await audit(tx, ctx, {
      action: 'channel_order.return',
      entity: 'channel_order',
      entityId: `${code}:${orderId}`,
      before: { status: order.status },
      after: { status: 'returned', inspect: input.inspect },
    });
    return toChannelOrderDto(tx, channel, updated, false);
  });
}
