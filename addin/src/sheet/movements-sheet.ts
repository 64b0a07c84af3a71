import type { AddinLang } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { codeOf, excelDateToIso, isBlank, parseWholeNumber } from './cells.js';
import type { Operation, RequestBody } from '../api-types.js';

type MovementRow = RequestBody<Operation<'post', '/movements/batch'>>['rows'][number];

/**
 * The "Movements" entry table ⇄ `POST /movements/batch`. Pure functions over the
 * table's header and 2-D values (and displayed text), so they are tested without Excel.
 */

export const MOVEMENT_FIELDS = [
  'date',
  'type',
  'code',
  'quantity',
  'location',
  'from',
  'to',
  'reason',
  'reference',
  'status',
  'movement',
  'key',
  'lot',
  'expiresOn',
] as const;
export type MovementField = (typeof MOVEMENT_FIELDS)[number];

/** Header texts a column may have, in either language. */
const HEADERS: Record<MovementField, string[]> = {
  date: ['date', '日期'],
  type: ['type', '类型'],
  code: ['sku or barcode', 'sku', 'barcode', 'sku/条码', '商品编码', '条码'],
  quantity: ['quantity', 'qty', '数量'],
  location: ['location', '库位', '门店'],
  from: ['from', '调出'],
  to: ['to', '调入'],
  reason: ['reason', '原因'],
  reference: ['reference', '单号', '参考'],
  status: ['status', '状态'],
  movement: ['movement', '流水号'],
  key: ['key', '幂等键'],
  // Optional columns, for lot-tracked items: add them to the table when needed.
  lot: ['lot', '批次', '批号'],
  expiresOn: ['expires on', 'expiry', 'expiry date', '有效期', '有效期至', '到期日'],
};

/** The header row the add-in writes when it creates the table. */
export function movementHeaders(lang: AddinLang): string[] {
  const en = [
    'Date',
    'Type',
    'SKU or barcode',
    'Quantity',
    'Location',
    'From',
    'To',
    'Reason',
    'Reference',
    'Status',
    'Movement',
    'Key',
  ];
  const zh = [
    '日期',
    '类型',
    'SKU/条码',
    '数量',
    '库位',
    '调出',
    '调入',
    '原因',
    '单号',
    '状态',
    '流水号',
    '幂等键',
  ];
  return lang === 'zh-CN' ? zh : en;
}

export function columnsOf(header: readonly unknown[]): Partial<Record<MovementField, number>> {
  const columns: Partial<Record<MovementField, number>> = {};
  header.forEach((h, i) => {
    const text = String(h ?? '')
      .trim()
      .toLowerCase();
    const field = MOVEMENT_FIELDS.find((f) => HEADERS[f].includes(text));
    if (field && columns[field] === undefined) columns[field] = i;
  });
  return columns;
}

const TYPES: Record<string, string> = {
  receipt: 'receipt',
  收货: 'receipt',
  入库: 'receipt',
  进货: 'receipt',
  issue: 'issue',
  sale: 'issue',
  销售: 'issue',
  出库: 'issue',
  领用: 'issue',
  adjustment: 'adjustment',
  调整: 'adjustment',
  盘点调整: 'adjustment',
  move: 'move',
  移库: 'move',
  调拨: 'move',
  scrap: 'scrap',
  报废: 'scrap',
  return: 'return',
  退货: 'return',
  顾客退货: 'return',
};

export interface SheetRow {
  /** Position in the table body (0 = first row under the header). */
  row: number;
  /** Built field by field from the sheet's columns; its shape is the document's batch row. */
  body: MovementRow;
}

export interface RowProblem {
  row: number;
  field: MovementField;
  message: string;
}

export interface PreparedBatch {
  rows: SheetRow[];
  problems: RowProblem[];
  /** Keys made for rows that had none: written to the hidden column before posting. */
  newKeys: Array<{ row: number; key: string }>;
}

/**
 * The rows to send: blank rows and rows already posted are left out; each row keeps
 * (or gets) an idempotency key, so posting twice never posts a row twice. Problems the
 * add-in can see itself (an unknown type, a quantity that is not a number) are
 * reported per row in the user's language; everything else is the server's to judge.
 *
 * A code of 8 or more digits is sent as a barcode, anything else as a sku.
 */
