import { z } from 'zod';
import { LocationCode, Sku } from '../../services/schemas.js';
import { getStock } from '../../services/stock/get-stock.js';
import { listStock, ListStockInput, StockPage } from '../../services/stock/list-stock.js';
import { StockRow } from '../../services/stock/stock-row.js';
import { ledgerHead, queryStock, StockFigure, StockQueryInput } from '../../services/stock/query-stock.js';
import type { Api } from '../route.js';

export function stockRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/stock',
    tag: 'stock',
    summary: 'On hand, reserved and available per store/warehouse and item',
    query: ListStockInput,
    success: { status: 200, description: 'Stock rows by location, then sku', schema: StockPage },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listStock({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/stock/:location/:sku',
    tag: 'stock',
    summary: 'The stock of one item at one location (zeros if never touched)',
    params: z.object({ location: LocationCode, sku: Sku }),
    success: { status: 200, description: 'One stock row', schema: StockRow },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getStock({ ctx, location: params.location, sku: params.sku }),
  });
  api.add({
    method: 'post',
    path: '/stock/query',
    tag: 'stock',
    summary: 'Many stock figures at once (spreadsheet formulas); reads only',
    body: StockQueryInput,
    success: { status: 200, description: 'One figure per line, in order', schema: z.object({ items: z.array(StockFigure) }) },
    handler: async ({ ctx, body }) => ({ items: await queryStock({ ctx, input: body }) }),
  });
  api.add({
    method: 'get',
    path: '/ledger/head',
    tag: 'stock',
    summary: "The latest movement's seq: poll it to know when figures changed",
    success: { status: 200, description: 'The head of the ledger', schema: z.object({ seq: z.number().int() }) },
    handler: ({ ctx }) => ledgerHead({ ctx }),
  });
}
