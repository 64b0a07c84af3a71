/**
 * Adaptive Cards (version 1.5) for Teams, as plain JSON. Pure: no botbuilder here.
 * Buttons use `Action.Execute` (Universal Actions, so every copy of a card can be
 * refreshed for everyone) with `Action.Submit` as the fallback for older clients.
 */
import { demandMethodLabel } from '../../core/i18n/event-messages.js';
import { format, type Lang } from '../../core/i18n/language.js';
import type { operations } from '../../core/http/api-types.gen.js';

/** The bot speaks the ledger's languages. */
export type BotLang = Lang;

const TEXT = {
  stockTitle: { en: 'Stock of {sku}', 'zh-CN': '{sku} 的库存' },
  location: { en: 'Location', 'zh-CN': '库位' },
  onHand: { en: 'On hand', 'zh-CN': '现有' },
  reserved: { en: 'Reserved', 'zh-CN': '已预留' },
  available: { en: 'Available', 'zh-CN': '可用' },
  noStock: { en: 'No stock of {sku} anywhere.', 'zh-CN': '任何库位都没有 {sku} 的库存。' },
  transfer: { en: 'Transfer #{id}: {from} → {to}', 'zh-CN': '调拨单 #{id}：{from} → {to}' },
  purchase_order: {
    en: 'Purchase order #{id}: {supplier} → {to}',
    'zh-CN': '采购单 #{id}：{supplier} → {to}',
  },
  stocktake_variance: {
    en: 'Stocktake #{id} at {to}: differences to approve',
    'zh-CN': '盘点单 #{id}（{to}）：差异待审批',
  },
  credit_override: {
    en: 'Sales order #{id} to {customer}: over the credit limit',
    'zh-CN': '销售单 #{id}（{customer}）：超出信用额度',
  },
  transfer_loss: {
    en: 'Transfer #{id}: {from} → {to}, write off what never arrived',
    'zh-CN': '调拨单 #{id}：{from} → {to}，未到货报损',
  },
  lost: { en: 'lost', 'zh-CN': '丢失' },
  damaged: { en: 'damaged', 'zh-CN': '损坏' },
  countedOfBook: {
    en: '{variance} (counted {counted}, book {book})',
    'zh-CN': '{variance}（实盘 {counted}，账面 {book}）',
  },
  creditLeft: { en: 'Credit left before this order', 'zh-CN': '本单前剩余额度' },
  requestedBy: { en: 'Requested by', 'zh-CN': '申请人' },
  value: { en: 'Value', 'zh-CN': '金额' },
  quantity: { en: 'Quantity', 'zh-CN': '数量' },
  stockThere: { en: 'Available at {from} / {to}', 'zh-CN': '{from} / {to} 可用' },
  comment: { en: 'Comment (optional)', 'zh-CN': '备注（可选）' },
  approve: { en: 'Approve', 'zh-CN': '批准' },
  reject: { en: 'Reject', 'zh-CN': '驳回' },
  decided: { en: '{decision} by {by} at {at}', 'zh-CN': '{by} 于 {at} {decision}' },
  approved: { en: 'Approved', 'zh-CN': '已批准' },
  rejected: { en: 'Rejected', 'zh-CN': '已驳回' },
  acknowledge: { en: 'Acknowledge', 'zh-CN': '确认' },
  acknowledgedBy: { en: 'Acknowledged by {by}', 'zh-CN': '{by} 已确认' },
  orderTitle: { en: 'What to order this week at {location}', 'zh-CN': '本周 {location} 建议采购' },
  orderSummary: {
    en: '{count} items, {units} units (week of {week})',
    'zh-CN': '{count} 种商品，共 {units} 件（{week} 这一周）',
  },
  item: { en: 'Item', 'zh-CN': '商品' },
  supplier: { en: 'Supplier', 'zh-CN': '供应商' },
  basedOn: { en: 'Based on', 'zh-CN': '依据' },
  noSupplier: { en: 'not bought yet', 'zh-CN': '尚未采购过' },
  more: {
    en: 'and {count} more: GET /suggestions/purchase?location={location}',
    'zh-CN': '另有 {count} 种：GET /suggestions/purchase?location={location}',
  },
} as const;

