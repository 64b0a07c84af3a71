import { index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './ledger.js';

/**
 * Links to the pages this service serves to people without a client of their own:
 * `decide` links in WeCom / DingTalk / Feishu approval messages (single use: the
 * decision consumes them), `view` links to a document's or an item's full list from a
 * card too small for it (read-only, used any number of times until they expire).
 * Stored as the SHA-256 of the token, like API tokens: a copy of the database opens
 * no page.
 */
export const pageLinks = sqliteTable(
  'page_links',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purpose: text('purpose', { enum: ['decide', 'view'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The document it opens (decide, view of a document), or null for a stock page. */
    documentType: text('document_type'),
    documentId: integer('document_id'),
    /** The item of a stock page. */
    sku: text('sku'),
    /** The document's version when the link was minted (what the message showed). */
    version: integer('version'),
    /** The language of the message that carried it: the page's, until the reader switches. */
    language: text('language').notNull(),
    createdAt: integer('created_at').notNull(),
    expiresAt: integer('expires_at').notNull(),
    /** Set, with who decided, in the transaction of the decision it was used for. */
    usedAt: integer('used_at'),
    usedBy: integer('used_by').references(() => users.id),
    /** Set when the document was decided another way (Teams, the API, another link) or left approval. */
    revokedAt: integer('revoked_at'),
    /** The SHA-256 of the nonce of the last page shown for it: a decision must come from that page. */
    nonceHash: text('nonce_hash'),
  },
  (t) => [
    uniqueIndex('page_links_token').on(t.tokenHash),
    index('page_links_document').on(t.documentType, t.documentId),
  ],
);
