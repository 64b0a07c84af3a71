import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { ROLES, isAdmin } from '../../domain/actor.js';
import { isVirtualCode } from '../../domain/locations.js';
import type { Tx } from '../../db/types.js';
import { apiTokens, locations, userLocations, users } from '../../db/schema.js';
import { audit, type AuditContext } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, forbidden, notFound, validationFailed } from '../errors.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { LocationCode, Text } from '../schemas.js';

export const CreateUserInput = z
  .strictObject({
    name: Text(100),
    role: z.enum(ROLES),
    /** Internal locations the user may write at; omitted or empty: all of them. */
    locations: z.array(LocationCode).max(1000).default([]),
  })
  .meta({ id: 'CreateUserInput' });
export type CreateUserInput = z.infer<typeof CreateUserInput>;

export const CreatedUser = z
  .object({
    id: z.number().int(),
    name: z.string(),
    role: z.enum(ROLES),
    locations: z.array(z.string()),
    token: z.string().describe('Shown once; only its hash is stored.'),
  })
  .meta({ id: 'CreatedUser' });
export type CreatedUser = z.infer<typeof CreatedUser>;

/** Creates a user and their first token (admins only). */
export async function createUser({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateUserInput;
}): Promise<CreatedUser> {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, (tx) => insertUser(tx, ctx, input));
}

/**
 * The user, their scope and a token, on an open transaction. Also used by the
 * bootstrap at start-up, where there is no actor yet. `token` may be given (the
 * bootstrap token from the environment); otherwise a new one is made.
 */
export async function insertUser(
  tx: Tx,
  ctx: AuditContext,
  input: CreateUserInput,
  token = newToken(),
): Promise<CreatedUser> {
  const now = ctx.now();
  const codes = [...new Set(input.locations)];
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
  const [existing] = await tx
    .select({ id: users.id })
    .from(users)
    .where(eq(users.name, input.name));
  if (existing) throw alreadyExists('user', input.name);
  const scope = codes.length
    ? await tx
        .select({ id: locations.id, code: locations.code })
        .from(locations)
        .where(inArray(locations.code, codes))
    : [];
  const missing = codes.find((code) => !scope.some((l) => l.code === code));
  if (missing) throw notFound('location', missing);

  const [user] = await tx
    .insert(users)
    .values({ name: input.name, role: input.role, createdAt: now })
    .returning();
  if (scope.length > 0)
    await tx
      .insert(userLocations)
      .values(scope.map((l) => ({ userId: user!.id, locationId: l.id })));
  const [stored] = await tx
    .insert(apiTokens)
    .values({ userId: user!.id, tokenHash: hashToken(token), label: 'first token', createdAt: now })
    .returning({ id: apiTokens.id });
  const created = { id: user!.id, name: user!.name, role: user!.role, locations: codes };
  await audit(tx, ctx, [
    { action: 'user.create', entity: 'user', entityId: created.id, after: created },
    {
      action: 'token.create',
      entity: 'token',
      entityId: stored!.id,
      after: { userId: created.id, label: 'first token' },
    },
  ]);
  return { ...created, token };
}