function tr(
  key: keyof typeof TEXT,
  lang: BotLang,
  params: Record<string, string | number> = {},
): string {
  return format(TEXT[key][lang], params);
}

const card = (body: unknown[], actions: unknown[] = []) => ({
  type: 'AdaptiveCard',
  $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
  version: '1.5',
  body,
  ...(actions.length ? { actions } : {}),
});

/** A button that runs `verb` in the bot with `data`, falling back to a plain submit. */
export function executeAction(
  title: string,
  verb: string,
  data: Record<string, unknown>,
  style?: 'positive' | 'destructive',
) {
  return {
    type: 'Action.Execute',
    title,
    verb,
    data: { verb, ...data },
    ...(style ? { style } : {}),
    fallback: { type: 'Action.Submit', title, data: { verb, ...data } },
  };
}

/** A row of GET /stock as the API document describes it (the bot reads it in-process, shaped the same). */
export type StockRow =
  operations['getStock']['responses'][200]['content']['application/json']['items'][number];

/** Stock of an item per location, as a table. */
export function stockCard(sku: string, rows: readonly StockRow[], lang: BotLang) {
  if (rows.length === 0)
    return card([{ type: 'TextBlock', text: tr('noStock', lang, { sku }), wrap: true }]);
  const cell = (text: string | number, bold = false) => ({
    type: 'TableCell',
    items: [{ type: 'TextBlock', text: String(text), ...(bold ? { weight: 'Bolder' } : {}) }],
  });
  return card([
    { type: 'TextBlock', text: tr('stockTitle', lang, { sku }), weight: 'Bolder', size: 'Medium' },
    {
      type: 'Table',
      columns: [{ width: 2 }, { width: 1 }, { width: 1 }, { width: 1 }],
      rows: [
        {
          type: 'TableRow',
          cells: [
            tr('location', lang),
            tr('onHand', lang),
            tr('reserved', lang),
            tr('available', lang),
          ].map((h) => cell(h, true)),
        },
        ...rows.map((r) => ({
          type: 'TableRow',
          cells: [cell(r.location), cell(r.onHand), cell(r.reserved), cell(r.available)],
        })),
      ],
    },
  ]);
}

/** A card lists at most this many lines of a digest, which keeps it far under Teams' 28 KB. */
const ORDER_LINES_SHOWN = 50;

/** The weekly "what to order" digest of a location (a `suggestions.weekly` event), as a table. */
export function orderCard(
  d: {
    location: string;
    week: string;
    count: number;
    units: number;
    lines: ReadonlyArray<{
      sku: string;
      quantity: number;
      supplier: string | null;
      /** What measured the demand (digests before it was recorded have none). */
      method?: string;
    }>;
  },
  lang: BotLang,
) {
  const cell = (text: string | number, bold = false) => ({
    type: 'TableCell',
    items: [
      { type: 'TextBlock', text: String(text), wrap: true, ...(bold ? { weight: 'Bolder' } : {}) },
    ],
  });
  const shown = d.lines.slice(0, ORDER_LINES_SHOWN);
  return card([
    {
      type: 'TextBlock',
      text: tr('orderTitle', lang, { location: d.location }),
      weight: 'Bolder',
      size: 'Medium',
      wrap: true,
    },
    {
      type: 'TextBlock',
      text: tr('orderSummary', lang, { count: d.count, units: d.units, week: d.week }),
      isSubtle: true,
      wrap: true,
    },
    {
      type: 'Table',
      columns: [{ width: 2 }, { width: 1 }, { width: 2 }, { width: 2 }],
      rows: [
        {
          type: 'TableRow',
          cells: [
            tr('item', lang),
            tr('quantity', lang),
            tr('supplier', lang),
            tr('basedOn', lang),
          ].map((h) => cell(h, true)),
        },
        ...shown.map((l) => ({
          type: 'TableRow',
          cells: [
            cell(l.sku),
            cell(l.quantity),
            cell(l.supplier ?? tr('noSupplier', lang)),
            cell(l.method ? demandMethodLabel(l.method, lang) : '–'),
          ],
        })),
      ],
    },
    ...(d.lines.length > shown.length
      ? [
          {
            type: 'TextBlock',
            text: tr('more', lang, { count: d.lines.length - shown.length, location: d.location }),
            wrap: true,
          },
        ]
      : []),
  ]);
}

