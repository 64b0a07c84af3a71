import { sql } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { users } from '../../db/schema.js';
import { insertUser } from './create-user.js';

/**
 * On a database without users, creates `admin` (role admin) with the given token, so
 * a fresh install can be used at once. Does nothing once any user exists, so the
 * variable can stay set. Returns whether it created the user.
 */
export async function bootstrapAdmin(
  database: Database,
  token: string,
  now = Date.now(),
): Promise<boolean> {
  return database.write(async (tx) => {
    const [row] = await tx.select({ n: sql<number>`count(*)` }).from(users);
    if ((row?.n ?? 0) > 0) return false;
    const ctx = { actor: null, now: () => now, requestId: 'bootstrap', client: 'system' as const };
    await insertUser(tx, ctx, { name: 'admin', role: 'admin', locations: [] }, token);
    return true;
  });
}
