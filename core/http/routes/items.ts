import { z } from 'zod';
import { createItem, CreateItemInput } from '../../services/items/create-item.js';
import { getBarcode, getItem, searchItems, SearchItemsInput } from '../../services/items/find-items.js';
import { ItemDto } from '../../services/items/item-dto.js';
import { BarcodeCode, Sku } from '../../services/schemas.js';
import { upsertItems, UpsertItemsDoc, UpsertItemsInput } from '../../services/items/upsert-items.js';
import { renderResults } from '../errors.js';
import type { Api } from '../route.js';

export function itemRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/items',
    tag: 'items',
    summary: 'Create an item with its barcodes (admin, manager)',
    body: CreateItemInput,
    success: { status: 201, description: 'The item', schema: ItemDto },
    errors: ['forbidden', 'already_exists'],
    handler: ({ ctx, body }) => createItem({ ctx, input: body }),
  });
  api.add({
    method: 'post',
    path: '/items/batch',
    tag: 'items',
    summary: 'Create or update up to 10,000 items (the add-in\'s item import), with a report per row',
    body: UpsertItemsInput,
    bodyDoc: UpsertItemsDoc,
    bodyLimit: 12 * 1024 * 1024,
    success: { status: 200, description: 'Every row: created, updated, unchanged or rejected', schema: z.object({ results: z.array(z.unknown()) }) },
    errors: ['forbidden', 'batch_rejected'],
    handler: async ({ ctx, body, c }) => renderResults({ results: await upsertItems({ ctx, input: body }) }, c.get('lang')),
  });
  api.add({
    method: 'get',
    path: '/items',
    tag: 'items',
    summary: 'Find items by sku, name or barcode',
    query: SearchItemsInput,
    success: { status: 200, description: 'Matching items, by sku', schema: z.object({ items: z.array(ItemDto) }) },
    handler: async ({ ctx, query }) => ({ items: await searchItems({ ctx, input: query }) }),
  });
  api.add({
    method: 'get',
    path: '/items/:sku',
    tag: 'items',
    summary: 'One item',
    params: z.object({ sku: Sku }),
    success: { status: 200, description: 'The item', schema: ItemDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getItem({ ctx, sku: params.sku }),
  });
  api.add({
    method: 'get',
    path: '/barcodes/:code',
    tag: 'items',
    summary: 'The item a barcode belongs to, and its pack multiplier',
    params: z.object({ code: BarcodeCode }),
    success: {
      status: 200,
      description: 'The barcode',
      schema: z.object({ code: z.string(), sku: z.string(), multiplier: z.number().int() }),
    },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getBarcode({ ctx, code: params.code }),
  });
}
