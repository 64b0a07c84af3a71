import { z } from 'zod';
import {
  listLots,
  ListLotsInput,
  LotBalanceDto,
  LotTrace,
  traceLot,
  TraceLotParams,
  TraceLotQuery,
} from '../../services/lots/lots.js';
import type { Api } from '../route.js';

export function lotRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/lots',
    tag: 'lots',
    summary:
      'Stock per lot at stores and warehouses, soonest expiry first (filter by sku, location, expiring within N days)',
    query: ListLotsInput,
    success: {
      status: 200,
      description: 'Lot balances',
      schema: z.object({ items: z.array(LotBalanceDto) }),
    },
    errors: ['not_found'],
    handler: ({ ctx, query }) => listLots({ ctx, input: query }),
  });
  api.add({
    method: 'get',
    path: '/lots/:code/trace',
    tag: 'lots',
    summary: 'Every movement of a lot and where it is now (recalls)',
    params: TraceLotParams,
    query: TraceLotQuery,
    success: { status: 200, description: 'The lot (per item using the code)', schema: LotTrace },
    errors: ['not_found'],
    handler: ({ ctx, params, query }) => traceLot({ ctx, code: params.code, sku: query.sku }),
  });
}
