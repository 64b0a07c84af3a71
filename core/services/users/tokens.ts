import { and, asc, eq, isNull } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import { apiTokens, users } from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { audit, type AuditContext } from '../audit.js';
import { hashToken, newToken } from '../auth/tokens.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState, notFound } from '../errors.js';
import { Text } from '../schemas.js';

export const CreateTokenInput = z
  .strictObject({ label: Text(100).nullish() })
  .meta({ id: 'CreateTokenInput' });
export type CreateTokenInput = z.infer<typeof CreateTokenInput>;

export const TokenDto = z
  .object({
    id: z.number().int(),
    user: z.string(),
    label: z.string().nullable(),
    createdAt: z.string(),
    revokedAt: z.string().nullable(),
  })
  .meta({ id: 'Token' });
export type TokenDto = z.infer<typeof TokenDto>;

/** A new personal token for a user, shown once (its hash is what is kept). */
export async function issueToken(
  tx: Tx,
  ctx: AuditContext,
  userName: string,
  label: string | null,
): Promise<TokenDto & { token: string }> {
  const [user] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(eq(users.name, userName));
  if (!user) throw notFound('user', userName);
  const token = newToken();
  const createdAt = ctx.now();
  const [row] = await tx
    .insert(apiTokens)
    .values({ userId: user.id, tokenHash: hashToken(token), label, createdAt })
    .returning({ id: apiTokens.id });
  await audit(tx, ctx, {
    action: 'token.create',
    entity: 'token',
    entityId: row!.id,
    after: { userId: user.id, label },
  });
  return {
    id: row!.id,
    user: user.name,
    label,
    createdAt: new Date(createdAt).toISOString(),
    revokedAt: null,
    token,
  };
}

/**
 * Revokes a token, named by its id or by the token itself. It stops working at once
 * in every process: tokens are looked up in the database on every request.
 */
export async function revokeToken(
  tx: Tx,
  ctx: AuditContext,
  ref: { id: number } | { token: string },
): Promise<TokenDto> {
  const where =
    'id' in ref ? eq(apiTokens.id, ref.id) : eq(apiTokens.tokenHash, hashToken(ref.token));
  const [found] = await tx.select({ id: apiTokens.id }).from(apiTokens).where(where);
  if (!found) throw notFound('token', 'id' in ref ? ref.id : '…');
  const revokedAt = ctx.now();
  const changed = await tx
    .update(apiTokens)
    .set({ revokedAt })
    .where(and(eq(apiTokens.id, found.id), isNull(apiTokens.revokedAt)))
    .run();
  if (changed.rowsAffected !== 1) throw invalidState('token', 'revoked');
  await audit(tx, ctx, {
    action: 'token.revoke',
    entity: 'token',
    entityId: found.id,
    after: { revokedAt },
  });
  const [dto] = await listTokens(tx, { id: found.id });
  return dto!;
}

export async function listTokens(
  q: Queryable,
  filter: { userName?: string; id?: number },
): Promise<TokenDto[]> {
  const rows = await q
    .select({ t: apiTokens, user: users.name })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        filter.userName === undefined ? undefined : eq(users.name, filter.userName),
        filter.id === undefined ? undefined : eq(apiTokens.id, filter.id),
      ),
    )
    .orderBy(asc(apiTokens.id));
  return rows.map(({ t, user }) => ({
    id: t.id,
    user,
    label: t.label,
    createdAt: new Date(t.createdAt).toISOString(),
    revokedAt: t.revokedAt === null ? null : new Date(t.revokedAt).toISOString(),
  }));
}

/** HTTP: an admin issues a token for a user. */
export async function createTokenFor({
  ctx,
  userId,
  input,
}: {
  ctx: ServiceContext;
  userId: number;
  input: CreateTokenInput;
}) {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('user', userId);
    return issueToken(tx, ctx, user.name, input.label ?? null);
  });
}

/** HTTP: a user's tokens (admins: anyone's; others: their own). */
export async function listTokensFor({
  ctx,
  userId,
}: {
  ctx: ServiceContext;
  userId: number;
}): Promise<TokenDto[]> {
  if (!isAdmin(ctx.actor) && userId !== ctx.actor.id) throw forbidden('admin_only');
  const [user] = await reader(ctx)
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, userId));
  if (!user) throw notFound('user', userId);
  return listTokens(reader(ctx), { userName: user.name });
}

/** HTTP: an admin revokes any token; anyone may revoke their own. */
export async function revokeTokenById({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<TokenDto> {
  return withTransaction(ctx, async (tx) => {
    const [token] = await tx
      .select({ userId: apiTokens.userId })
      .from(apiTokens)
      .where(eq(apiTokens.id, id));
    if (!token) throw notFound('token', id);
    if (!isAdmin(ctx.actor) && token.userId !== ctx.actor.id) throw forbidden('admin_only');
    return revokeToken(tx, ctx, { id });
  });
}
