/**
 * The addresses of the pages this service serves, each opened by a token minted here
 * (stored hashed, with its expiry: core/services/pages/page-links.ts). The one place
 * that knows their shape:
 *
 * - `${publicUrl}/pages/approve/{token}`: decide one approval (single use), in chat
 *   robots' approval messages;
 * - `${publicUrl}/pages/documents/{type}/{id}?t={token}`: every line of a document;
 * - `${publicUrl}/pages/stock?sku={sku}&t={token}`: an item's stock everywhere;
 *   the last two for cards that show the biggest lines and "and N more".
 *
 * @example
 * const url = await fullListLink(database, { kind: 'document', type: 'stocktake_variance', id: 7 },
 *   { publicUrl: 'https://inventory.example.cn', now: Date.now(), language: 'zh-CN' });
 */
import type { Database } from '../../db/client.js';
import type { Lang } from '../../i18n/language.js';
import { DEFAULT_DECIDE_TTL_MS, DEFAULT_VIEW_TTL_MS, mintLink } from './page-links.js';

export interface LinkOptions {
  /** The service's public address (`PUBLIC_URL`), without a trailing slash. */
  publicUrl: string;
  now: number;
  /** The language the page opens in (the reader can switch). */
  language: Lang;
  /** How long the link opens its page; defaults: 24 h to decide, 7 days to view. */
  ttlMs?: number | undefined;
}

/** A list a card could not show whole: a document's lines, or an item's stock everywhere. */
export type FullList =
  | { kind: 'document'; type: string; id: number }
  | { kind: 'stock'; sku: string; location?: string | undefined };

const base = (publicUrl: string) => publicUrl.replace(/\/+$/, '');

/** A link to the page deciding one approval of a document, as it was at `version`. */
export async function decisionLink(
  database: Database,
  target: { documentType: string; documentId: number; version: number },
  options: LinkOptions,
): Promise<string> {
  const token = await database.write((tx) =>
    mintLink(
      tx,
      { purpose: 'decide', ...target },
      {
        now: options.now,
        ttlMs: options.ttlMs ?? DEFAULT_DECIDE_TTL_MS,
        language: options.language,
      },
    ),
  );
  return `${base(options.publicUrl)}/pages/approve/${token}`;
}

/** A link to the full list a card could only begin: every line of a document, or an item's stock. */
export async function fullListLink(
  database: Database,
  list: FullList,
  options: LinkOptions,
): Promise<string> {
  const target =
    list.kind === 'document'
      ? { purpose: 'view' as const, documentType: list.type, documentId: list.id }
      : { purpose: 'view' as const, sku: list.sku };
  const token = await database.write((tx) =>
    mintLink(tx, target, {
      now: options.now,
      ttlMs: options.ttlMs ?? DEFAULT_VIEW_TTL_MS,
      language: options.language,
    }),
  );
  if (list.kind === 'document')
    return `${base(options.publicUrl)}/pages/documents/${encodeURIComponent(list.type)}/${list.id}?t=${token}`;
  const query = new URLSearchParams({ sku: list.sku, t: token });
  return `${base(options.publicUrl)}/pages/stock?${query.toString()}`;
}
