import { z } from 'zod';
import { DecisionInput, TransitionInput, withDecision } from '../../services/approvals/step-dto.js';
import { Id } from '../../services/schemas.js';
import {
  createStocktake,
  CreateStocktakeInput,
} from '../../services/stocktakes/create-stocktake.js';
import {
  getStocktake,
  listStocktakes,
  ListStocktakesInput,
  StocktakePage,
} from '../../services/stocktakes/list-stocktakes.js';
import {
  recordCounts,
  RecordCountsDoc,
  RecordCountsInput,
} from '../../services/stocktakes/record-counts.js';
import {
  cancelStocktake,
  decideStocktake,
  postStocktake,
  submitStocktake,
  SubmitStocktakeInput,
} from '../../services/stocktakes/stocktake-lifecycle.js';
import { StocktakeDto } from '../../services/stocktakes/stocktake-record.js';
import type { Api } from '../route.js';

const ById = z.object({ id: Id });
const ok = { status: 200 as const, description: 'The stocktake', schema: StocktakeDto };
const refusals = ['forbidden', 'not_found', 'invalid_state'] as const;

export function stocktakeRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/stocktakes',
    tag: 'stocktakes',
    summary:
      'Open a count of a location: everything, a list of skus, or the items not counted for N days',
    body: CreateStocktakeInput,
    success: {
      status: 201,
      description: 'The stocktake',
      schema: StocktakeDto,
      location: '/stocktakes/{id}',
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, body }) => createStocktake({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/stocktakes',
    tag: 'stocktakes',
    summary: 'Stocktakes, newest first (totals, without lines)',
    query: ListStocktakesInput,
    success: { status: 200, description: 'A page of stocktakes', schema: StocktakePage },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listStocktakes({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/stocktakes/:id',
    tag: 'stocktakes',
    summary:
      'One stocktake: lines with book, counted, variance and value, and its accuracy (book figures hidden from clerks when blind)',
    params: ById,
    success: ok,
    errors: ['not_found'],
    handler: ({ ctx, params }) => getStocktake({ ctx, id: params.id }),
  });
  api.add({
    method: 'post',
    path: '/stocktakes/:id/counts',
    tag: 'stocktakes',
    summary:
      'Record a batch of counts; each line says whether it sets or adds (scans add their pack size)',
    params: ById,
    body: RecordCountsInput,
    bodyDoc: RecordCountsDoc,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => recordCounts({ ctx, id: params.id, input: body }),
  });
  api.add({
    method: 'post',
    path: '/stocktakes/:id/submit',
    tag: 'stocktakes',
    summary: 'Fix the variances and ask for approval where a line is over the policy',
    params: ById,
    body: SubmitStocktakeInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) => submitStocktake({ ctx, id: params.id, input: body }),
  });
  for (const approve of [true, false]) {
    api.add({
      method: 'post',
      path: `/stocktakes/:id/${approve ? 'approve' : 'reject'}`,
      tag: 'stocktakes',
      summary: approve
        ? 'Approve the variances (with the version you saw)'
        : 'Reject: the stocktake goes back to open for a recount',
      params: ById,
      body: DecisionInput,
      success: {
        status: 200,
        description: 'The stocktake and the levels decided',
        schema: withDecision(StocktakeDto),
      },
      errors: [...refusals],
      handler: ({ ctx, params, body }) =>
        decideStocktake({ ctx, id: params.id, approve, input: body }),
    });
  }
  api.add({
    method: 'post',
    path: '/stocktakes/:id/post',
    tag: 'stocktakes',
    summary: 'Post the approved differences as adjustments, in one transaction',
    params: ById,
    body: TransitionInput,
    success: ok,
    errors: [...refusals, 'insufficient_stock'],
    handler: ({ ctx, params, body }) =>
      postStocktake({ ctx, id: params.id, version: body.version }),
  });
  api.add({
    method: 'post',
    path: '/stocktakes/:id/cancel',
    tag: 'stocktakes',
    summary: 'Cancel before posting; nothing is adjusted',
    params: ById,
    body: TransitionInput,
    success: ok,
    errors: [...refusals],
    handler: ({ ctx, params, body }) =>
      cancelStocktake({ ctx, id: params.id, version: body.version }),
  });
}
