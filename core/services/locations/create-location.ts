import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import { INTERNAL_LOCATION_KINDS } from '../../domain/locations.js';
import { locations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, forbidden } from '../errors.js';
import { Text } from '../schemas.js';
import { toLocationDto, type LocationDto } from './location-dto.js';

export const CreateLocationInput = z
  .strictObject({
    /** `@` starts the codes of virtual locations, which only the system creates. */
    code: z
      .string()
      .min(1)
      .max(64)
      .regex(/^[^\s@]\S*$/, 'no spaces, not starting with @'),
    name: Text(200),
    kind: z.enum(INTERNAL_LOCATION_KINDS),
  })
  .meta({ id: 'CreateLocationInput' });
export type CreateLocationInput = z.infer<typeof CreateLocationInput>;

/** Creates a warehouse or store. Admins only: locations shape everyone's scope. */
export async function createLocation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateLocationInput;
}): Promise<LocationDto> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx
      .select({ id: locations.id })
      .from(locations)
      .where(eq(locations.code, input.code));
    if (existing) throw alreadyExists('location', input.code);
    const [row] = await tx
      .insert(locations)
      .values({
        code: input.code,
        name: input.name,
        kind: input.kind,
        isVirtual: false,
        createdAt: ctx.now(),
      })
      .returning();
    const dto = toLocationDto(row!);
    await audit(tx, ctx, {
      action: 'location.create',
      entity: 'location',
      entityId: dto.code,
      after: dto,
    });
    return dto;
  });
}
