import { format, type Lang } from './language.js';
import { type MessageContext, type Names, readableParams } from './render.js';
import { ENTITIES, STATES, word } from './vocabulary.js';

/** One line per event, as chat services show it, in both languages. */
const LINES: Record<string, Record<Lang, string>> = {
  'alert.opened:below_min': {
    en: '🔴 Below minimum: {sku} at {location}, available {available} (min {min})',
    'zh-CN': '🔴 低于安全库存：{location} 的 {sku}，可用 {available}（最低 {min}）',
  },
  'alert.opened:above_max': {
    en: '🟠 Overstock: {sku} at {location}, on hand {onHand} (max {max})',
    'zh-CN': '🟠 库存积压：{location} 的 {sku}，现有 {onHand}（最高 {max}）',
  },
  'alert.opened:zero_stock': {
    en: '⛔ Out of stock: {sku} at {location}',
    'zh-CN': '⛔ 已断货：{location} 的 {sku}',
  },
  'alert.opened:large_movement': {
    en: '⚠️ Large movement: {quantity} of {sku} left {location} ({onHandBefore} were on hand)',
    'zh-CN': '⚠️ 大额出库：{location} 的 {sku} 一次出库 {quantity}（原有 {onHandBefore}）',
  },
  'alert.opened:day_outflow': {
    en: '⚠️ Heavy day: {netOutflow} of {sku} left {location} today',
    'zh-CN': '⚠️ 当日出库异常：{location} 的 {sku} 今日净出库 {netOutflow}',
  },
  'alert.opened:refused_postings': {
    en: '⚠️ {refused} sales of {sku} at {location} refused today for lack of stock',
    'zh-CN': '⚠️ {location} 的 {sku} 今日有 {refused} 笔因库存不足被拒绝',
  },
  'alert.opened:expiring': {
    en: '⏳ Expiring soon: {sku} at {location}: {lots}',
    'zh-CN': '⏳ 即将过期：{location} 的 {sku}：{lots}',
  },
  'alert.opened:expired': {
    en: '🚫 Expired, cannot be sold: {sku} at {location}: {lots}; scrap it',
    'zh-CN': '🚫 已过期，不能销售：{location} 的 {sku}：{lots}；请报废处理',
  },
  'alert.resolved': {
    en: '✅ Back to normal ({kind}): {sku} at {location}',
    'zh-CN': '✅ 已恢复（{kind}）：{location} 的 {sku}',
  },
  'alert.acknowledged': {
    en: '👀 {by} is on it ({kind}): {sku} at {location}',
    'zh-CN': '👀 {by} 已确认（{kind}）：{location} 的 {sku}',
  },
  'approval.requested': {
    en: '📝 {documentType} #{documentId} waits for a {role} ({locations}), requested by {requestedBy}',
    'zh-CN': '📝 {documentType} #{documentId} 待{role}审批（{locations}），申请人 {requestedBy}',
  },
  'purchase_order.closed_short': {
    en: '📦 Purchase order #{purchaseOrderId} ({supplier} → {location}) closed short by {by}: {notDelivered} will not come ({reason})',
    'zh-CN':
      '📦 采购单 #{purchaseOrderId}（{supplier} → {location}）已由 {by} 短缺结案：{notDelivered} 件不再到货（{reason}）',
  },
  'purchase_order.*': {
    en: '📦 Purchase order #{purchaseOrderId}: {status}',
    'zh-CN': '📦 采购单 #{purchaseOrderId}：{status}',
  },
  'suggestions.weekly': {
    en: '🛒 What to order this week at {location}: {count} items, {units} units: {lines}',
    'zh-CN': '🛒 本周 {location} 建议采购：{count} 种商品，共 {units} 件：{lines}',
  },
  '*': { en: '{topic}', 'zh-CN': '{topic}' },
  'approval.decided': {
    en: '🗳️ {documentType} #{documentId}: {decision} by {by}',
    'zh-CN': '🗳️ {documentType} #{documentId}：{by} {decision}',
  },
};

const TITLES: Record<string, Record<Lang, string>> = {
  single: { en: 'Inventory', 'zh-CN': '库存提醒' },
  digest: { en: '{count} inventory events', 'zh-CN': '{count} 条库存提醒' },
};

