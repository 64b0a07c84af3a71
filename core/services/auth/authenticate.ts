import { and, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../domain/actor.js';
import type { Database } from '../../db/client.js';
import { apiTokens, userLocations, users } from '../../db/schema.js';
import { hashToken } from './tokens.js';

const prepared = new WeakMap<Database, ReturnType<typeof prepare>>();

/**
 * The token lookup runs on every request, so it is prepared once per database
 * (drizzle then skips building the SQL). It only reads, outside any transaction,
 * which is where a statement prepared on `db` is safe to use.
 */
function prepare(database: Database) {
  return database.db
    .select({
      id: users.id,
      name: users.name,
      role: users.role,
      scope: sql<
        string | null
      >`(SELECT group_concat(${userLocations.locationId}) FROM ${userLocations}
        WHERE ${userLocations.userId} = ${users.id})`,
    })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, sql.placeholder('hash')),
        isNull(apiTokens.revokedAt),
        eq(users.active, true),
      ),
    )
    .prepare();
}

/**
 * The actor a bearer token stands for, or undefined. Read from the database on every
 * request (an indexed lookup): a revoked token stops working at once, in every
 * process, with no cache to go stale.
 */
export async function authenticate(database: Database, token: string): Promise<Actor | undefined> {
  if (token.length < 8 || token.length > 200) return undefined;
  let query = prepared.get(database);
  if (!query) prepared.set(database, (query = prepare(database)));
  const [user] = await query.all({ hash: hashToken(token) });
  if (!user) return undefined;
  const { scope, ...who } = user;
  return { ...who, locationIds: scope ? scope.split(',').map(Number) : null };
}
