import { z } from 'zod';
import { withEpoch } from '../../services/ledger/epoch.js';
import {
  OpeningStockDoc,
  OpeningStockInput,
  OpeningStockResult,
  postOpeningStock,
} from '../../services/stock/opening-stock.js';
import { LocationCode, Sku } from '../../services/schemas.js';
import { getStock } from '../../services/stock/get-stock.js';
import { listStock, ListStockInput, StockPage } from '../../services/stock/list-stock.js';
import { StockRow } from '../../services/stock/stock-row.js';
import {
  ledgerHead,
  LedgerHead,
  queryStock,
  StockFigure,
  StockQueryInput,
} from '../../services/stock/query-stock.js';
import type { Api } from '../route.js';

/** See `GET /ledger/head`: figures of another epoch are not to be kept. */
const Epoch = LedgerHead.shape.epoch;

export function stockRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/stock',
    tag: 'stock',
    summary: 'On hand, reserved and available per store/warehouse and item',
    query: ListStockInput,
    success: {
      status: 200,
      description: 'Stock rows by location, then sku, and the epoch they belong to',
      schema: StockPage.extend({ epoch: Epoch }),
    },
    errors: ['not_found'],
    handler: ({ ctx, query }) => withEpoch(ctx, () => listStock({ ctx, input: query })),
  });
  api.add({
    method: 'get',
    path: '/stock/:location/:sku',
    tag: 'stock',
    summary: 'The stock of one item at one location (zeros if never touched)',
    params: z.object({ location: LocationCode, sku: Sku }),
    success: {
      status: 200,
      description: 'One stock row, and the epoch it belongs to',
      schema: StockRow.extend({ epoch: Epoch }),
    },
    errors: ['not_found'],
    handler: ({ ctx, params }) =>
      withEpoch(ctx, () => getStock({ ctx, location: params.location, sku: params.sku })),
  });
  api.add({
    method: 'post',
    path: '/stock/query',
    tag: 'stock',
    summary: 'Many stock figures at once (spreadsheet formulas); reads only',
    body: StockQueryInput,
    success: {
      status: 200,
      description: 'One figure per line, in order, and the epoch they belong to',
      schema: z.object({ items: z.array(StockFigure), epoch: Epoch }),
    },
    handler: ({ ctx, body }) =>
      withEpoch(ctx, async () => ({ items: await queryStock({ ctx, input: body }) })),
  });
  api.add({
    method: 'post',
    path: '/stock/opening',
    tag: 'stock',
    summary: 'Opening stock: balances with their unit costs, all rows in one transaction',
    description:
      'Each row is an adjustment into a store or warehouse (reason `opening stock`) whose unit cost is folded into the moving average. ' +
      'All rows post or none; every problem of every row is reported at once (`rows.3.sku`). Admins and managers, at the locations they may write to. ' +
      'Send an `Idempotency-Key`: the same sheet sent twice posts once.',
    body: OpeningStockInput,
    bodyDoc: OpeningStockDoc,
    bodyLimit: 12 * 1024 * 1024,
    success: { status: 201, description: 'Every row posted', schema: OpeningStockResult },
    errors: ['forbidden'],
    handler: ({ ctx, body }) => postOpeningStock({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/ledger/head',
    tag: 'stock',
    summary:
      "The latest movement's seq and the ledger's epoch: poll them to know when figures changed",
    success: { status: 200, description: 'The head of the ledger', schema: LedgerHead },
    handler: ({ ctx }) => ledgerHead({ ctx }),
  });
}
