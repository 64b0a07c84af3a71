import type { AddinLang } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { codeOf, isBlank, parseWholeNumber } from './cells.js';

/** The "Transfer request" table ⇄ `POST /transfers`, one transfer per (from, to). */
export function transferHeaders(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['调出', '调入', 'SKU', '数量', '备注', '状态', '调拨单', '幂等键']
    : ['From', 'To', 'SKU', 'Quantity', 'Note', 'Status', 'Transfer', 'Key'];
}
export const TRANSFER_COLUMNS = {
  from: 0,
  to: 1,
  sku: 2,
  quantity: 3,
  note: 4,
  status: 5,
  transfer: 6,
  key: 7,
} as const;

export interface TransferRequest {
  rows: number[];
  key: string;
  body: {
    from: string;
    to: string;
    lines: Array<{ sku: string; quantity: number }>;
    note?: string;
  };
}

/**
 * Groups the rows still to send by source and target: each group is one transfer,
 * with one idempotency key shared by its rows (kept in the hidden Key column), so a
 * request sent twice creates one transfer.
 */
export function prepareTransfers(
  values: readonly (readonly unknown[])[],
  text: readonly (readonly string[])[] | undefined,
  options: { lang: AddinLang; newKey: () => string },
): {
  requests: TransferRequest[];
  problems: Array<{ row: number; message: string }>;
  newKeys: Array<{ row: number; key: string }>;
} {
  const c = TRANSFER_COLUMNS;
  const groups = new Map<string, TransferRequest>();
  const problems: Array<{ row: number; message: string }> = [];
  values.forEach((cells, row) => {
    if ([c.from, c.to, c.sku, c.quantity].every((i) => isBlank(cells[i]))) return;
    if (!isBlank(cells[c.transfer])) return;
    const at = (i: number) => codeOf(cells[i], text?.[row]?.[i]);
    const quantity = parseWholeNumber(cells[c.quantity]);
    const from = at(c.from);
    const to = at(c.to);
    const sku = at(c.sku);
    if (quantity === undefined || quantity <= 0) {
      problems.push({
        row,
        message: t('notANumber', options.lang, { value: String(cells[c.quantity] ?? '') }),
      });
      return;
    }
    if (!from || !to || !sku) {
      problems.push({
        row,
        message:
          options.lang === 'zh-CN' ? '请填写调出、调入和 SKU' : 'From, To and SKU are needed',
      });
      return;
    }
    const group = `${from}\u0000${to}`;
    const request = groups.get(group) ?? { rows: [], key: '', body: { from, to, lines: [] } };
    request.rows.push(row);
    request.body.lines.push({ sku, quantity });
    const note = at(c.note);
    if (note && !request.body.note) request.body.note = note;
    if (!request.key) request.key = at(c.key) ?? '';
    groups.set(group, request);
  });
  const newKeys: Array<{ row: number; key: string }> = [];
  for (const request of groups.values()) {
    if (!request.key) request.key = options.newKey();
    for (const row of request.rows) newKeys.push({ row, key: request.key });
  }
  return { requests: [...groups.values()], problems, newKeys };
}
