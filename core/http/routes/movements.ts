import { z } from 'zod';
import { metrics } from '../../observability/metrics.js';
import { renderResults } from '../errors.js';
import { resultsContext } from '../../services/names.js';
import {
  listMovements,
  ListMovementsInput,
  MovementPage,
} from '../../services/movements/list-movements.js';
import { MovementDto } from '../../services/movements/movement-dto.js';
import {
  MovementBatchDoc,
  MovementBatchInput,
  postMovementBatch,
} from '../../services/movements/post-movement-batch.js';
import { MovementInput, postMovement } from '../../services/movements/post-movement.js';
import { movementReferenceIssues } from '../../services/movements/prepare-movement.js';
import {
  reverseMovement,
  ReverseMovementInput,
} from '../../services/movements/reverse-movement.js';
import { Id } from '../../services/schemas.js';
import type { Api } from '../route.js';

/** 10,000 rows of at most ~1 KB each. */
const BATCH_BODY_LIMIT = 12 * 1024 * 1024;

const BatchResult = z.object({
  index: z.number().int(),
  status: z.enum(['posted', 'valid', 'rejected']),
  movement: MovementDto.optional(),
  replayed: z.boolean().optional(),
  error: z
    .object({ code: z.string(), message: z.string(), details: z.unknown().optional() })
    .optional(),
});

export function movementRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/movements',
    tag: 'movements',
    summary: 'Post a receipt, issue, adjustment, move or scrap',
    body: MovementInput,
    success: { status: 201, description: 'The movement', schema: MovementDto },
    errors: ['forbidden', 'not_found', 'insufficient_stock'],
    handler: ({ ctx, body }) => postMovement({ ctx, input: body }),
    references: movementReferenceIssues,
    onRefused: (error) => metrics.rejected.inc({ code: error.code }),
  });
  api.add({
    method: 'post',
    path: '/movements/batch',
    tag: 'movements',
    summary: 'Post up to 10,000 movements in one transaction',
    description:
      "Atomic by default: all rows post or none (409 batch_rejected with every row's outcome). " +
      '`atomic: false` posts the good rows; `dryRun: true` checks every row and keeps nothing.',
    body: MovementBatchInput,
    bodyDoc: MovementBatchDoc,
    bodyLimit: BATCH_BODY_LIMIT,
    success: {
      status: 200,
      description: "Every row posted (or, non-atomic / dry run, every row's outcome)",
      schema: z.object({
        posted: z.number().int(),
        dryRun: z.boolean(),
        results: z.array(BatchResult),
      }),
    },
    errors: ['batch_rejected'],
    handler: async ({ ctx, body, c }) => {
      const outcome = await postMovementBatch({ ctx, input: body });
      const context = await resultsContext(ctx.database, outcome.results);
      return { ...outcome, ...(renderResults(outcome, c.get('lang'), context) as object) };
    },
  });
  api.add({
    method: 'post',
    path: '/movements/:id/reverse',
    tag: 'movements',
    summary:
      'Undo a movement with a reversing movement (a sale with returns against it: 409 already_returned)',
    params: z.object({ id: Id }),
    body: ReverseMovementInput,
    success: { status: 201, description: 'The reversing movement', schema: MovementDto },
    errors: ['forbidden', 'not_found', 'invalid_state', 'already_returned', 'insufficient_stock'],
    handler: ({ ctx, params, body }) => reverseMovement({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'get',
    path: '/movements',
    tag: 'movements',
    summary: 'Movements in ledger order, after a seq',
    query: ListMovementsInput,
    success: { status: 200, description: 'A page of movements', schema: MovementPage },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listMovements({ ctx, input: query }),
  });
}