/** A line of a "what to order" digest, and how many a message lists before it only counts the rest. */
const ORDER_LINE: Record<Lang, string> = {
  en: '{sku} × {quantity}',
  'zh-CN': '{sku} × {quantity}',
};
const ORDER_LINE_BY: Record<Lang, string> = {
  en: '{sku} × {quantity} ({method})',
  'zh-CN': '{sku} × {quantity}（{method}）',
};

/** What measured a suggestion's demand (`figures.method`), as people read it. */
const DEMAND_METHOD: Record<string, Record<Lang, string>> = {
  forecast: { en: 'forecast', 'zh-CN': '按预测' },
  velocity: { en: 'recent sales', 'zh-CN': '按近期销量' },
  minmax: { en: 'min/max rule', 'zh-CN': '按上下限' },
};

/** A suggestion's method in words (`forecast` → 按预测); an unknown one as itself. */
export function demandMethodLabel(method: string, lang: Lang): string {
  return DEMAND_METHOD[method]?.[lang] ?? method;
}
const MORE: Record<Lang, string> = { en: 'and {count} more', 'zh-CN': '等另外 {count} 种' };
const LISTED = 20;

/** A lot as a message names it: its code, how many, and when it expires. */
const LOT: Record<Lang, string> = {
  en: 'lot {lot}, {onHand} expiring {expiresOn}',
  'zh-CN': '批次 {lot} 共 {onHand}，{expiresOn} 到期',
};

/**
 * One event as a line of a chat message, in `lang`. Items and locations read as their
 * names: the ones given in `context`, else the ones recorded with the event when it was
 * published (`payload.names`, see `core/services/names.ts`); amounts in the shop's currency.
 */
export function eventLine(
  topic: string,
  payload: Record<string, unknown>,
  lang: Lang,
  context: MessageContext = {},
): string {
  const key = topic === 'alert.opened' ? `${topic}:${String(payload['kind'])}` : topic;
  // Every other state change of a purchase order reads as its state in words.
  const family = topic.startsWith('purchase_order.') ? 'purchase_order.*' : key;
  const template = LINES[key]?.[lang] ?? LINES[family]?.[lang] ?? LINES['*']![lang];
  const names = context.names ?? (payload['names'] as Names | undefined);
  const ctx: MessageContext = { ...context, names };
  const { lots, lines, names: _names, ...rest } = payload;
  const params = readableParams(rest, lang, ctx, { itemCodes: false });
  if (Array.isArray(lots))
    params['lots'] = (lots as Array<Record<string, unknown>>)
      .map((lot) => format(LOT[lang], readableParams(lot, lang, ctx)))
      .join(lang === 'zh-CN' ? '；' : '; ');
  if (Array.isArray(lines)) {
    const listed = (lines as Array<Record<string, unknown>>)
      .slice(0, LISTED)
      .map(({ method, ...line }) => {
        const readable = readableParams(line, lang, ctx, { itemCodes: false });
        return typeof method === 'string'
          ? format(ORDER_LINE_BY[lang], { ...readable, method: demandMethodLabel(method, lang) })
          : format(ORDER_LINE[lang], readable);
      });
    if (lines.length > LISTED) listed.push(format(MORE[lang], { count: lines.length - LISTED }));
    params['lines'] = listed.join(lang === 'zh-CN' ? '，' : ', ');
  }
  params['topic'] = topicLabel(topic, lang);
  return format(template, params);
}

/** `transfer.shipped` → "调拨单：已发货": an event without a line of its own. */
function topicLabel(topic: string, lang: Lang): string {
  const [entity = '', state = ''] = topic.split('.');
  const sep = lang === 'zh-CN' ? '：' : ': ';
  return `${word(ENTITIES, entity, lang)}${sep}${word(STATES, state, lang)}`;
}

export function messageTitle(count: number, lang: Lang): string {
  return count > 1 ? format(TITLES['digest']![lang], { count }) : TITLES['single']![lang];
}

/** Every line template, for the catalogue test. */
export const EVENT_TEMPLATES: Record<string, Record<Lang, string>> = {
  ...LINES,
  ...TITLES,
  lot: LOT,
  orderLine: ORDER_LINE,
  orderLineBy: ORDER_LINE_BY,
  ...Object.fromEntries(Object.entries(DEMAND_METHOD).map(([m, t]) => [`demandMethod:${m}`, t])),
  more: MORE,
};
