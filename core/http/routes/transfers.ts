import { z } from 'zod';
import { DecisionInput, TransitionInput, withDecision } from '../../services/approvals/step-dto.js';
import { Id } from '../../services/schemas.js';
import { createTransfer, CreateTransferInput } from '../../services/transfers/create-transfer.js';
import { decideTransfer } from '../../services/transfers/decide-transfer.js';
import {
  getTransfer,
  listTransfers,
  ListTransfersInput,
  TransferPage,
} from '../../services/transfers/list-transfers.js';
import { closeTransfer, CloseTransferInput } from '../../services/transfers/close-transfer.js';
import {
  receiveTransfer,
  ReceiveLinesDoc,
  ReceiveLinesInput,
} from '../../services/transfers/receive-transfer.js';
import { shipTransfer, ShipTransferInput } from '../../services/transfers/ship-transfer.js';
import { cancelTransfer, submitTransfer } from '../../services/transfers/transfer-lifecycle.js';
import { TransferDto } from '../../services/transfers/transfer-record.js';
import type { ServiceContext } from '../../services/context.js';
import type { Api } from '../route.js';

const ById = z.object({ id: Id });
const ok = { status: 200 as const, description: 'The transfer', schema: TransferDto };
const refusals = ['forbidden', 'not_found', 'invalid_state'] as const;

export function transferRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/transfers',
    tag: 'transfers',
    summary: 'Request stock from one location for another (holds it at the source at once)',
    body: CreateTransferInput,
    success: {
      status: 201,
      description: 'The transfer',
      schema: TransferDto,
      location: '/transfers/{id}',
    },
    errors: ['forbidden', 'not_found', 'insufficient_stock'],
    handler: ({ ctx, body }) => createTransfer({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/transfers',
    tag: 'transfers',
    summary: 'Transfers, newest first',
    query: ListTransfersInput,
    success: { status: 200, description: 'A page of transfers', schema: TransferPage },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listTransfers({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/transfers/:id',
    tag: 'transfers',
    summary: 'One transfer, with its lines and approvals',
    params: ById,
    success: ok,
    errors: ['not_found'],
    handler: ({ ctx, params }) => getTransfer({ ctx, id: params.id }),
  });
  type Run = (args: {
    ctx: ServiceContext;
    id: number;
    version?: number | null;
  }) => Promise<unknown>;
  const transitions: Array<[string, string, Run]> = [
    ['submit', 'Send a draft for approval', submitTransfer],
    ['cancel', 'Cancel before shipping; the held stock is released', cancelTransfer],
  ];
  for (const [action, summary, run] of transitions) {
    api.add({
      method: 'post',
      path: `/transfers/:id/${action}`,
      tag: 'transfers',
      summary,
      params: ById,
      body: TransitionInput,
      success: ok,
      errors: [...refusals],
      handler: ({ ctx, params, body }) => run({ ctx, id: params.id, version: body.version }),
    });
  }
  for (const approve of [true, false]) {
    api.add({
      method: 'post',
      path: `/transfers/:id/${approve ? 'approve' : 'reject'}`,
      tag: 'transfers',
      summary: approve
        ? 'Approve the pending step (with the version you saw)'
        : 'Reject (the held stock is released)',
      params: ById,
      body: DecisionInput,
      success: {
        status: 200,
        description: 'The transfer and the levels decided',
        schema: withDecision(TransferDto),
      },
      errors: [...refusals],
      handler: ({ ctx, params, body }) =>
        decideTransfer({ ctx, id: params.id, approve, input: body }),
    });
  }
  api.add({
    method: 'post',
    path: '/transfers/:id/ship',
    tag: 'transfers',
    summary:
      'Ship all or part: what leaves moves to @transit, the rest stays held or is released (users at the source)',
    params: ById,
    body: ShipTransferInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => shipTransfer({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/transfers/:id/receive',
    tag: 'transfers',
    summary: 'Receive what arrived, line by line (users at the target)',
    params: ById,
    body: ReceiveLinesInput,
    bodyDoc: ReceiveLinesDoc,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => receiveTransfer({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/transfers/:id/close',
    tag: 'transfers',
    summary:
      'Close with a discrepancy: what never arrived is written off with a reason per line (over the transfer_loss policy: after approval)',
    params: ById,
    body: CloseTransferInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => closeTransfer({ ctx, id: params.id, input: body }),
  });
}
