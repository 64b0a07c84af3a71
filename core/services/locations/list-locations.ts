import { asc } from 'drizzle-orm';
import { locations } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { toLocationDto, type LocationDto } from './location-dto.js';

/** Every location, virtual ones included (they sort first: `@` < letters). */
export async function listLocations({ ctx }: { ctx: ServiceContext }): Promise<LocationDto[]> {
  const rows = await reader(ctx).select().from(locations).orderBy(asc(locations.code));
  const codes = new Map(rows.map((r) => [r.id, r.code]));
  return rows.map((r) => toLocationDto(r, (id) => codes.get(id)));
}
