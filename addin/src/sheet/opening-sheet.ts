import type { AddinLang } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { codeOf, excelDateToIso, isBlank, parseWholeNumber } from './cells.js';

/*
 * The "Opening stock" table ⇄ `POST /stock/opening`: the balances a shop brings from
 * its old spreadsheets, each with its unit cost. Pure functions over the table's
 * values (and displayed text), tested without Excel.
 */

export function openingHeaders(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['SKU', '库位', '数量', '单位成本', '批次', '有效期', '状态', '流水号', '幂等键']
    : ['SKU', 'Location', 'Quantity', 'Unit cost', 'Lot', 'Expiry', 'Status', 'Movement', 'Key'];
}
export const OPENING_COLUMNS = {
  sku: 0,
  location: 1,
  quantity: 2,
  unitCost: 3,
  lot: 4,
  expiresOn: 5,
  status: 6,
  movement: 7,
  key: 8,
} as const;

export interface OpeningRowBody {
  sku: string;
  location: string;
  quantity: number;
  unitCost?: number;
  lot?: string;
  expiresOn?: string;
}

export interface OpeningRequest {
  /** The table rows sent, in the order of `body.rows`. */
  rows: number[];
  key: string;
  body: { rows: OpeningRowBody[] };
}

/**
 * The rows not yet posted, as one request with one idempotency key (kept in the
 * hidden Key column, written before sending), so that a sheet sent twice, or sent
 * again after a lost answer, posts once. Rows with a movement already are skipped.
 */
export function prepareOpening(
  values: readonly (readonly unknown[])[],
  text: readonly (readonly string[])[] | undefined,
  options: { lang: AddinLang; newKey: () => string },
): {
  request: OpeningRequest | undefined;
  problems: Array<{ row: number; message: string }>;
  newKeys: Array<{ row: number; key: string }>;
} {
  const c = OPENING_COLUMNS;
  const problems: Array<{ row: number; message: string }> = [];
  const rows: number[] = [];
  const body: OpeningRowBody[] = [];
  let key = '';
  values.forEach((cells, row) => {
    if (
      [c.sku, c.location, c.quantity, c.unitCost, c.lot, c.expiresOn].every((i) =>
        isBlank(cells[i]),
      )
    )
      return;
    if (!isBlank(cells[c.movement])) return;
    const at = (i: number) => codeOf(cells[i], text?.[row]?.[i]);
    const sku = at(c.sku);
    const location = at(c.location);
    const quantity = parseWholeNumber(cells[c.quantity]);
    const unitCost = isBlank(cells[c.unitCost]) ? undefined : parseAmount(cells[c.unitCost]);
    const expiresOn = isBlank(cells[c.expiresOn])
      ? undefined
      : excelDateToIso(cells[c.expiresOn], 0)?.slice(0, 10);
    const mine: string[] = [];
    if (!sku || !location) mine.push(t('skuAndLocationNeeded', options.lang));
    if (quantity === undefined || quantity <= 0)
      mine.push(t('notANumber', options.lang, { value: String(cells[c.quantity] ?? '') }));
    if (unitCost === null)
      mine.push(t('notACost', options.lang, { value: String(cells[c.unitCost] ?? '') }));
    if (!isBlank(cells[c.expiresOn]) && !expiresOn)
      mine.push(t('badDate', options.lang, { value: String(cells[c.expiresOn]) }));
    if (mine.length > 0) {
      problems.push({ row, message: mine.join('; ') });
      return;
    }
    const lot = at(c.lot);
    rows.push(row);
    body.push({
      sku: sku!,
      location: location!,
      quantity: quantity!,
      ...(unitCost !== undefined && unitCost !== null ? { unitCost } : {}),
      ...(lot ? { lot } : {}),
      ...(expiresOn ? { expiresOn } : {}),
    });
    key ||= at(c.key) ?? '';
  });
  if (rows.length === 0) return { request: undefined, problems, newKeys: [] };
  key ||= options.newKey();
  return {
    request: { rows, key, body: { rows: body } },
    problems,
    newKeys: rows.map((row) => ({ row, key })),
  };
}

/** The answer as cell updates: each row's movement and status, or the server's problems on the rows they name. */
export function openingOutcome(
  request: OpeningRequest,
  res: {
    status: number;
    body: {
      rows?: Array<{ index: number; movement: { id: number } }>;
      error?: { message: string; details?: unknown };
    };
  },
  lang: AddinLang,
): Array<{ row: number; col: number; value: string | number; bad?: boolean }> {
  const c = OPENING_COLUMNS;
  if (res.status === 201 && res.body.rows) {
    return res.body.rows.flatMap((r) => [
      { row: request.rows[r.index]!, col: c.status, value: t('posted', lang) },
      { row: request.rows[r.index]!, col: c.movement, value: r.movement.id },
    ]);
  }
  const byRow = new Map<number, string[]>();
  const details = Array.isArray(res.body.error?.details)
    ? (res.body.error!.details as Array<{ path?: string; message?: string }>)
    : [];
  for (const d of details) {
    const m = /^rows\.(\d+)(?:\.(\w+))?/.exec(d.path ?? '');
    const row = m ? request.rows[Number(m[1])] : undefined;
    if (row === undefined) continue;
    byRow.set(row, [
      ...(byRow.get(row) ?? []),
      m![2] ? `${m![2]}: ${d.message ?? ''}` : (d.message ?? ''),
    ]);
  }
  const message = res.body.error?.message ?? `HTTP ${res.status}`;
  // Nothing was posted: rows without a problem of their own say so, as the Movements sheet does.
  return request.rows.map((row) => ({
    row,
    col: c.status,
    value: byRow.get(row)?.join('; ') ?? (byRow.size > 0 ? t('notChecked', lang) : message),
    bad: true,
  }));
}

/** A unit cost from a number cell or text (`12.5`, `1,200.50`, `１２`); null when it is not one. */
function parseAmount(value: unknown): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? value : null;
  if (typeof value !== 'string') return null;
  const text = value
    .trim()
    .replace(/[０-９．]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥$]/, '');
  if (!/^\d+(\.\d+)?$/.test(text)) return null;
  return Number(text);
}
