import { z } from 'zod';
import { createLocation, CreateLocationInput } from '../../services/locations/create-location.js';
import { listLocations } from '../../services/locations/list-locations.js';
import { LocationDto } from '../../services/locations/location-dto.js';
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
    method: 'get',
    path: '/locations',
    tag: 'locations',
    summary: 'Every location, virtual ones (@supplier, @customer, …) included',
    success: { status: 200, description: 'Locations', schema: z.object({ items: z.array(LocationDto) }) },
    handler: async ({ ctx }) => ({ items: await listLocations({ ctx }) }),
  });
}
