import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES, isAdmin, type Role } from '../../domain/actor.js';
import { isVirtualCode } from '../../domain/locations.js';
import type { Tx } from '../../db/types.js';
import { locations, userLocations, users } from '../../db/schema.js';
import { audit, type AuditContext } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, ServiceError, validationFailed } from '../errors.js';
import { LocationCode } from '../schemas.js';
import type { UserDto } from './describe-users.js';

export const ChangeUserInput = z
  .strictObject({
    role: z.enum(ROLES).optional(),
    /** Internal locations the user may write at; empty: all of them. */
    locations: z.array(LocationCode).max(1000).optional(),
  })
  .meta({ id: 'ChangeUserInput' });
export type ChangeUserInput = z.infer<typeof ChangeUserInput>;

/** What may change about a user: role and scope, or whether they may sign in at all. */
export type UserChange = ChangeUserInput & { active?: boolean };

/**
 * The last active admin cannot be demoted or deactivated: nobody could then manage
 * users, locations or approvals, and only the admin CLI on the server could undo it.
 * The same code as any change that cannot happen now, with its own reason.
 */
export function lastActiveAdmin(user: string): ServiceError {
  const details = {
    entity: 'user',
    status: 'last_active_admin',
    reason: 'last_active_admin',
    user,
  };
  return new ServiceError('invalid_state', { params: details, details });
}

/**
 * Changes a user on an open transaction (the HTTP verbs below, and `npm run admin`).
 * The guard against removing the last active admin runs inside the write transaction,
 * so two admins demoting each other at once cannot both succeed. A deactivated user's
 * tokens stop at the next request in every process (each request reads the user), and
 * their history (movements, decisions, audit) stays theirs.
 */
export async function changeUser(
  tx: Tx,
  ctx: AuditContext,
  ref: { id: number } | { name: string },
  change: UserChange,
): Promise<UserDto> {
  const [user] = await tx
    .select()
    .from(users)
    .where('id' in ref ? eq(users.id, ref.id) : eq(users.name, ref.name));
  if (!user) throw notFound('user', 'id' in ref ? ref.id : ref.name);
  const scopeBefore = await scopeOf(tx, user.id);
  const after = { role: change.role ?? user.role, active: change.active ?? user.active };

  let scope = scopeBefore;
  if (change.locations !== undefined) {
    const codes = [...new Set(change.locations)];
    const virtual = codes.filter(isVirtualCode);
    if (virtual.length > 0) {
      throw validationFailed(
        virtual.map((code) => ({
          path: 'locations',
          code: 'location_must_be_internal',
          params: { location: code },
        })),
      );
    }
    const found = codes.length
      ? await tx
          .select({ id: locations.id, code: locations.code })
          .from(locations)
          .where(inArray(locations.code, codes))
      : [];
    const missing = codes.find((code) => !found.some((l) => l.code === code));
    if (missing) throw notFound('location', missing);
    scope = found.map((l) => l.code).sort();
    await tx.delete(userLocations).where(eq(userLocations.userId, user.id));
    if (found.length > 0)
      await tx
        .insert(userLocations)
        .values(found.map((l) => ({ userId: user.id, locationId: l.id })));
  }

  const losesAdmin =
    user.role === 'admin' && user.active && (after.role !== 'admin' || !after.active);
  if (losesAdmin) {
    const [others] = await tx
      .select({ n: sql<number>`count(*)` })
      .from(users)
      .where(and(eq(users.role, 'admin'), eq(users.active, true), ne(users.id, user.id)));
    if ((others?.n ?? 0) === 0) throw lastActiveAdmin(user.name);
  }
  if (after.role !== user.role || after.active !== user.active) {
    await tx
      .update(users)
      .set({ role: after.role as Role, active: after.active })
      .where(eq(users.id, user.id));
  }

  const before = { role: user.role, active: user.active, locations: scopeBefore };
  const dto: UserDto = {
    id: user.id,
    name: user.name,
    role: after.role as Role,
    active: after.active,
    locations: scope,
  };
  const entries = [];
  if (before.role !== dto.role || before.locations.join() !== dto.locations.join()) {
    entries.push({
      action: 'user.update',
      entity: 'user',
      entityId: user.id,
      before: { role: before.role, locations: before.locations },
      after: { role: dto.role, locations: dto.locations },
    });
  }
  if (before.active !== dto.active) {
    entries.push({
      action: dto.active ? 'user.reactivate' : 'user.deactivate',
      entity: 'user',
      entityId: user.id,
      before: { active: before.active },
      after: { active: dto.active },
    });
  }
  await audit(tx, ctx, entries);
  return dto;
}

async function scopeOf(tx: Tx, userId: number): Promise<string[]> {
  const rows = await tx
    .select({ code: locations.code })
    .from(userLocations)
    .innerJoin(locations, eq(locations.id, userLocations.locationId))
    .where(eq(userLocations.userId, userId));
  return rows.map((r) => r.code).sort();
}

/** HTTP: an admin changes a user's role or locations. */
export async function updateUser({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ChangeUserInput;
}): Promise<UserDto> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, (tx) => changeUser(tx, ctx, { id }, input));
}

/** HTTP: an admin deactivates (or reactivates) a user. */
export async function setUserActive({
  ctx,
  id,
  active,
}: {
  ctx: ServiceContext;
  id: number;
  active: boolean;
}): Promise<UserDto> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, (tx) => changeUser(tx, ctx, { id }, { active }));
}
