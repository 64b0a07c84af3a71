/**
 * The served pages' HTML for a document and an item's stock. Pure: a view read by
 * core/services/pages/page-document.ts in, markup out; every text from the page
 * catalogue, names with their codes, money in the shop's currency, times in its zone.
 */
import { formatLocal } from '../../domain/time.js';
import type { Lang } from '../../i18n/language.js';
import { pageText, type PageTextKey } from '../../i18n/page-texts.js';
import { itemLabel, locationLabel, money } from '../../i18n/render.js';
import { DECISION_WORDS, ROLE_WORDS, STATES, word } from '../../i18n/vocabulary.js';
import type { PageDocument, PageStock } from '../../services/pages/page-document.js';
import { esc } from './html.js';

const number = (n: number, lang: Lang) => new Intl.NumberFormat(lang).format(n);
const signed = (n: number, lang: Lang) => (n > 0 ? `+${number(n, lang)}` : number(n, lang));
const signedMoney = (n: number, lang: Lang, currency: string) =>
  n > 0 ? `+${money(n, lang, currency)}` : money(n, lang, currency);
const sign = (n: number) => (n < 0 ? 'neg' : n > 0 ? 'pos' : '');

function place(doc: PageDocument, code: string | undefined, lang: Lang): string {
  if (!code) return '';
  const name = locationLabel(code, lang, doc.names);
  return name === code ? code : lang === 'zh-CN' ? `${name}（${code}）` : `${name} (${code})`;
}

/** `Transfer #12: 杭州中心仓 (W1) → 西湖店 (S1)`. */
export function documentTitle(doc: PageDocument, lang: Lang): string {
  return pageText(doc.type as PageTextKey, lang, {
    id: doc.id,
    from: place(doc, doc.from, lang),
    to: place(doc, doc.to, lang),
    supplier: doc.supplier ?? '',
    customer: doc.customer ?? '',
  });
}

/** The labelled figures a manager decides from. */
export function documentSummary(doc: PageDocument, lang: Lang): string {
  const rows: Array<[string, string]> = [
    [pageText('status', lang), word(STATES, doc.status, lang)],
    [pageText('requestedBy', lang), doc.requestedBy],
    [pageText('requestedAt', lang), formatLocal(doc.requestedAt, doc.timeZone, lang)],
  ];
  if (doc.from) rows.push([pageText('from', lang), place(doc, doc.from, lang)]);
  rows.push([pageText(doc.from ? 'to' : 'location', lang), place(doc, doc.to, lang)]);
  if (doc.supplier) rows.push([pageText('supplier', lang), doc.supplier]);
  if (doc.customer) rows.push([pageText('customer', lang), doc.customer]);
  if (doc.type === 'stocktake_variance') {
    rows.push([pageText('differenceValue', lang), signedMoney(doc.value, lang, doc.currency)]);
    rows.push([pageText('absoluteValue', lang), money(doc.absoluteValue ?? 0, lang, doc.currency)]);
  } else rows.push([pageText('value', lang), money(doc.value, lang, doc.currency)]);
  if (doc.creditLeft !== undefined)
    rows.push([
      pageText('creditLeft', lang),
      doc.creditLeft === null
        ? pageText('noCreditLimit', lang)
        : money(doc.creditLeft, lang, doc.currency),
    ]);
  return `<section><dl>${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl></section>`;
}

