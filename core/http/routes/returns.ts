import { z } from 'zod';
import { createReturn, CreateReturnInput } from '../../services/returns/create-return.js';
import { getReturn } from '../../services/returns/get-return.js';
import { inspectReturn, InspectReturnInput } from '../../services/returns/inspect-return.js';
import { ReturnDto } from '../../services/returns/return-record.js';
import { Id } from '../../services/schemas.js';
import type { Api } from '../route.js';

const ById = z.object({ id: Id });

export function returnRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/returns',
    tag: 'returns',
    summary:
      'A customer return: back to the shelf, or into quarantine for inspection (on hand, not available)',
    body: CreateReturnInput,
    success: {
      status: 201,
      description: 'The return',
      schema: ReturnDto,
      location: '/returns/{id}',
    },
    errors: ['forbidden', 'not_found', 'already_exists'],
    handler: ({ ctx, body }) => createReturn({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/returns/:id',
    tag: 'returns',
    summary: 'One return, with what is still waiting for inspection',
    params: ById,
    success: { status: 200, description: 'The return', schema: ReturnDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getReturn({ ctx, id: params.id }),
  });
  api.add({
    method: 'post',
    path: '/returns/:id/inspect',
    tag: 'returns',
    summary: 'Accept returned units back to the shelf or scrap them',
    params: ById,
    body: InspectReturnInput,
    success: { status: 200, description: 'The return', schema: ReturnDto },
    errors: ['forbidden', 'not_found', 'invalid_state', 'lot_expired'],
    handler: ({ ctx, params, body }) => inspectReturn({ ctx, id: params.id, input: body }),
  });
}
