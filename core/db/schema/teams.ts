import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { users } from './ledger.js';

/** A Teams user (Azure AD object id in a tenant) acting as a ledger user. */
export const teamsLinks = sqliteTable(
  'teams_links',
  {
    tenantId: text('tenant_id').notNull(),
    aadObjectId: text('aad_object_id').notNull(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.aadObjectId] }),
    index('teams_links_user').on(t.userId),
  ],
);

/** One-time codes a user sends the bot (`link 123456`) to link their Teams account. Stored hashed. */
export const linkCodes = sqliteTable('link_codes', {
  codeHash: text('code_hash').primaryKey(),
  userId: integer('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: integer('expires_at').notNull(),
  usedAt: integer('used_at'),
});

/**
 * Teams conversations the bot can write to: the personal chat of a linked user (for
 * approval cards), or a group chat or channel that subscribed to alerts. The
 * conversation reference is stored so that any service process can send to it.
 */
export const teamsConversations = sqliteTable('teams_conversations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  conversationId: text('conversation_id').notNull().unique(),
  reference: text('reference').notNull(),
  userId: integer('user_id'),
  isGroup: integer('is_group', { mode: 'boolean' }).notNull(),
  subscribed: integer('subscribed', { mode: 'boolean' }).notNull().default(false),
  /** JSON array of location codes; null: all. */
  locations: text('locations'),
  /** JSON array of alert kinds this chat wants; null: all. */
  alertKinds: text('alert_kinds'),
  updatedAt: integer('updated_at').notNull(),
});

/**
 * One message per (conversation, outbox event): unique, claimed by one worker at a
 * time, retried with backoff. `activityId` is the card that was sent, so that a
 * later decision can update every copy of it.
 */
export const teamsDeliveries = sqliteTable(
  'teams_deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    conversationId: integer('conversation_id').notNull(),
    outboxId: integer('outbox_id').notNull(),
    kind: text('kind').notNull(),
    documentType: text('document_type'),
    documentId: integer('document_id'),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    activityId: text('activity_id'),
    lastError: text('last_error'),
  },
  (t) => [
    uniqueIndex('teams_deliveries_once').on(t.conversationId, t.outboxId),
    index('teams_deliveries_due').on(t.status, t.nextAttemptAt),
    index('teams_deliveries_document').on(t.documentType, t.documentId),
  ],
);
