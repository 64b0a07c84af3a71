import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES, isAdmin } from '../../domain/actor.js';
import { locations, userLocations, users } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';

export const UserDto = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    locations: z.array(z.string()).describe('Empty: every location.'),
  })
  .meta({ id: 'User' });
export type UserDto = z.infer<typeof UserDto>;

/** Who the caller is, as the server sees them (the add-in shows it after sign-in). */
export async function describeMe({ ctx }: { ctx: ServiceContext }): Promise<UserDto> {
  const [me] = await loadUsers(ctx, ctx.actor.id);
  return me!;
}

export async function listUsers({ ctx }: { ctx: ServiceContext }): Promise<UserDto[]> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return loadUsers(ctx);
}

async function loadUsers(ctx: ServiceContext, id?: number): Promise<UserDto[]> {
  const q = reader(ctx);
  const rows = await q
    .select()
    .from(users)
    .where(id === undefined ? undefined : eq(users.id, id))
    .orderBy(asc(users.name));
  const scopes = await q
    .select({ userId: userLocations.userId, code: locations.code })
    .from(userLocations)
    .innerJoin(locations, eq(locations.id, userLocations.locationId))
    .where(id === undefined ? undefined : eq(userLocations.userId, id))
    .orderBy(asc(locations.code));
  return rows.map((u) => ({
    id: u.id,
    name: u.name,
    role: u.role,
    active: u.active,
    locations: scopes.filter((s) => s.userId === u.id).map((s) => s.code),
  }));
}
