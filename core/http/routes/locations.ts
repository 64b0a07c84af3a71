import { z } from 'zod';
import { createLocation, CreateLocationInput } from '../../services/locations/create-location.js';
import { listLocations } from '../../services/locations/list-locations.js';
import { LocationDto } from '../../services/locations/location-dto.js';
import { updateLocation, UpdateLocationInput } from '../../services/locations/update-location.js';
import { LocationCode } from '../../services/schemas.js';
import type { Api } from '../route.js';

export function locationRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/locations',
    tag: 'locations',
    summary: 'Create a warehouse or store (admin)',
    body: CreateLocationInput,
    success: { status: 201, description: 'The location', schema: LocationDto },
    errors: ['forbidden', 'already_exists'],
    handler: ({ ctx, body }) => createLocation({ ctx, input: body }),
  });
  api.add({
    method: 'patch',
    path: '/locations/:code',
    tag: 'locations',
    summary: 'Say where a store or warehouse is replenished from (admin)',
    params: z.object({ code: LocationCode }),
    body: UpdateLocationInput,
    success: { status: 200, description: 'The location', schema: LocationDto },
    errors: ['forbidden', 'not_found'],
    handler: ({ ctx, params, body }) => updateLocation({ ctx, code: params.code, input: body }),
  });
  api.add({
    method: 'get',
    path: '/locations',
    tag: 'locations',
    summary: 'Every location, virtual ones (@supplier, @customer, …) included',
    success: {
      status: 200,
      description: 'Locations',
      schema: z.object({ items: z.array(LocationDto) }),
    },
    handler: async ({ ctx }) => ({ items: await listLocations({ ctx }) }),
  });
}
