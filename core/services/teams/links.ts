import { createHash, randomInt } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin, type Actor } from '../../domain/actor.js';
import type { Database } from '../../db/client.js';
import { linkCodes, teamsLinks, userLocations, users } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound } from '../errors.js';

export const TeamsIdentity = z
  .strictObject({ tenantId: z.string().min(1).max(100), aadObjectId: z.string().min(1).max(100) })
  .meta({ id: 'TeamsIdentity' });
export type TeamsIdentity = z.infer<typeof TeamsIdentity>;

const CODE_TTL_MS = 15 * 60_000;
const hash = (code: string) => createHash('sha256').update(code).digest('hex');

/** An admin links a Teams account to a ledger user (replacing any earlier link of that account). */
export async function linkTeamsUser({
  ctx,
  userId,
  input,
}: {
  ctx: ServiceContext;
  userId: number;
  input: TeamsIdentity;
}) {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    const [user] = await tx.select({ name: users.name }).from(users).where(eq(users.id, userId));
    if (!user) throw notFound('user', userId);
    await tx
      .insert(teamsLinks)
      .values({ ...input, userId, createdAt: ctx.now() })
      .onConflictDoUpdate({
        target: [teamsLinks.tenantId, teamsLinks.aadObjectId],
        set: { userId, createdAt: ctx.now() },
      });
    await audit(tx, ctx, {
      action: 'teams_link.create',
      entity: 'user',
      entityId: userId,
      after: input,
    });
    return { user: user.name, ...input };
  });
}

/** A one-time code (valid 15 minutes) the caller sends the bot as `link <code>`. */
export async function createLinkCode({
  ctx,
  userId,
}: {
  ctx: Pick<ServiceContext, 'database' | 'now' | 'tx' | 'actor' | 'requestId' | 'client'>;
  userId: number;
}) {
  const code = String(randomInt(100_000, 1_000_000));
  const expiresAt = ctx.now() + CODE_TTL_MS;
  await withTransaction(ctx as ServiceContext, async (tx) => {
    await tx.insert(linkCodes).values({ codeHash: hash(code), userId, expiresAt });
  });
  return { code, expiresAt: new Date(expiresAt).toISOString() };
}

/**
 * Links the Teams account that sent `link <code>`: the code is used once, by compare-
 * and-set, and only before it expires. Returns the ledger user's name.
 */
export async function redeemLinkCode(
  database: Database,
  input: TeamsIdentity & { code: string },
  now: number,
): Promise<string> {
  return database.write(async (tx) => {
    const [claimed] = await tx
      .update(linkCodes)
      .set({ usedAt: now })
      .where(
        and(
          eq(linkCodes.codeHash, hash(input.code.trim())),
          isNull(linkCodes.usedAt),
          gt(linkCodes.expiresAt, now),
        ),
      )
      .returning({ userId: linkCodes.userId });
    if (!claimed) throw notFound('link_code', input.code);
    await tx
      .insert(teamsLinks)
      .values({
        tenantId: input.tenantId,
        aadObjectId: input.aadObjectId,
        userId: claimed.userId,
        createdAt: now,
      })
      .onConflictDoUpdate({
        target: [teamsLinks.tenantId, teamsLinks.aadObjectId],
        set: { userId: claimed.userId, createdAt: now },
      });
    const [user] = await tx
      .select({ name: users.name })
      .from(users)
      .where(eq(users.id, claimed.userId));
    await audit(
      tx,
      { actor: { id: claimed.userId }, now: () => now, requestId: 'teams-link', client: 'bot' },
      {
        action: 'teams_link.redeem',
        entity: 'user',
        entityId: claimed.userId,
        after: { tenantId: input.tenantId, aadObjectId: input.aadObjectId },
      },
    );
    return user!.name;
  });
}

/** The ledger actor of a Teams account, read afresh each time (an unlinked account is undefined). */
export async function actorForTeams(
  database: Database,
  who: TeamsIdentity,
): Promise<Actor | undefined> {
  const [user] = await database.db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      scope: sql<
        string | null
      >`(SELECT group_concat(${userLocations.locationId}) FROM ${userLocations} WHERE ${userLocations.userId} = ${users.id})`,
    })
    .from(teamsLinks)
    .innerJoin(users, eq(users.id, teamsLinks.userId))
    .where(
      and(
        eq(teamsLinks.tenantId, who.tenantId),
        eq(teamsLinks.aadObjectId, who.aadObjectId),
        eq(users.active, true),
      ),
    );
  if (!user) return undefined;
  const { scope, ...rest } = user;
  return { ...rest, locationIds: scope ? scope.split(',').map(Number) : null };
}
