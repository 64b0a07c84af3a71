import { z } from 'zod';
import {
  coverAndTurnover,
  dailyHistory,
  DailyHistoryInput,
  DailyHistoryRow,
  ReportScope,
  slowMovers,
  SlowMoversInput,
  stockMatrix,
  StockMatrixInput,
} from '../../services/reports/reports.js';
import {
  stockValue,
  StockValueInput,
  stockValueItems,
  StockValueItemsInput,
  StockValueItemsPage,
  StockValueReport,
} from '../../services/reports/stock-value.js';
import {
  orderSuggestions,
  OrderSuggestionsInput,
  OrderSuggestionsResult,
} from '../../services/suggestions/order-suggestions.js';
import {
  PurchaseSuggestion,
  purchaseSuggestions,
  PurchaseSuggestionsInput,
} from '../../services/suggestions/purchase-suggestions.js';
import {
  TransferSuggestion,
  transferSuggestions,
  TransferSuggestionsInput,
} from '../../services/suggestions/transfer-suggestions.js';
import type { Api } from '../route.js';

const rows = (description: string) => ({
  status: 200 as const,
  description,
  schema: z.object({ items: z.array(z.unknown()) }),
});

export function reportRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/suggestions/purchase',
    tag: 'suggestions',
    summary: 'What to order for a location, with the figures used',
    query: PurchaseSuggestionsInput,
    success: {
      status: 200,
      description: 'Suggestions',
      schema: z.object({ items: z.array(PurchaseSuggestion) }),
    },
    errors: ['not_found'],
    handler: async ({ ctx, query }) => ({
      items: await purchaseSuggestions({ ctx, input: query }),
    }),
  });
  api.add({
    method: 'post',
    path: '/suggestions/purchase/orders',
    tag: 'suggestions',
    summary: 'Turn selected purchase suggestions into draft purchase orders, one per supplier',
    body: OrderSuggestionsInput,
    success: {
      status: 201,
      description: 'The draft orders, and what was skipped',
      schema: OrderSuggestionsResult,
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, body }) => orderSuggestions({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/suggestions/transfers',
    tag: 'suggestions',
    summary: 'Moves from stores with too much to stores running out, before buying more',
    query: TransferSuggestionsInput,
    success: {
      status: 200,
      description: 'Proposed moves',
      schema: z.object({ items: z.array(TransferSuggestion) }),
    },
    handler: async ({ ctx, query }) => ({
      items: await transferSuggestions({ ctx, input: query }),
    }),
  });
  api.add({
    method: 'get',
    path: '/reports/stock-matrix',
    tag: 'reports',
    summary: 'On hand per item × location (pivot-ready), in pages of items',
    query: StockMatrixInput,
    success: { status: 200, description: 'Locations (columns) and item rows', schema: z.unknown() },
    handler: ({ ctx, query }) => stockMatrix({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/reports/stock-value',
    tag: 'reports',
    summary:
      'Stock value at moving-average cost per location, in transit (per transfer) and in total',
    query: StockValueInput,
    success: {
      status: 200,
      description:
        'Value per owned location (@transit included), per transfer in flight, and in total',
      schema: StockValueReport,
    },
    errors: ['not_found'],
    handler: ({ ctx, query }) => stockValue({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/reports/stock-value/items',
    tag: 'reports',
    summary: 'Stock value per item × location (pages), adding up to the per-location totals',
    query: StockValueItemsInput,
    success: {
      status: 200,
      description: 'Rows by location, then sku',
      schema: StockValueItemsPage,
    },
    errors: ['not_found'],
    handler: ({ ctx, query }) => stockValueItems({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/reports/cover',
    tag: 'reports',
    summary: 'Days of cover and turnover per item × location',
    query: ReportScope,
    success: rows('Rows'),
    errors: ['not_found'],
    handler: async ({ ctx, query }) => ({ items: await coverAndTurnover({ ctx, input: query }) }),
  });
  api.add({
    method: 'get',
    path: '/reports/slow-movers',
    tag: 'reports',
    summary: 'Stock on hand that has not sold in N days',
    query: SlowMoversInput,
    success: rows('Rows'),
    errors: ['not_found'],
    handler: async ({ ctx, query }) => ({ items: await slowMovers({ ctx, input: query }) }),
  });
  api.add({
    method: 'get',
    path: '/reports/daily',
    tag: 'reports',
    summary: 'Movement history of an item per day: in, out, sold, refused',
    query: DailyHistoryInput,
    success: {
      status: 200,
      description: 'One row per day and location, oldest first',
      schema: z.object({ items: z.array(DailyHistoryRow) }),
    },
    errors: ['not_found'],
    handler: async ({ ctx, query }) => ({ items: await dailyHistory({ ctx, input: query }) }),
  });
}
