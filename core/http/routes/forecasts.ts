import { z } from 'zod';
import {
  ItemForecast,
  itemForecast,
  ItemForecastInput,
} from '../../services/forecasts/item-forecast.js';
import { LocationCode, Sku } from '../../services/schemas.js';
import type { Api } from '../route.js';

export function forecastRoutes(api: Api): void {
  api.add({
    method: 'get',
    path: '/forecasts/:location/:sku',
    tag: 'reports',
    summary: 'An item’s daily demand at a location next to its forecast, and the days ahead',
    params: z.object({ location: LocationCode, sku: Sku }),
    query: ItemForecastInput,
    success: { status: 200, description: 'Demand, forecast and the model', schema: ItemForecast },
    errors: ['not_found'],
    handler: ({ ctx, params, query }) =>
      itemForecast({ ctx, sku: params.sku, location: params.location, input: query }),
  });
}