export interface ApprovalCardInput {
  documentType:
    | 'transfer'
    | 'purchase_order'
    | 'stocktake_variance'
    | 'credit_override'
    | 'transfer_loss';
  documentId: number;
  version: number;
  from?: string;
  to: string;
  supplier?: string;
  customer?: string;
  /** Credit orders: what the customer had left before this order. */
  creditLeft?: number | null;
  requestedBy: string;
  value: number;
  lines: ReadonlyArray<{
    sku: string;
    quantity: number;
    availableFrom?: number;
    availableTo?: number;
    counted?: number;
    book?: number;
    /** A write-off line: why it never arrived (lost, damaged), and the note. */
    reason?: string | null;
    note?: string | null;
  }>;
  decided?: { decision: 'approved' | 'rejected'; by: string; at: string };
}

/**
 * The card an approver gets: the document, its lines with the stock at both ends,
 * the value, the requester; Approve / Reject carry the document's version, so a
 * stale click is refused by the approval engine. Once decided, the same card shows
 * who decided and when, without buttons.
 */
export function approvalCard(d: ApprovalCardInput, lang: BotLang) {
  const title = tr(d.documentType, lang, {
    id: d.documentId,
    from: d.from ?? '',
    to: d.to,
    supplier: d.supplier ?? '',
    customer: d.customer ?? '',
  });
  const body: unknown[] = [
    { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
    {
      type: 'FactSet',
      facts: [
        { title: tr('requestedBy', lang), value: d.requestedBy },
        { title: tr('value', lang), value: d.value.toFixed(2) },
        ...(d.creditLeft != null
          ? [{ title: tr('creditLeft', lang), value: d.creditLeft.toFixed(2) }]
          : []),
      ],
    },
    {
      type: 'FactSet',
      facts: d.lines.map((l) => ({
        title: l.sku,
        value:
          d.documentType === 'transfer' && l.availableFrom !== undefined
            ? `${l.quantity}  (${tr('stockThere', lang, { from: d.from ?? '', to: d.to })}: ${l.availableFrom} / ${l.availableTo ?? 0})`
            : l.counted !== undefined && l.book !== undefined
              ? tr('countedOfBook', lang, {
                  variance: `${l.quantity > 0 ? '+' : ''}${l.quantity}`,
                  counted: l.counted,
                  book: l.book,
                })
              : l.reason
                ? `${l.quantity} (${l.reason === 'lost' || l.reason === 'damaged' ? tr(l.reason, lang) : l.reason}${l.note ? `: ${l.note}` : ''})`
                : String(l.quantity),
      })),
    },
  ];
  if (d.decided) {
    body.push({
      type: 'TextBlock',
      text: tr('decided', lang, {
        decision: tr(d.decided.decision, lang),
        by: d.decided.by,
        at: d.decided.at,
      }),
      color: d.decided.decision === 'approved' ? 'Good' : 'Attention',
      weight: 'Bolder',
      wrap: true,
    });
    return card(body);
  }
  body.push({
    type: 'Input.Text',
    id: 'comment',
    placeholder: tr('comment', lang),
    isMultiline: true,
  });
  const data = { documentType: d.documentType, documentId: d.documentId, version: d.version };
  return card(body, [
    executeAction(tr('approve', lang), 'approve', data, 'positive'),
    executeAction(tr('reject', lang), 'reject', data, 'destructive'),
  ]);
}

/** One alert, or a digest of several, with an Acknowledge button per open alert. */
export function alertCard(
  alerts: ReadonlyArray<{ id: number; text: string; acknowledgedBy?: string | null }>,
  lang: BotLang,
  title?: string,
) {
  const body: unknown[] = title
    ? [{ type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium' }]
    : [];
  for (const a of alerts) {
    body.push({ type: 'TextBlock', text: a.text, wrap: true, separator: body.length > 0 });
    body.push(
      a.acknowledgedBy
        ? {
            type: 'TextBlock',
            text: tr('acknowledgedBy', lang, { by: a.acknowledgedBy }),
            isSubtle: true,
          }
        : {
            type: 'ActionSet',
            actions: [executeAction(tr('acknowledge', lang), 'acknowledge', { alertId: a.id })],
          },
    );
  }
  return card(body);
}
