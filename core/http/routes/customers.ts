import { z } from 'zod';
import { DecisionInput, withDecision } from '../../services/approvals/step-dto.js';
import { cancelSalesOrder } from '../../services/customers/cancel-sales-order.js';
import { createSalesOrder, SalesOrderInput } from '../../services/customers/create-sales-order.js';
import { customerExposure } from '../../services/customers/customer-exposure.js';
import { ExposureDto } from '../../services/customers/customer-record.js';
import { decideSalesOrder } from '../../services/customers/decide-sales-order.js';
import { getSalesOrder } from '../../services/customers/get-sales-order.js';
import { paySalesOrder } from '../../services/customers/pay-sales-order.js';
import { CustomerInput, putCustomer } from '../../services/customers/put-customer.js';
import { SalesOrderDto } from '../../services/customers/sales-order-record.js';
import { shipSalesOrder } from '../../services/customers/ship-sales-order.js';
import { Id } from '../../services/schemas.js';
import type { Api } from '../route.js';

const ById = z.object({ id: Id });
const ok = { status: 200 as const, description: 'The sales order', schema: SalesOrderDto };
const refusals = ['forbidden', 'not_found', 'invalid_state'] as const;

export function customerRoutes(api: Api): void {
  api.add({
    method: 'put',
    path: '/customers/:code',
    tag: 'customers',
    summary:
      'Create a business customer or change its credit limit and payment terms (admin, manager)',
    params: z.object({ code: z.string().min(1).max(64) }),
    body: CustomerInput.omit({ code: true }),
    success: { status: 200, description: 'The customer with its exposure', schema: ExposureDto },
    errors: ['forbidden'],
    handler: ({ ctx, params, body }) => putCustomer({ ctx, input: { ...body, code: params.code } }),
  });
  api.add({
    method: 'get',
    path: '/customers/:code/exposure',
    tag: 'customers',
    summary: 'What a customer has on order and owes (overdue included), against the credit limit',
    params: z.object({ code: z.string().min(1).max(64) }),
    success: { status: 200, description: 'Exposure', schema: ExposureDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => customerExposure({ ctx, code: params.code }),
  });
  api.add({
    method: 'post',
    path: '/sales-orders',
    tag: 'customers',
    summary:
      'A sales order to a business customer: stock held at once; over the credit left it needs a credit_override approval',
    body: SalesOrderInput,
    success: {
      status: 201,
      description: 'The sales order',
      schema: SalesOrderDto,
      location: '/sales-orders/{id}',
    },
    errors: ['forbidden', 'not_found', 'insufficient_stock'],
    handler: ({ ctx, body }) => createSalesOrder({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/sales-orders/:id',
    tag: 'customers',
    summary: 'One sales order',
    params: ById,
    success: ok,
    errors: ['not_found'],
    handler: ({ ctx, params }) => getSalesOrder({ ctx, id: params.id }),
  });
  for (const approve of [true, false]) {
    api.add({
      method: 'post',
      path: `/sales-orders/:id/${approve ? 'approve' : 'reject'}`,
      tag: 'customers',
      summary: approve
        ? 'Approve the credit override (with the version you saw)'
        : 'Reject: the held stock is released',
      params: ById,
      body: DecisionInput,
      success: {
        status: 200,
        description: 'The sales order and the levels decided',
        schema: withDecision(SalesOrderDto),
      },
      errors: [...refusals],
      handler: ({ ctx, params, body }) =>
        decideSalesOrder({ ctx, id: params.id, approve, input: body }),
    });
  }
  for (const [action, summary, run] of [
    [
      'ship',
      'Ship: the holds become issues; the invoice is due after the payment terms',
      shipSalesOrder,
    ],
    ['pay', 'Record payment (admin, manager)', paySalesOrder],
    ['cancel', 'Cancel before shipping: the held stock is released', cancelSalesOrder],
  ] as const) {
    api.add({
      method: 'post',
      path: `/sales-orders/:id/${action}`,
      tag: 'customers',
      summary,
      params: ById,
      success: ok,
      errors: [...refusals],
      handler: ({ ctx, params }) => run({ ctx, id: params.id }),
    });
  }
}
