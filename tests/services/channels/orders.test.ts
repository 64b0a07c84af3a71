import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cancelOrder } from '../../../core/services/channels/cancel-order.js';
import {
  ChannelInput,
  ListingsInput,
  putChannel,
  putListings,
} from '../../../core/services/channels/channels.js';
import { placeOrder, PlaceOrderInput } from '../../../core/services/channels/place-order.js';
import { returnOrder, ReturnOrderInput } from '../../../core/services/channels/return-order.js';
import { shipOrder } from '../../../core/services/channels/ship-order.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules channels/ owns for orders, called directly: holds, idempotency, ship/cancel/return. */
let w: ServiceWorld;
beforeAll(async () => {
  w = await serviceWorld();
  await w.receive('TEA', 'S1', 10);
  await putChannel({
    ctx: w.ctx,
    input: ChannelInput.parse({
      code: 'TMALL',
      name: 'Tmall',
      kind: 'marketplace',
      locations: ['S1'],
    }),
  });
  await putListings({
    ctx: w.ctx,
    code: 'TMALL',
    input: ListingsInput.parse({ listings: [{ productCode: 'T-1', sku: 'TEA' }] }),
  });
});
afterAll(() => w.cleanup());

const place = (orderId: string, quantity: number) =>
  placeOrder({
    ctx: w.ctx,
    code: 'TMALL',
    input: PlaceOrderInput.parse({ orderId, lines: [{ productCode: 'T-1', quantity }] }),
  });

describe('channel orders', () => {
  it('hold on arrival; the same order again is a replay that holds nothing more', async () => {
    expect(await place('A-1', 3)).toMatchObject({ status: 'held', replayed: false });
    expect(await place('A-1', 3)).toMatchObject({ status: 'held', replayed: true });
    expect(await w.available('TEA', 'S1')).toBe(7);
    const taken = await refusal(place('A-1', 4));
    expect(taken).toMatchObject({ code: 'already_exists', details: { orderId: 'A-1' } });
  });

  it('ship once (again is a replay), cannot then be cancelled, and come back by return', async () => {
    expect((await shipOrder({ ctx: w.ctx, code: 'TMALL', orderId: 'A-1' })).status).toBe('shipped');
    expect((await shipOrder({ ctx: w.ctx, code: 'TMALL', orderId: 'A-1' })).replayed).toBe(true);
    const cancel = await refusal(cancelOrder({ ctx: w.ctx, code: 'TMALL', orderId: 'A-1' }));
    expect(cancel).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'order', status: 'shipped' },
    });
    const back = await returnOrder({
      ctx: w.ctx,
      code: 'TMALL',
      orderId: 'A-1',
      input: ReturnOrderInput.parse({}),
    });
    expect(back.status).toBe('returned');
    expect(await w.available('TEA', 'S1')).toBe(10);
  });

  it('remember a cancel that arrives first, and refuse the order after it', async () => {
    expect((await cancelOrder({ ctx: w.ctx, code: 'TMALL', orderId: 'B-1' })).status).toBe(
      'cancelled',
    );
    const late = await refusal(place('B-1', 1));
    expect(late).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'cancelled_before_it_arrived' },
    });
    expect(await w.available('TEA', 'S1')).toBe(10);
  });
});
