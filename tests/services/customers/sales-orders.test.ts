import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceContext } from '../../../core/services/context.js';
import { cancelSalesOrder } from '../../../core/services/customers/cancel-sales-order.js';
import {
  createSalesOrder,
  SalesOrderInput,
} from '../../../core/services/customers/create-sales-order.js';
import { customerExposure } from '../../../core/services/customers/customer-exposure.js';
import { decideSalesOrder } from '../../../core/services/customers/decide-sales-order.js';
import { paySalesOrder } from '../../../core/services/customers/pay-sales-order.js';
import { CustomerInput, putCustomer } from '../../../core/services/customers/put-customer.js';
import { shipSalesOrder } from '../../../core/services/customers/ship-sales-order.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules customers/ owns, called directly: credit, the override, holds, ship and pay. */
let w: ServiceWorld;
let manager: ServiceContext;
beforeAll(async () => {
  w = await serviceWorld();
  manager = await w.as('manager', 'Li Na');
  await w.receive('TEA', 'S1', 50);
  await putCustomer({
    ctx: w.ctx,
    input: CustomerInput.parse({
      code: 'ACME',
      name: 'Acme Trading',
      creditLimit: 100,
      paymentTermsDays: 30,
    }),
  });
});
afterAll(() => w.cleanup());

const order = (quantity: number, unitPrice: number) =>
  SalesOrderInput.parse({
    customer: 'ACME',
    location: 'S1',
    lines: [{ sku: 'TEA', quantity, unitPrice }],
  });

describe('sales orders', () => {
  it('within credit: approved at once, stock held, receivable once shipped, off the books once paid', async () => {
    const o = await createSalesOrder({ ctx: w.ctx, input: order(5, 10) });
    expect(o).toMatchObject({ status: 'approved', value: 50 });
    expect(await w.available('TEA', 'S1')).toBe(45);
    expect(await customerExposure({ ctx: w.ctx, code: 'ACME' })).toMatchObject({
      openOrders: 50,
      remaining: 50,
    });
    const early = await refusal(paySalesOrder({ ctx: w.ctx, id: o.id }));
    expect(early).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'sales_order', status: 'approved' },
    });
    await shipSalesOrder({ ctx: w.ctx, id: o.id });
    expect(await customerExposure({ ctx: w.ctx, code: 'ACME' })).toMatchObject({
      openOrders: 0,
      receivables: 50,
    });
    expect((await paySalesOrder({ ctx: w.ctx, id: o.id })).status).toBe('paid');
    expect(await customerExposure({ ctx: w.ctx, code: 'ACME' })).toMatchObject({ exposure: 0 });
  });

  it('over credit: a credit override is asked; its rejection releases the held stock', async () => {
    const before = await w.available('TEA', 'S1');
    const o = await createSalesOrder({ ctx: w.ctx, input: order(20, 10) });
    expect(o.status).toBe('pending_approval');
    expect(await w.available('TEA', 'S1')).toBe(before - 20);
    const decided = await decideSalesOrder({
      ctx: manager,
      id: o.id,
      approve: false,
      input: { version: o.version },
    });
    expect(decided).toMatchObject({
      status: 'rejected',
      decided: { decision: 'rejected', levels: [0] },
    });
    expect(await w.available('TEA', 'S1')).toBe(before);
    const cancel = await refusal(cancelSalesOrder({ ctx: w.ctx, id: o.id }));
    expect(cancel).toMatchObject({ code: 'invalid_state', details: { status: 'rejected' } });
  });
});
