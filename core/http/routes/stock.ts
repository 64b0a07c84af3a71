import { z } from 'zod';
import { LocationCode, Sku } from '../../services/schemas.js';
import { getStock } from '../../services/stock/get-stock.js';
import { listStock, ListStockInput, StockPage } from '../../services/stock/list-stock.js';
import { StockRow } from '../../services/stock/stock-row.js';
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
}
