import { and, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../domain/actor.js';
import type { Database } from '../../db/client.js';
import { apiTokens, userLocations, users } from '../../db/schema.js';
import { hashToken } from './tokens.js';

/**
 * The actor a bearer token stands for, or undefined. Read from the database on every
 * request (an indexed lookup): a revoked token stops working at once, in every
 * process, with no cache to go stale.
 */
export async function authenticate(database: Database, token: string): Promise<Actor | undefined> {
  if (token.length < 8 || token.length > 200) return undefined;
  const [user] = await database.db
    .select({ id: users.id, name: users.name, role: users.role })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, hashToken(token)), isNull(apiTokens.revokedAt), eq(users.active, true)));
  if (!user) return undefined;
  const scope = await database.db
    .select({ locationId: userLocations.locationId })
    .from(userLocations)
    .where(eq(userLocations.userId, user.id));
  return { ...user, locationIds: scope.length > 0 ? scope.map((s) => s.locationId) : null };
}