/** Every line, biggest first, with the columns its kind of document has. */
export function linesTable(doc: PageDocument, lang: Lang): string {
  const t = (k: PageTextKey, p?: Record<string, string | number>) => pageText(k, lang, p);
  const cols: Array<{
    head: string;
    numeric: boolean;
    cell: (l: PageDocument['lines'][0]) => string;
  }> = [{ head: t('item'), numeric: false, cell: (l) => esc(itemLabel(l.sku, lang, doc.names)) }];
  const num =
    (f: (l: PageDocument['lines'][0]) => number | undefined) => (l: PageDocument['lines'][0]) => {
      const v = f(l);
      return v === undefined ? '' : esc(number(v, lang));
    };
  if (doc.type === 'stocktake_variance') {
    cols.push(
      { head: t('counted'), numeric: true, cell: num((l) => l.counted) },
      { head: t('book'), numeric: true, cell: num((l) => l.book) },
      {
        head: t('difference'),
        numeric: true,
        cell: (l) => `<span class="${sign(l.quantity)}">${esc(signed(l.quantity, lang))}</span>`,
      },
      {
        head: t('differenceValue'),
        numeric: true,
        cell: (l) =>
          l.varianceValue === null || l.varianceValue === undefined
            ? ''
            : `<span class="${sign(l.varianceValue)}">${esc(signedMoney(l.varianceValue, lang, doc.currency))}</span>`,
      },
    );
  } else {
    cols.push({ head: t('quantity'), numeric: true, cell: num((l) => l.quantity) });
  }
  if (doc.type === 'transfer') {
    cols.push(
      {
        head: t('availableAt', { location: place(doc, doc.from, lang) }),
        numeric: true,
        cell: num((l) => l.availableFrom),
      },
      {
        head: t('availableAt', { location: place(doc, doc.to, lang) }),
        numeric: true,
        cell: num((l) => l.availableTo),
      },
    );
  }
  if (doc.type === 'purchase_order')
    cols.push({
      head: t('unitCost'),
      numeric: true,
      cell: (l) => (l.unitCost === undefined ? '' : esc(money(l.unitCost, lang, doc.currency))),
    });
  if (doc.type === 'credit_override')
    cols.push({
      head: t('unitPrice'),
      numeric: true,
      cell: (l) => (l.unitPrice === undefined ? '' : esc(money(l.unitPrice, lang, doc.currency))),
    });
  if (doc.type === 'transfer_loss')
    cols.push({
      head: t('reason'),
      numeric: false,
      cell: (l) =>
        l.reason === 'lost' || l.reason === 'damaged' ? esc(t(l.reason)) : esc(l.reason ?? ''),
    });
  const head = cols
    .map((c) => `<th${c.numeric ? ' class="n"' : ''} scope="col">${esc(c.head)}</th>`)
    .join('');
  const body = doc.lines
    .map(
      (l) =>
        `<tr>${cols.map((c, i) => `<td${c.numeric ? ' class="n"' : i === 0 ? ' class="item"' : ''}>${c.cell(l)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<section><h2>${esc(t('lines', { count: number(doc.lines.length, lang) }))}</h2><div class="scroll"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>`;
}

/** Who has to decide, and who did. */
export function stepsList(doc: PageDocument, lang: Lang): string {
  if (doc.steps.length === 0) return '';
  const items = doc.steps.map((s) => {
    // Levels count from 0 on the wire; people count from 1.
    const what = pageText('step', lang, {
      level: s.level + 1,
      role: word(ROLE_WORDS, s.role, lang),
    });
    const state =
      (s.status === 'approved' || s.status === 'rejected') && s.decidedBy
        ? pageText('stepDecided', lang, {
            decision: word(DECISION_WORDS, s.status, lang),
            by: s.decidedBy,
            at: s.decidedAt ? formatLocal(Date.parse(s.decidedAt), doc.timeZone, lang) : '',
          })
        : word(STATES, s.status, lang);
    const comment = s.comment ? ` — “${esc(s.comment)}”` : '';
    return `<li>${esc(what)}${lang === 'zh-CN' ? '：' : ': '}${esc(state)}${comment}</li>`;
  });
  return `<section><h2>${esc(pageText('approvals', lang))}</h2><ul>${items.join('')}</ul></section>`;
}

/** Approve / Reject with a comment, sent back with the version shown and the page's nonce. */
export function approvalForm(
  doc: PageDocument,
  options: { action: string; nonce: string; lang: Lang; comment?: string },
): string {
  const { lang } = options;
  return `<section><form method="post" action="${esc(options.action)}">
<input type="hidden" name="version" value="${doc.version}">
<input type="hidden" name="nonce" value="${esc(options.nonce)}">
<input type="hidden" name="lang" value="${lang}">
<label for="comment">${esc(pageText('comment', lang))}</label>
<textarea id="comment" name="comment" maxlength="1000">${esc(options.comment ?? '')}</textarea>
<label for="credential">${esc(pageText('credential', lang))}</label>
<input type="password" id="credential" name="credential" required autocomplete="current-password" aria-describedby="credential-help">
<p class="help" id="credential-help">${esc(pageText('credentialHelp', lang))}</p>
<div class="actions">
<button class="approve" type="submit" name="decision" value="approve">${esc(pageText('approve', lang))}</button>
<button class="reject" type="submit" name="decision" value="reject">${esc(pageText('reject', lang))}</button>
</div>
</form></section>`;
}

/** An item's stock at every location, most available first, with the total. */
export function stockTable(stock: PageStock, lang: Lang): string {
  const label = (code: string) => {
    const name = locationLabel(code, lang, stock.names);
    return name === code ? code : lang === 'zh-CN' ? `${name}（${code}）` : `${name} (${code})`;
  };
  const n = (v: number) => esc(number(v, lang));
  const rows = stock.rows
    .map(
      (r) =>
        `<tr><td>${esc(label(r.location))}</td><td class="n">${n(r.onHand)}</td><td class="n">${n(r.reserved)}</td><td class="n">${n(r.available)}</td></tr>`,
    )
    .join('\n');
  const sum = (f: (r: PageStock['rows'][0]) => number) => stock.rows.reduce((s, r) => s + f(r), 0);
  const asOf = pageText('asOf', lang, { at: formatLocal(stock.readAt, stock.timeZone, lang) });
  if (stock.rows.length === 0) return `<p class="note info">${esc(pageText('noStock', lang))}</p>`;
  return `<p class="help">${esc(asOf)}</p><section><table><thead><tr><th scope="col">${esc(pageText('location', lang))}</th><th class="n" scope="col">${esc(pageText('onHand', lang))}</th><th class="n" scope="col">${esc(pageText('reserved', lang))}</th><th class="n" scope="col">${esc(pageText('available', lang))}</th></tr></thead><tbody>
${rows}
</tbody><tfoot><tr><th scope="row">${esc(pageText('total', lang))}</th><td class="n">${n(sum((r) => r.onHand))}</td><td class="n">${n(sum((r) => r.reserved))}</td><td class="n">${n(sum((r) => r.available))}</td></tr></tfoot></table></section>`;
}