export function prepareMovements(
  header: readonly unknown[],
  values: readonly (readonly unknown[])[],
  text: readonly (readonly string[])[] | undefined,
  options: { lang: AddinLang; timezoneOffsetMinutes: number; newKey: () => string },
): PreparedBatch {
  const col = columnsOf(header);
  const out: PreparedBatch = { rows: [], problems: [], newKeys: [] };
  values.forEach((cells, row) => {
    const get = (f: MovementField) => (col[f] === undefined ? undefined : cells[col[f]!]);
    const shown = (f: MovementField) => (col[f] === undefined ? undefined : text?.[row]?.[col[f]!]);
    const input: MovementField[] = [
      'date',
      'type',
      'code',
      'quantity',
      'location',
      'from',
      'to',
      'reason',
      'reference',
      'lot',
      'expiresOn',
    ];
    if (input.every((f) => isBlank(get(f)))) return;
    if (!isBlank(get('movement'))) return;

    const problem = (field: MovementField, message: string) =>
      out.problems.push({ row, field, message });
    const body: Record<string, unknown> = {};
    const typeText = String(get('type') ?? '').trim();
    const type = TYPES[typeText.toLowerCase()];
    if (!type) problem('type', t('unknownType', options.lang, { value: typeText }));
    else body['type'] = type;

    const code = codeOf(get('code'), shown('code'));
    if (code) body[/^\d{8,}$/.test(code) ? 'barcode' : 'sku'] = code;
    const quantity = parseWholeNumber(get('quantity'));
    if (quantity === undefined)
      problem('quantity', t('notANumber', options.lang, { value: String(get('quantity') ?? '') }));
    else body['quantity'] = quantity;
    for (const f of ['location', 'from', 'to'] as const) {
      const value = codeOf(get(f), shown(f));
      if (value) body[f] = value;
    }
    for (const f of ['reason', 'reference'] as const) {
      const value = codeOf(get(f), shown(f));
      if (value) body[f] = value;
    }
    const lot = codeOf(get('lot'), shown('lot'));
    if (lot) body['lot'] = lot;
    if (!isBlank(get('expiresOn'))) {
      // A calendar day, as typed: no time zone applies.
      const day = excelDateToIso(get('expiresOn'), 0)?.slice(0, 10);
      if (!day)
        problem('expiresOn', t('badDate', options.lang, { value: String(get('expiresOn')) }));
      else body['expiresOn'] = day;
    }
    if (!isBlank(get('date'))) {
      const iso = excelDateToIso(get('date'), options.timezoneOffsetMinutes);
      if (!iso) problem('date', t('badDate', options.lang, { value: String(get('date')) }));
      else body['occurredAt'] = iso;
    }
    let key = codeOf(get('key'), undefined);
    if (!key) {
      key = options.newKey();
      out.newKeys.push({ row, key });
    }
    body['idempotencyKey'] = key;
    out.rows.push({ row, body: body as MovementRow });
  });
  return out;
}

export interface RowOutcome {
  row: number;
  ok: boolean;
  /**
   * posted (now or earlier: replayed), valid (checked, or held back because another row
   * of the atomic batch was refused), refused.
   */
  state: 'posted' | 'replayed' | 'valid' | 'held' | 'refused';
  status: string;
  movementId?: number;
  /** The fields to colour, from the server's `details[].path` or the add-in's own check. */
  badFields: MovementField[];
}

interface ServerResult {
  index: number;
  status: 'posted' | 'valid' | 'rejected';
  replayed?: boolean;
  movement?: { id: number };
  error?: { code: string; message: string; details?: unknown };
}

const PATH_TO_FIELD: Record<string, MovementField> = {
  type: 'type',
  sku: 'code',
  barcode: 'code',
  quantity: 'quantity',
  location: 'location',
  from: 'from',
  to: 'to',
  reason: 'reason',
  reference: 'reference',
  occurredAt: 'date',
  idempotencyKey: 'key',
  lot: 'lot',
  expiresOn: 'expiresOn',
};

/**
 * The status column after Check or Post: "OK", "Posted" (with the movement id), or
 * the server's message in the user's language, and which cells to colour.
 */
export function outcomes(
  batch: PreparedBatch,
  results: readonly ServerResult[],
  lang: AddinLang,
  options: {
    /** Post, not Check: a valid row of a refused batch was not posted. */
    posting?: boolean;
    /** The row passed Check before: a refusal for stock now says the stock moved since. */
    checkedBefore?: (row: number) => boolean;
  } = {},
): RowOutcome[] {
  const own = new Map<number, RowProblem[]>();
  for (const p of batch.problems) own.set(p.row, [...(own.get(p.row) ?? []), p]);
  const byRow: RowOutcome[] = [];
  for (const [row, problems] of own) {
    byRow.push({
      row,
      ok: false,
      state: 'refused',
      status: problems.map((p) => p.message).join('; '),
      badFields: problems.map((p) => p.field),
    });
  }
  results.forEach((r) => {
    const sheetRow = batch.rows[r.index]!.row;
    if (own.has(sheetRow)) return;
    if (r.status === 'rejected') {
      const details = Array.isArray(r.error?.details)
        ? (r.error!.details as Array<{ path: string; message?: string }>)
        : [];
      let status =
        details.length > 0
          ? details.map((d) => d.message ?? d.path).join('; ')
          : (r.error?.message ?? 'error');
      const bad = details
        .map((d) => PATH_TO_FIELD[d.path.split('.')[0]!])
        .filter((f): f is MovementField => f !== undefined);
      if (r.error?.code === 'insufficient_stock') {
        bad.push('quantity');
        // The figures now, first: the row was fine at Check, the stock moved since.
        const now = (r.error.details as { available?: unknown } | undefined)?.available;
        if (typeof now === 'number' && options.checkedBefore?.(sheetRow))
          status = `${t('stockMoved', lang, { available: now })} ${status}`;
      }
      byRow.push({ row: sheetRow, ok: false, state: 'refused', status, badFields: bad });
    } else if (r.status === 'posted') {
      byRow.push({
        row: sheetRow,
        ok: true,
        state: r.replayed ? 'replayed' : 'posted',
        status: t(r.replayed ? 'alreadyPosted' : 'posted', lang),
        movementId: r.movement!.id,
        badFields: [],
      });
    } else if (options.posting) {
      byRow.push({
        row: sheetRow,
        ok: false,
        state: 'held',
        status: t('notChecked', lang),
        badFields: [],
      });
    } else {
      byRow.push({ row: sheetRow, ok: true, state: 'valid', status: t('ok', lang), badFields: [] });
    }
  });
  return byRow.sort((a, b) => a.row - b.row);
}
