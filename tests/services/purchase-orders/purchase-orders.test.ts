import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  closePurchaseOrder,
  ClosePurchaseOrderInput,
} from '../../../core/services/purchase-orders/close-purchase-order.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderInput,
} from '../../../core/services/purchase-orders/create-purchase-order.js';
import { cancelPurchaseOrder } from '../../../core/services/purchase-orders/purchase-order-lifecycle.js';
import {
  receivePurchaseOrder,
  ReceivePurchaseOrderInput,
} from '../../../core/services/purchase-orders/receive-purchase-order.js';
import { createSupplier, CreateSupplierInput } from '../../../core/services/suppliers/suppliers.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules purchase-orders/ owns, called directly: receiving in parts within tolerance, closing short. */
let w: ServiceWorld;
let supplier: number;
beforeAll(async () => {
  w = await serviceWorld();
  supplier = (
    await createSupplier({
      ctx: w.ctx,
      input: CreateSupplierInput.parse({ name: 'Hangzhou Tea Co.', overReceiptPercent: 10 }),
    })
  ).id;
});
afterAll(() => w.cleanup());

const order = (quantity: number) =>
  createPurchaseOrder({
    ctx: w.ctx,
    input: CreatePurchaseOrderInput.parse({
      supplier,
      location: 'W1',
      lines: [{ sku: 'TEA', quantity, unitCost: 2.5 }],
    }),
  });
const receive = (id: number, quantity: number, version?: number) =>
  receivePurchaseOrder({
    ctx: w.ctx,
    id,
    input: ReceivePurchaseOrderInput.parse({ lines: [{ sku: 'TEA', quantity }], version }),
  });

describe('purchase orders', () => {
  it('receive in parts, up to the supplier tolerance and not a unit more', async () => {
    const po = await order(20);
    expect(po.status).toBe('approved');
    expect((await receive(po.id, 12)).status).toBe('partially_received');
    expect(await w.available('TEA', 'W1')).toBe(12);
    const over = await refusal(receive(po.id, 11));
    expect(over).toMatchObject({
      code: 'validation_failed',
      details: [{ code: 'more_than_ordered' }],
    });
    expect((await receive(po.id, 10)).status).toBe('received');
    expect(await w.available('TEA', 'W1')).toBe(22);
  });

  it('close short only once part has arrived; a cancelled order takes no receipt', async () => {
    const po = await order(5);
    const early = await refusal(
      closePurchaseOrder({
        ctx: w.ctx,
        id: po.id,
        input: ClosePurchaseOrderInput.parse({ reason: 'out of stock' }),
      }),
    );
    expect(early).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'purchase_order', status: 'approved' },
    });
    await receive(po.id, 2);
    const closed = await closePurchaseOrder({
      ctx: w.ctx,
      id: po.id,
      input: ClosePurchaseOrderInput.parse({ reason: 'out of stock' }),
    });
    expect(closed.status).toBe('closed_short');

    const other = await order(3);
    await cancelPurchaseOrder({ ctx: w.ctx, id: other.id });
    const late = await refusal(receive(other.id, 1));
    expect(late).toMatchObject({ code: 'invalid_state', details: { status: 'cancelled' } });
  });

  it('refuse a receipt on a version someone changed since, with reason stale_version', async () => {
    const po = await order(4);
    const stale = await refusal(receive(po.id, 1, po.version + 1));
    expect(stale).toMatchObject({
      code: 'invalid_state',
      details: { reason: 'stale_version', version: po.version },
    });
  });
});
