import { z } from 'zod';
import { DecisionInput, TransitionInput, withDecision } from '../../services/approvals/step-dto.js';
import {
  createPurchaseOrder,
  CreatePurchaseOrderInput,
} from '../../services/purchase-orders/create-purchase-order.js';
import {
  getPurchaseOrder,
  listPurchaseOrders,
  ListPurchaseOrdersInput,
  PurchaseOrderPage,
} from '../../services/purchase-orders/list-purchase-orders.js';
import { PurchaseOrderDto } from '../../services/purchase-orders/po-record.js';
import {
  cancelPurchaseOrder,
  decidePurchaseOrder,
  submitPurchaseOrder,
} from '../../services/purchase-orders/purchase-order-lifecycle.js';
import {
  receivePurchaseOrder,
  ReceivePurchaseOrderDoc,
  ReceivePurchaseOrderInput,
} from '../../services/purchase-orders/receive-purchase-order.js';
import {
  closePurchaseOrder,
  ClosePurchaseOrderInput,
} from '../../services/purchase-orders/close-purchase-order.js';
import {
  editPurchaseOrder,
  EditPurchaseOrderInput,
} from '../../services/purchase-orders/edit-purchase-order.js';
import { Id } from '../../services/schemas.js';

import type { Api } from '../route.js';

const ById = z.object({ id: Id });
const ok = { status: 200 as const, description: 'The purchase order', schema: PurchaseOrderDto };
const refusals = ['forbidden', 'not_found', 'invalid_state'] as const;

export function purchaseOrderRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/purchase-orders',
    tag: 'purchase orders',
    summary: 'Order stock from a supplier for a location',
    body: CreatePurchaseOrderInput,
    success: {
      status: 201,
      description: 'The purchase order',
      schema: PurchaseOrderDto,
      location: '/purchase-orders/{id}',
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, body }) => createPurchaseOrder({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/purchase-orders',
    tag: 'purchase orders',
    summary: 'Purchase orders, newest first',
    query: ListPurchaseOrdersInput,
    success: { status: 200, description: 'A page of purchase orders', schema: PurchaseOrderPage },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listPurchaseOrders({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/purchase-orders/:id',
    tag: 'purchase orders',
    summary: 'One purchase order',
    params: ById,
    success: ok,
    errors: ['not_found'],
    handler: ({ ctx, params }) => getPurchaseOrder({ ctx, id: params.id }),
  });
  api.add({
    method: 'patch',
    path: '/purchase-orders/:id',
    tag: 'purchase orders',
    summary: 'Edit a draft: supplier, note, lines (with the version you saw)',
    description:
      'Only drafts change; a stale version or an order already submitted is `invalid_state` (`details.reason: stale_version` for the first).',
    params: ById,
    body: EditPurchaseOrderInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => editPurchaseOrder({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/purchase-orders/:id/submit',
    tag: 'purchase orders',
    summary: 'Send a draft for approval',
    params: ById,
    body: TransitionInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) =>
      submitPurchaseOrder({ ctx, id: params.id, version: body.version }),
  });
  api.add({
    method: 'post',
    path: '/purchase-orders/:id/cancel',
    tag: 'purchase orders',
    summary: 'Cancel before anything was received',
    params: ById,
    body: TransitionInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) =>
      cancelPurchaseOrder({ ctx, id: params.id, version: body.version }),
  });
  for (const approve of [true, false]) {
    api.add({
      method: 'post',
      path: `/purchase-orders/:id/${approve ? 'approve' : 'reject'}`,
      tag: 'purchase orders',
      summary: approve ? 'Approve the pending step (with the version you saw)' : 'Reject',
      params: ById,
      body: DecisionInput,
      success: {
        status: 200,
        description: 'The purchase order and the levels decided',
        schema: withDecision(PurchaseOrderDto),
      },
      errors: [...refusals],
      handler: ({ ctx, params, body }) =>
        decidePurchaseOrder({ ctx, id: params.id, approve, input: body }),
    });
  }
  api.add({
    method: 'post',
    path: '/purchase-orders/:id/close',
    tag: 'purchase orders',
    summary: 'Close a partly received order short: the rest is no longer on order',
    params: ById,
    body: ClosePurchaseOrderInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => closePurchaseOrder({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/purchase-orders/:id/receive',
    tag: 'purchase orders',
    summary: 'Receive delivered lines at their unit cost',
    params: ById,
    body: ReceivePurchaseOrderInput,
    bodyDoc: ReceivePurchaseOrderDoc,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => receivePurchaseOrder({ ctx, id: params.id, input: body }),
  });
}
