import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { users } from './ledger.js';

/** A Teams user (Azure AD object id in a tenant) acting as a ledger user. */
export const teamsLinks = sqliteTable(
  'teams_links',
  {
    tenantId: text('tenant_id').notNull(),
    aadObjectId: text('aad_object_id').notNull(),
    userId: integer('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.aadObjectId] }), index('teams_links_user').on(t.userId)],
);

/** One-time codes a user sends the bot (`link 123456`) to link their Teams account. Stored hashed. */
export const linkCodes = sqliteTable('link_codes', {
  codeHash: text('code_hash').primaryKey(),
  userId: integer('user_id').notNull().references(() => users.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});
