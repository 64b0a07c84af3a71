import { z } from 'zod';
import { createItem, CreateItemInput } from '../../services/items/create-item.js';
import {
  getBarcode,
  getItem,
  searchItems,
  SearchItemsInput,
} from '../../services/items/find-items.js';
import { ItemDto } from '../../services/items/item-dto.js';
import { BarcodeCode, Sku } from '../../services/schemas.js';
import { addBarcode, AddBarcodeInput, removeBarcode } from '../../services/items/barcodes.js';
import { mergeItem, MergeItemInput, MergeResult } from '../../services/items/merge-items.js';
import {
  upsertItems,
  UpsertItemsDoc,
  UpsertItemsInput,
} from '../../services/items/upsert-items.js';
import { named } from '../errors.js';
import type { Api } from '../route.js';

export function itemRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/items',
    tag: 'items',
    summary: 'Create an item with its barcodes (admin, manager)',
    body: CreateItemInput,
    success: { status: 201, description: 'The item', schema: ItemDto, location: '/items/{sku}' },
    errors: ['forbidden', 'already_exists'],
    handler: ({ ctx, body }) => createItem({ ctx, input: body }),
  });
  api.add({
    method: 'post',
    path: '/items/batch',
    tag: 'items',
    summary:
      "Create or update up to 10,000 items (the add-in's item import), with a report per row",
    body: UpsertItemsInput,
    bodyDoc: UpsertItemsDoc,
    bodyLimit: 12 * 1024 * 1024,
    success: {
      status: 200,
      description: 'Every row: created, updated, unchanged or rejected',
      schema: z.object({ results: z.array(z.unknown()) }),
    },
    errors: ['forbidden', 'batch_rejected'],
    handler: async ({ ctx, body, c }) =>
      await named(ctx, { results: await upsertItems({ ctx, input: body }) }, c.get('lang')),
  });
  api.add({
    method: 'get',
    path: '/items',
    tag: 'items',
    summary: 'Find items by sku, name or barcode',
    query: SearchItemsInput,
    success: {
      status: 200,
      description: 'Matching items, by sku',
      schema: z.object({ items: z.array(ItemDto) }),
    },
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
    method: 'post',
    path: '/items/:sku/barcodes',
    tag: 'items',
    summary: 'Add a barcode with its pack multiplier (each, inner pack, case) (admin, manager)',
    params: z.object({ sku: Sku }),
    body: AddBarcodeInput,
    success: { status: 201, description: 'The item with its barcodes', schema: ItemDto },
    errors: ['forbidden', 'not_found', 'already_exists'],
    handler: ({ ctx, params, body }) => addBarcode({ ctx, sku: params.sku, input: body }),
  });
  api.add({
    method: 'delete',
    path: '/items/:sku/barcodes/:code',
    tag: 'items',
    summary:
      'Remove a barcode; movements keep their item, so history reads the same (admin, manager)',
    params: z.object({ sku: Sku, code: BarcodeCode }),
    success: { status: 200, description: 'The item with its barcodes', schema: ItemDto },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params }) => removeBarcode({ ctx, sku: params.sku, code: params.code }),
  });
  api.add({
    method: 'post',
    path: '/items/:sku/merge',
    tag: 'items',
    summary:
      'Merge this item into another (same product, two codes): stock moves by movements, barcodes move, history stays',
    params: z.object({ sku: Sku }),
    body: MergeItemInput,
    success: { status: 200, description: 'Both items and the stock moved', schema: MergeResult },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params, body }) => mergeItem({ ctx, sku: params.sku, input: body }),
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
