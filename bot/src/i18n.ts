import { format, negotiateLanguage } from '../../core/i18n/language.js';
import type { BotLang } from './cards.js';

/** The bot's replies, in English and Simplified Chinese (from the Teams `locale`). */
export function botLanguage(locale: string | undefined): BotLang {
  return negotiateLanguage(locale);
}

const REPLIES = {
  help: {
    en: 'I answer:\n- **stock SKU [location]** (or a barcode): what is in stock\n- **pending**: approvals waiting for you\n- **transfer SKU 5 from S1 to S2**: request a transfer\n- **link CODE**: link your Teams account with the code from the Excel add-in or your admin\n- in a group chat: **subscribe [locations]** for stock alerts here, **unsubscribe**, **subscriptions**',
    'zh-CN':
      '可以这样问我：\n- **库存 SKU [库位]**（或直接发条码）：查库存\n- **待审批**：等待您审批的单据\n- **调拨 SKU 5 从 S1 到 S2**：提交调拨申请\n- **绑定 代码**：用 Excel 加载项或管理员给的代码绑定 Teams 账号\n- 群聊中：**订阅 [库位]** 在本群接收库存提醒，**取消订阅**，**订阅列表**',
  },
  notLinked: {
    en: 'I do not know who you are yet. Send **link CODE** with a code from the Excel add-in (or ask an admin).',
    'zh-CN':
      '尚未识别您的身份。请发送 **绑定 代码**（代码可在 Excel 加载项中获取，或向管理员索取）。',
  },
  linked: {
    en: 'Linked: you are {name} in the ledger.',
    'zh-CN': '绑定成功：您在台账中的用户是 {name}。',
  },
  badCode: {
    en: 'That code is unknown or has expired. Ask for a new one.',
    'zh-CN': '代码无效或已过期，请重新获取。',
  },
  unknown: {
    en: 'I did not understand "{text}". Send **help** to see what I can do.',
    'zh-CN': '没有理解“{text}”。发送 **帮助** 查看用法。',
  },
  usage_stock: {
    en: 'To see stock, send **stock SKU** or **stock SKU location**, e.g. **stock LJ-100 S1**, or just a barcode.',
    'zh-CN':
      '查库存请发送 **库存 SKU** 或 **库存 SKU 库位**，例如 **库存 LJ-100 S1**，也可以直接发条码。',
  },
  usage_transfer: {
    en: 'To request a transfer, send **transfer SKU quantity from S1 to S2**, e.g. **transfer LJ-100 5 from W1 to S1**.',
    'zh-CN': '申请调拨请发送 **调拨 SKU 数量 从 S1 到 S2**，例如 **调拨 LJ-100 5 从 W1 到 S1**。',
  },
  usage_link: {
    en: 'To link your Teams account, send **link CODE** with the code from the Excel add-in (*Link my Teams account*) or from your admin.',
    'zh-CN':
      '绑定 Teams 账号请发送 **绑定 代码**，代码来自 Excel 加载项（“绑定我的 Teams 账号”）或管理员。',
  },
  noPending: { en: 'Nothing is waiting for your approval.', 'zh-CN': '没有等待您审批的单据。' },
  pendingLine: {
    en: '- {documentType} #{documentId}: {quantity} units, value {value}, requested by {requestedBy}',
    'zh-CN': '- {documentType} #{documentId}：{quantity} 件，金额 {value}，申请人 {requestedBy}',
  },
  transferCreated: {
    en: 'Transfer #{id} requested: {status}.',
    'zh-CN': '已提交调拨单 #{id}：{status}。',
  },
  subscribed: {
    en: 'This chat will hear about stock alerts for {locations}.',
    'zh-CN': '本群将收到 {locations} 的库存提醒。',
  },
  unsubscribed: {
    en: 'This chat will no longer hear about stock alerts.',
    'zh-CN': '本群将不再收到库存提醒。',
  },
  notSubscribed: {
    en: 'This chat does not hear about stock alerts. Send **subscribe [locations]**.',
    'zh-CN': '本群未订阅库存提醒。发送 **订阅 [库位]** 即可订阅。',
  },
  groupOnly: {
    en: 'Subscribe in a group chat or channel, where alerts should go.',
    'zh-CN': '请在需要接收提醒的群聊或频道中订阅。',
  },
  everywhere: { en: 'every location', 'zh-CN': '所有库位' },
} as const;

export function reply(
  key: keyof typeof REPLIES,
  lang: BotLang,
  params: Record<string, string | number> = {},
): string {
  return format(REPLIES[key][lang], params);
}

const KIND_LABELS: Record<string, { en: string; 'zh-CN': string }> = {
  below_min: { en: 'below min', 'zh-CN': '低库存' },
  above_max: { en: 'above max', 'zh-CN': '超储' },
  zero_stock: { en: 'out of stock', 'zh-CN': '缺货' },
  large_movement: { en: 'large movements', 'zh-CN': '大额变动' },
  day_outflow: { en: 'unusual outflow', 'zh-CN': '出库异常' },
  refused_postings: { en: 'refused postings', 'zh-CN': '过账被拒' },
  expiring: { en: 'expiring', 'zh-CN': '临期' },
  expired: { en: 'expired', 'zh-CN': '已过期' },
};

/** An alert kind in words (`below_min` → "below min" / "低库存"). */
export function alertKindLabel(kind: string, lang: BotLang): string {
  return KIND_LABELS[kind]?.[lang] ?? kind;
}

const DOCUMENT_LABELS: Record<string, { en: string; 'zh-CN': string }> = {
  transfer: { en: 'transfer', 'zh-CN': '调拨单' },
  purchase_order: { en: 'purchase order', 'zh-CN': '采购单' },
  stocktake_variance: { en: 'stocktake differences', 'zh-CN': '盘点差异' },
  credit_override: { en: 'credit override', 'zh-CN': '超信用额度销售单' },
  transfer_loss: { en: 'transfer write-off', 'zh-CN': '调拨报损' },
};

/** A document type in words, for lists (`stocktake_variance` → "stocktake differences" / "盘点差异"). */
export function documentLabel(type: string, lang: BotLang): string {
  return DOCUMENT_LABELS[type]?.[lang] ?? type;
}
