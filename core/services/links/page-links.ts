import { randomBytes } from 'node:crypto';
import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { pageLinks } from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import type { Lang } from '../../i18n/language.js';
import { hashToken } from '../auth/tokens.js';
import { ServiceError } from '../errors.js';

/** How long a decision link opens its page (`DECISION_LINK_TTL_HOURS`, default 24 h). */
export const DEFAULT_DECIDE_TTL_MS = 24 * 3600_000;
/** How long a full-list link opens its page (`VIEW_LINK_TTL_HOURS`, default 7 days). */
export const DEFAULT_VIEW_TTL_MS = 7 * 24 * 3600_000;

/** What a link opens. */
export type LinkTarget =
  | { purpose: 'decide'; documentType: string; documentId: number; version: number }
  | { purpose: 'view'; documentType: string; documentId: number }
  | { purpose: 'view'; sku: string };

export interface PageLink {
  id: number;
  purpose: 'decide' | 'view';
  documentType: string | null;
  documentId: number | null;
  sku: string | null;
  version: number | null;
  language: Lang;
  createdAt: number;
  expiresAt: number;
  usedAt: number | null;
  usedBy: number | null;
  revokedAt: number | null;
  nonceHash: string | null;
}

/** Why a link opens nothing any more: what the page tells its reader. */
export type LinkRefusal = 'link_unknown' | 'link_expired' | 'link_used' | 'link_revoked';

/** A fresh unguessable token (32 random bytes, URL-safe), never stored itself. */
function newLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

/**
 * Mints a link in the caller's transaction and returns its token (the only copy: the
 * database keeps its SHA-256). Expires `ttlMs` after `now`.
 */
export async function mintLink(
  tx: Tx,
  target: LinkTarget,
  options: { now: number; ttlMs: number; language: Lang },
): Promise<string> {
  const token = newLinkToken();
  await tx.insert(pageLinks).values({
    purpose: target.purpose,
    tokenHash: hashToken(token),
    documentType: 'documentType' in target ? target.documentType : null,
    documentId: 'documentId' in target ? target.documentId : null,
    sku: 'sku' in target ? target.sku : null,
    version: 'version' in target ? target.version : null,
    language: options.language,
    createdAt: options.now,
    expiresAt: options.now + options.ttlMs,
  });
  return token;
}

/** The link a token stands for, whatever its state; undefined when there is none. */
export async function findLink(q: Queryable, token: string): Promise<PageLink | undefined> {
  if (token.length < 16 || token.length > 200) return undefined;
  const [row] = await q
    .select()
    .from(pageLinks)
    .where(eq(pageLinks.tokenHash, hashToken(token)));
  return row ? { ...row, language: row.language as Lang } : undefined;
}

/** Why this link opens nothing now, or null when it still does. */
export function linkRefusal(link: PageLink | undefined, now: number): LinkRefusal | null {
  if (!link) return 'link_unknown';
  if (link.usedAt !== null) return 'link_used';
  if (link.revokedAt !== null) return 'link_revoked';
  if (link.expiresAt <= now) return 'link_expired';
  return null;
}

/** The refusal as an error the page maps to its status (404 unknown, 410 the others). */
export function linkError(refusal: LinkRefusal, link?: PageLink): ServiceError {
  const details = { entity: 'link', reason: refusal, ...(link ? { id: link.id } : {}) };
  return refusal === 'link_unknown'
    ? new ServiceError('not_found', { params: { entity: 'link', key: '' }, details })
    : new ServiceError('invalid_state', { params: details, details });
}

/**
 * A new nonce for the page about to be shown for this link: the decision must come
 * back with it (a form from another page, or an older copy of this one, cannot decide).
 */
export async function newPageNonce(tx: Tx, linkId: number): Promise<string> {
  const nonce = newLinkToken();
  await tx
    .update(pageLinks)
    .set({ nonceHash: hashToken(nonce) })
    .where(eq(pageLinks.id, linkId));
  return nonce;
}

/**
 * Uses the link up for a decision by `userId`, in the decision's own transaction: one
 * guarded UPDATE, so of two processes clicking the same link at once exactly one
 * changes the row; the other is told the link is used. False when it was not open (or
 * the nonce is not the last page's).
 */
export async function consumeLink(
  tx: Tx,
  link: PageLink,
  nonce: string,
  userId: number,
  now: number,
): Promise<boolean> {
  const result = await tx
    .update(pageLinks)
    .set({ usedAt: now, usedBy: userId })
    .where(
      and(
        eq(pageLinks.id, link.id),
        isNull(pageLinks.usedAt),
        isNull(pageLinks.revokedAt),
        gt(pageLinks.expiresAt, now),
        eq(pageLinks.nonceHash, hashToken(nonce)),
      ),
    );
  return result.rowsAffected === 1;
}

/**
 * Decision links of a document stop working: it was decided (by whatever client), or it
 * left approval (cancelled, expired). Called by the approval engine in the transaction
 * that does it.
 */
export async function revokeDecisionLinks(
  tx: Tx,
  doc: { type: string; id: number },
  now: number,
): Promise<void> {
  await tx.run(
    sql`UPDATE page_links SET revoked_at = ${now}
        WHERE purpose = 'decide' AND document_type = ${doc.type} AND document_id = ${doc.id}
          AND used_at IS NULL AND revoked_at IS NULL`,
  );
}
