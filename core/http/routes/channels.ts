import { z } from 'zod';
import {
  AvailabilityPage,
  AvailabilityQuery,
  channelAvailability,
} from '../../services/channels/availability.js';
import {
  ChannelCode,
  ChannelDto,
  ChannelInput,
  getChannel,
  listChannels,
  ListingsInput,
  putChannel,
  putListings,
} from '../../services/channels/channels.js';
import {
  CsvImportInput,
  CsvImportResult,
  CsvMappingInput,
  importOrdersCsv,
  putCsvMapping,
} from '../../services/channels/csv-import.js';
import { cancelOrder } from '../../services/channels/cancel-order.js';
import { getOrder } from '../../services/channels/get-order.js';
import { ChannelOrderDto, OrderId } from '../../services/channels/order-record.js';
import { placeOrder, PlaceOrderInput } from '../../services/channels/place-order.js';
import { returnOrder, ReturnOrderInput } from '../../services/channels/return-order.js';
import { shipOrder } from '../../services/channels/ship-order.js';
import { named } from '../errors.js';
import type { Api } from '../route.js';

const ByCode = z.object({ code: ChannelCode });
const ByOrder = z.object({ code: ChannelCode, orderId: OrderId });
const order = { status: 200 as const, description: 'The order', schema: ChannelOrderDto };

export function channelRoutes(api: Api): void {
  api.add({
    method: 'put',
    path: '/channels/:code',
    tag: 'channels',
    summary:
      'Create a sales channel or change its rules (fulfilling locations in priority order, percent, cap, safety floor, split)',
    params: ByCode,
    body: ChannelInput.omit({ code: true }),
    success: { status: 200, description: 'The channel', schema: ChannelDto },
    errors: ['forbidden'],
    handler: ({ ctx, params, body }) => putChannel({ ctx, input: { ...body, code: params.code } }),
  });
  api.add({
    method: 'get',
    path: '/channels',
    tag: 'channels',
    summary: 'Sales channels',
    success: {
      status: 200,
      description: 'Channels',
      schema: z.object({ items: z.array(ChannelDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listChannels({ ctx }) }),
  });
  api.add({
    method: 'get',
    path: '/channels/:code',
    tag: 'channels',
    summary: 'One channel',
    params: ByCode,
    success: { status: 200, description: 'The channel', schema: ChannelDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getChannel({ ctx, code: params.code }),
  });
  api.add({
    method: 'put',
    path: '/channels/:code/listings',
    tag: 'channels',
    summary: "Create or replace listings: the channel's product code → a sku or a bundle",
    params: ByCode,
    body: ListingsInput,
    success: {
      status: 200,
      description: 'How many were written',
      schema: z.object({ listings: z.number().int() }),
    },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => putListings({ ctx, code: params.code, input: body }),
  });
  api.add({
    method: 'get',
    path: '/channels/:code/availability',
    tag: 'channels',
    summary: 'What the channel may sell per listing; with changedSinceSeq only what changed since',
    params: ByCode,
    query: AvailabilityQuery,
    success: { status: 200, description: 'Changed listings', schema: AvailabilityPage },
    errors: ['not_found'],
    handler: ({ ctx, params, query }) =>
      channelAvailability({ ctx, code: params.code, changedSinceSeq: query.changedSinceSeq }),
  });
  api.add({
    method: 'post',
    path: '/channels/:code/orders',
    tag: 'channels',
    summary:
      "An order from the channel: holds its stock (the channel's order id is the idempotency key)",
    params: ByCode,
    body: PlaceOrderInput,
    success: {
      status: 201,
      description: 'The order with its holds (replayed: already known)',
      schema: ChannelOrderDto,
    },
    errors: ['forbidden', 'not_found', 'already_exists', 'invalid_state', 'insufficient_stock'],
    handler: ({ ctx, params, body }) => placeOrder({ ctx, code: params.code, input: body }),
  });
  api.add({
    method: 'get',
    path: '/channels/:code/orders/:orderId',
    tag: 'channels',
    summary: 'One order',
    params: ByOrder,
    success: order,
    errors: ['not_found'],
    handler: ({ ctx, params }) => getOrder({ ctx, code: params.code, orderId: params.orderId }),
  });
  for (const [action, summary, run] of [
    ['ship', 'Ship: the holds become issues', shipOrder],
    [
      'cancel',
      'Cancel: the holds are released (a cancel before the order is remembered)',
      cancelOrder,
    ],
  ] as const) {
    api.add({
      method: 'post',
      path: `/channels/:code/orders/:orderId/${action}`,
      tag: 'channels',
      summary,
      params: ByOrder,
      success: order,
      errors: ['forbidden', 'not_found', 'invalid_state'],
      handler: ({ ctx, params }) => run({ ctx, code: params.code, orderId: params.orderId }),
    });
  }
  api.add({
    method: 'post',
    path: '/channels/:code/orders/:orderId/return',
    tag: 'channels',
    summary: 'A shipped order comes back: to the shelf, or to quarantine for inspection',
    params: ByOrder,
    body: ReturnOrderInput,
    success: order,
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params, body }) =>
      returnOrder({ ctx, code: params.code, orderId: params.orderId, input: body }),
  });
  api.add({
    method: 'put',
    path: '/channels/:code/csv-mapping',
    tag: 'channels',
    summary:
      "How the channel's order export reads: which column is the order id, product code, quantity, status, time",
    params: ByCode,
    body: CsvMappingInput,
    success: { status: 200, description: 'The mapping', schema: CsvMappingInput },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => putCsvMapping({ ctx, code: params.code, input: body }),
  });
  api.add({
    method: 'post',
    path: '/channels/:code/imports',
    tag: 'channels',
    summary:
      'Import an order export (CSV) in one batch, a result per row; importing the same file again changes nothing',
    params: ByCode,
    body: CsvImportInput,
    bodyLimit: 12 * 1024 * 1024,
    success: { status: 200, description: 'A result per row', schema: CsvImportResult },
    errors: ['forbidden', 'not_found'],
    handler: async ({ ctx, params, body, c }) =>
      await named(
        ctx,
        await importOrdersCsv({ ctx, code: params.code, input: body }),
        c.get('lang'),
      ),
  });
}
