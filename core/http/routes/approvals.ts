import { z } from 'zod';
import { InboxInput, InboxItem, listInbox } from '../../services/documents/inbox.js';
import {
  ApprovalPolicyDto,
  listPolicies,
  PutApprovalPoliciesInput,
  putPolicies,
} from '../../services/approvals/policies.js';
import { Id } from '../../services/schemas.js';
import {
  createSupplier,
  CreateSupplierInput,
  getSupplier,
  listSuppliers,
  SupplierDto,
  updateSupplier,
  UpdateSupplierInput,
} from '../../services/suppliers/suppliers.js';
import type { Api } from '../route.js';

export function approvalRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/approvals',
    tag: 'approvals',
    summary: 'Approval steps waiting for a decision ("my inbox" with mine=true)',
    query: InboxInput,
    success: {
      status: 200,
      description: 'Pending steps, oldest first',
      schema: z.object({ items: z.array(InboxItem) }),
    },
    errors: ['forbidden'],
    handler: async ({ ctx, query }) => ({ items: await listInbox({ ctx, input: query }) }),
  });
  api.add({
    method: 'get',
    path: '/approval-policies',
    tag: 'approvals',
    summary: 'Approval policies per document type',
    success: {
      status: 200,
      description: 'Policies',
      schema: z.object({ items: z.array(ApprovalPolicyDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listPolicies({ ctx }) }),
  });
  api.add({
    method: 'put',
    path: '/approval-policies',
    tag: 'approvals',
    summary: 'Replace the policies of the document types given (admin)',
    body: PutApprovalPoliciesInput,
    success: {
      status: 200,
      description: 'All policies',
      schema: z.object({ items: z.array(ApprovalPolicyDto) }),
    },
    errors: ['forbidden'],
    handler: ({ ctx, body }) => putPolicies({ ctx, input: body }),
  });
}

export function supplierRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/suppliers',
    tag: 'purchase orders',
    summary: 'Create a supplier (admin, manager)',
    body: CreateSupplierInput,
    success: {
      status: 201,
      description: 'The supplier',
      schema: SupplierDto,
      location: '/suppliers/{id}',
    },
    errors: ['forbidden', 'already_exists'],
    handler: ({ ctx, body }) => createSupplier({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/suppliers',
    tag: 'purchase orders',
    summary: 'Suppliers by name',
    success: {
      status: 200,
      description: 'Suppliers',
      schema: z.object({ items: z.array(SupplierDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listSuppliers({ ctx }) }),
  });
  api.add({
    method: 'get',
    path: '/suppliers/:id',
    tag: 'purchase orders',
    summary: 'One supplier',
    params: z.object({ id: Id }),
    success: { status: 200, description: 'The supplier', schema: SupplierDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getSupplier({ ctx, id: params.id }),
  });
  api.add({
    method: 'patch',
    path: '/suppliers/:id',
    tag: 'purchase orders',
    summary:
      "Change a supplier's contact, lead time, pack size or over-receipt tolerance (admin, manager)",
    params: z.object({ id: Id }),
    body: UpdateSupplierInput,
    success: { status: 200, description: 'The supplier', schema: SupplierDto },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => updateSupplier({ ctx, id: params.id, input: body }),
  });
}
