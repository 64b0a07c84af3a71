/**
 * The pages this service serves to people who have no client of their own: the approval
 * page a WeCom / DingTalk / Feishu robot's message links to, and the full-list pages of a
 * document or an item that cards too small for them link to. HTML with no script and no
 * external asset, in the message's language with a switch. A GET never changes a
 * document; a decision is a POST carrying the link, the page's nonce, the version shown
 * and the approver's own token, decided by the same verbs as Teams and the API.
 */
import type { Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { formatLocal } from '../../domain/time.js';
import { errorMessage } from '../../i18n/error-messages.js';
import { LANGUAGES, type Lang } from '../../i18n/language.js';
import { pageText } from '../../i18n/page-texts.js';
import { DECISION_WORDS, STATES, word } from '../../i18n/vocabulary.js';
import { isApprovalType } from '../../services/documents/decide-document.js';
import type { Database } from '../../services/context.js';
import { ServiceError } from '../../services/errors.js';
import { decideByLink } from '../../services/pages/decide-by-link.js';
import { pageDocument, pageStock, type PageDocument } from '../../services/pages/page-document.js';
import {
  findLink,
  linkRefusal,
  newPageNonce,
  type LinkRefusal,
  type PageLink,
} from '../../services/links/page-links.js';
import { readSettings } from '../../services/settings/read-settings.js';
import { itemLabel } from '../../i18n/render.js';
import type { AppEnv } from '../env.js';
import {
  approvalForm,
  documentSummary,
  documentTitle,
  linesTable,
  stepsList,
  stockTable,
} from './document-html.js';
import { esc, layout, notice, PAGE_HEADERS } from './html.js';

type C = Context<AppEnv>;

const REFUSAL_TEXT: Record<
  LinkRefusal,
  'linkUnknown' | 'linkExpired' | 'linkUsed' | 'linkRevoked'
> = {
  link_unknown: 'linkUnknown',
  link_expired: 'linkExpired',
  link_used: 'linkUsed',
  link_revoked: 'linkRevoked',
};

export function pageRoutes(
  app: Hono<AppEnv>,
  options: { database: Database; now: () => number },
): void {
  const { database, now } = options;

  /** `?lang=` when it names a language, else the link's (the message's), else the browser's. */
  const languageOf = (c: C, link?: PageLink): Lang => {
    const asked = c.req.query('lang');
    if ((LANGUAGES as readonly string[]).includes(asked ?? '')) return asked as Lang;
    return link?.language ?? c.get('lang');
  };
  const switchHref = (c: C, lang: Lang) => {
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang === 'en' ? 'zh-CN' : 'en');
    return `${url.pathname}${url.search}`;
  };
  const selfHref = (c: C, lang: Lang) => {
    const url = new URL(c.req.url);
    url.searchParams.set('lang', lang);
    return `${url.pathname}${url.search}`;
  };
  const send = (c: C, status: ContentfulStatusCode, lang: Lang, title: string, body: string) =>
    c.html(layout({ lang, title, switchHref: switchHref(c, lang), body }), status, PAGE_HEADERS);
  const reload = (c: C, lang: Lang) =>
    ` <a href="${esc(selfHref(c, lang))}">${esc(pageText('reload', lang))}</a>`;

  /** The document as read now, without a form. */
  const readOnly = (doc: PageDocument, lang: Lang) =>
    documentSummary(doc, lang) + linesTable(doc, lang) + stepsList(doc, lang);

  /** A link that opens nothing any more, said plainly; the document below when it is known. */
  const refused = async (c: C, refusal: LinkRefusal, link: PageLink | undefined, lang: Lang) => {
    const title = pageText('approvalRequested', lang);
    let text = pageText(REFUSAL_TEXT[refusal], lang);
    if (refusal === 'link_expired' && link)
      text = pageText('linkExpired', lang, { at: await zoned(link.expiresAt, lang) });
    let doc: PageDocument | undefined;
    if (link?.documentType && isApprovalType(link.documentType) && link.documentId !== null)
      doc = await pageDocument(database, link.documentType, link.documentId).catch(() => undefined);
    if (refusal === 'link_used' && link && doc) {
      const step = doc.steps.find((s) => s.decidedAt && Date.parse(s.decidedAt) === link.usedAt);
      text = pageText('linkUsed', lang, {
        decision: word(DECISION_WORDS, step?.status ?? 'approved', lang),
        by: step?.decidedBy ?? '',
        at: formatLocal(link.usedAt!, doc.timeZone, lang),
      });
    }
    const status = refusal === 'link_unknown' ? 404 : 410;
    const body =
      notice('bad', text) +
      (doc ? `<h2>${esc(documentTitle(doc, lang))}</h2>${readOnly(doc, lang)}` : '');
    return send(c, status, lang, title, body);
  };
  const zoned = async (ms: number, lang: Lang) =>
    formatLocal(ms, (await readSettings(database.client)).timeZone, lang);

  /** The approval page, with a fresh nonce for its form. */
  const approvalPage = async (
    c: C,
    link: PageLink,
    lang: Lang,
    status: ContentfulStatusCode,
    options: { message?: string; nonce?: string; comment?: string } = {},
  ) => {
    const doc = await pageDocument(database, link.documentType as never, link.documentId!);
    const title = documentTitle(doc, lang);
    if (!doc.waiting)
      return send(
        c,
        410,
        lang,
        title,
        notice('bad', pageText('notWaiting', lang, { status: word(STATES, doc.status, lang) })) +
          readOnly(doc, lang),
      );
    const nonce = options.nonce ?? (await database.write((tx) => newPageNonce(tx, link.id)));
    const form = approvalForm(doc, {
      action: new URL(c.req.url).pathname,
      nonce,
      lang,
      ...(options.comment ? { comment: options.comment } : {}),
    });
    const head = options.message ? notice('bad', options.message) : '';
    return send(c, status, lang, title, head + readOnly(doc, lang) + form);
  };

  app.get('/pages/approve/:token', async (c) => {
    c.set('route', '/pages/approve/:token');
    const link = await findLink(database.db, c.req.param('token'));
    const lang = languageOf(c, link);
    const refusal = link?.purpose === 'decide' ? linkRefusal(link, now()) : 'link_unknown';
    if (refusal) return refused(c, refusal, link, lang);
    return approvalPage(c, link!, lang, 200);
  });

  app.post('/pages/approve/:token', async (c) => {
    c.set('route', '/pages/approve/:token');
    const token = c.req.param('token');
    const form = await c.req.parseBody();
    const fields = Object.fromEntries(
      Object.entries(form).filter(([, v]) => typeof v === 'string'),
    ) as Record<string, string>;
    const link = await findLink(database.db, token);
    const lang =
      fields['lang'] && (LANGUAGES as readonly string[]).includes(fields['lang'])
        ? (fields['lang'] as Lang)
        : languageOf(c, link);
    // A form posted from another site is refused before anything is read from it.
    if (c.req.header('Sec-Fetch-Site') === 'cross-site')
      return send(
        c,
        403,
        lang,
        pageText('approvalRequested', lang),
        notice('bad', pageText('crossSite', lang)),
      );
    try {
      const done = await decideByLink({
        database,
        token,
        form: fields,
        now,
        requestId: c.get('requestId'),
      });
      const doc = await pageDocument(database, done.documentType as never, done.documentId);
      const text = pageText('decidedNow', lang, {
        decision: word(DECISION_WORDS, done.decided.decision, lang),
        by: done.actor.name,
      });
      return send(c, 200, lang, documentTitle(doc, lang), notice('ok', text) + readOnly(doc, lang));
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      const reason = (error.details as { reason?: string } | undefined)?.reason;
      const again = { nonce: fields['nonce'] ?? '', comment: fields['comment'] ?? '' };
      if (error.code === 'not_found' && (error.details as { entity?: string })?.entity === 'link')
        return refused(c, 'link_unknown', undefined, lang);
      if (error.code === 'invalid_state' && reason && reason in REFUSAL_TEXT)
        return refused(c, reason as LinkRefusal, link, lang);
      const title = pageText('approvalRequested', lang);
      if (error.code === 'invalid_state' && reason === 'page_outdated')
        return send(
          c,
          409,
          lang,
          title,
          notice('bad', pageText('pageOutdated', lang), reload(c, lang)),
        );
      if (error.code === 'invalid_state' && reason === 'stale_version')
        return send(c, 409, lang, title, notice('bad', pageText('stale', lang), reload(c, lang)));
      if (error.code === 'invalid_state')
        return send(
          c,
          409,
          lang,
          title,
          notice('bad', errorMessage(error.code, error.params, lang), reload(c, lang)),
        );
      // The link is still open (nothing was written): the same form again, with what went wrong.
      const message =
        error.code === 'unauthenticated'
          ? pageText('badCredential', lang)
          : errorMessage(error.code, error.params, lang);
      const status =
        error.code === 'unauthenticated' ? 401 : error.code === 'forbidden' ? 403 : 400;
      return approvalPage(c, link!, lang, status, { message, ...again });
    }
  });

  /** A view link: opens the one page it was minted for until it expires. */
  const viewLink = async (c: C, matches: (link: PageLink) => boolean) => {
    const link = await findLink(database.db, c.req.query('t') ?? '');
    const lang = languageOf(c, link);
    const open = link && link.purpose === 'view' && matches(link) ? link : undefined;
    const refusal: LinkRefusal | null = !open
      ? 'link_unknown'
      : open.expiresAt <= now()
        ? 'link_expired'
        : null;
    return { link: open, lang, refusal };
  };
  const viewRefused = async (
    c: C,
    refusal: LinkRefusal,
    link: PageLink | undefined,
    lang: Lang,
  ) => {
    const text =
      refusal === 'link_expired' && link
        ? pageText('linkExpired', lang, { at: await zoned(link.expiresAt, lang) })
        : pageText('linkUnknown', lang);
    return send(
      c,
      refusal === 'link_unknown' ? 404 : 410,
      lang,
      pageText('fullList', lang),
      notice('bad', text),
    );
  };

  app.get('/pages/documents/:type/:id', async (c) => {
    c.set('route', '/pages/documents/:type/:id');
    const type = c.req.param('type');
    const id = Number(c.req.param('id'));
    const { link, lang, refusal } = await viewLink(
      c,
      (l) => l.documentType === type && l.documentId === id,
    );
    if (refusal || !isApprovalType(type))
      return viewRefused(c, refusal ?? 'link_unknown', link, lang);
    const doc = await pageDocument(database, type, id);
    return send(c, 200, lang, documentTitle(doc, lang), readOnly(doc, lang));
  });

  app.get('/pages/stock', async (c) => {
    c.set('route', '/pages/stock');
    const sku = c.req.query('sku') ?? '';
    const { link, lang, refusal } = await viewLink(c, (l) => l.sku === sku);
    if (refusal) return viewRefused(c, refusal, link, lang);
    const stock = await pageStock(database, sku, now());
    const title = pageText('stockOf', lang, { item: itemLabel(sku, lang, stock.names) });
    return send(c, 200, lang, title, stockTable(stock, lang));
  });
}
