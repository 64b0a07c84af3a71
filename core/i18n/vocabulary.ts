import { ALERT_KINDS, ALERT_STATUSES } from '../domain/alerts.js';
import { DOCUMENT_TYPES, PURCHASE_ORDER_STATUSES, TRANSFER_STATUSES } from '../domain/documents.js';
import { INTERNAL_LOCATION_KINDS, VIRTUAL_LOCATIONS } from '../domain/locations.js';
import { POSTABLE_MOVEMENT_TYPES } from '../domain/movement.js';
import { RESERVATION_STATUSES } from '../domain/reservation.js';
import { STOCKTAKE_STATUSES } from '../domain/documents.js';
import type { Lang } from './language.js';

/*
 * The words a message puts in place of a stable code: why something was refused, what
 * state a document is in, what kind of document, alert or location it is, which rule a
 * field broke. Codes stay in `code` and `details`; people read these. Each list below is
 * walked by tests/i18n/catalogues.test.ts in both languages.
 */

export type Words = Record<string, Record<Lang, string>>;

/** Why a `forbidden` refusal was given, and what to do about it. */
export const FORBIDDEN_REASONS: Words = {
  admin_only: {
    en: 'only an admin may do this; ask an admin',
    'zh-CN': '只有管理员可以执行此操作，请联系管理员',
  },
  admin_or_manager_only: {
    en: 'only an admin or a manager may do this; ask one of them',
    'zh-CN': '只有管理员或店长可以执行此操作，请联系他们',
  },
  location_out_of_scope: {
    en: 'this location is not one of yours; ask an admin to add it to your locations',
    'zh-CN': '该库位不在您负责的范围内，请联系管理员为您添加该库位',
  },
  not_requester_or_manager: {
    en: 'only the person who created it or a manager may do this',
    'zh-CN': '只有创建人或店长可以执行此操作',
  },
  only_source_may_ship: {
    en: 'only staff of the sending location may ship it',
    'zh-CN': '只有调出库位的员工可以发货',
  },
  only_target_may_close: {
    en: 'only staff of the receiving location may close it',
    'zh-CN': '只有调入库位的员工可以结案',
  },
  only_target_may_receive: {
    en: 'only staff of the receiving location may receive it',
    'zh-CN': '只有调入库位的员工可以收货',
  },
  role_cannot_maintain_items: {
    en: 'only an admin or a manager may change items; ask one of them',
    'zh-CN': '只有管理员或店长可以维护商品资料，请联系他们',
  },
  scoped_manager_cannot_edit_items: {
    en: 'items are shared by every location, so only an admin or a manager of all locations may change them',
    'zh-CN': '商品资料由所有库位共用，只有管理员或负责全部库位的店长可以修改',
  },
  role_cannot_post_opening_stock: {
    en: 'only an admin or a manager may post opening stock',
    'zh-CN': '只有管理员或店长可以录入期初库存',
  },
  unreferenced_return: {
    en: 'a return that names no sale is a correction: only an admin or a manager may post it; give the sale (originalMovement) instead',
    'zh-CN':
      '未关联销售的退货属于库存更正，只有管理员或店长可以录入；请填写对应的销售流水（originalMovement）',
  },
  accept_expired: {
    en: 'only an admin or a manager may receive a lot past its expiry (acceptExpired)',
    'zh-CN': '只有管理员或店长可以接收已过期的批次（acceptExpired）',
  },
  role_cannot_write: {
    en: 'your role may only read; ask an admin for a clerk or manager role',
    'zh-CN': '您的角色只能查看，请联系管理员分配店员或店长角色',
  },
  own_document: {
    en: 'you cannot approve your own request; another approver must decide it',
    'zh-CN': '不能审批自己提交的单据，请由其他审批人处理',
  },
  already_decided: {
    en: 'you already decided a level of this document; another approver must decide the next',
    'zh-CN': '您已审批过该单据的一级，下一级需由其他审批人处理',
  },
  role_too_low: {
    en: 'this step needs a higher role than yours',
    'zh-CN': '此审批步骤需要更高的角色',
  },
};

/** Why a change cannot happen now, beyond the document's state. */
export const STATE_REASONS: Words = {
  stale_version: {
    en: 'The {entity} was changed by someone else since you read it (it is at version {version} now): refresh and try again.',
    'zh-CN': '该{entity}已被他人修改（当前版本 {version}），请刷新后重试。',
  },
  last_active_admin: {
    en: '{user} is the last active admin: make another user admin first.',
    'zh-CN': '{user} 是最后一个启用的管理员：请先将另一位用户设为管理员。',
  },
  cancelled_before_it_arrived: {
    en: 'The order was cancelled before it arrived: it is not held again; import it under a new order number if it is still wanted.',
    'zh-CN': '该订单在到达前已被取消，不会再次占用库存；如仍需要，请以新的订单号导入。',
  },
  part_of_document: {
    en: 'This movement belongs to a {document}: change the {document} instead of reversing the movement.',
    'zh-CN': '该库存流水属于{document}，不能单独冲销，请在{document}中处理。',
  },
};

/** Why a field's value was refused, where a service names it (`invalid_value` with a reason). */
export const ISSUE_REASONS: Words = {
  not_on_order: {
    en: '{sku} is not on this purchase order',
    'zh-CN': '{sku} 不在本采购单中',
  },
  not_on_transfer: { en: 'is not on this transfer', 'zh-CN': '不在本调拨单中' },
  not_in_transit: {
    en: 'nothing of it is in transit on this transfer',
    'zh-CN': '本调拨单中该商品没有在途数量',
  },
  sku_listed_twice: {
    en: 'an item is listed twice; give each item once',
    'zh-CN': '同一商品出现了两次，请每个商品只填写一行',
  },
  nothing_to_ship: {
    en: 'nothing to ship: give at least one line with a quantity',
    'zh-CN': '没有可发货的内容，请至少填写一行数量',
  },
  duplicate: { en: '"{duplicate}" is listed twice', 'zh-CN': '“{duplicate}”重复出现' },
};

/** Document and record states, and what the state means for the reader. */
export const STATES: Words = {
  draft: { en: 'a draft', 'zh-CN': '草稿' },
  open: { en: 'open', 'zh-CN': '进行中' },
  submitted: { en: 'submitted', 'zh-CN': '已提交' },
  pending: { en: 'pending', 'zh-CN': '待处理' },
  waiting: { en: 'waiting', 'zh-CN': '等待中' },
  pending_approval: { en: 'waiting for approval', 'zh-CN': '待审批' },
  loss_pending_approval: {
    en: 'waiting for approval of its write-off',
    'zh-CN': '报损待审批',
  },
  approved: { en: 'approved', 'zh-CN': '已批准' },
  in_transit: { en: 'in transit', 'zh-CN': '在途' },
  partially_received: { en: 'partly received', 'zh-CN': '部分收货' },
  received: { en: 'received', 'zh-CN': '已收货' },
  closed_with_discrepancy: { en: 'closed with a discrepancy', 'zh-CN': '已差异结案' },
  closed_short: {
    en: 'closed short (the rest will not come)',
    'zh-CN': '已短缺结案（余量不再到货）',
  },
  rejected: { en: 'rejected', 'zh-CN': '已驳回' },
  cancelled: { en: 'cancelled', 'zh-CN': '已取消' },
  posted: { en: 'posted', 'zh-CN': '已过账' },
  committed: { en: 'committed', 'zh-CN': '已出库' },
  released: { en: 'released', 'zh-CN': '已释放' },
  expired: { en: 'expired', 'zh-CN': '已过期' },
  settled: { en: 'already settled', 'zh-CN': '已处理' },
  acknowledged: { en: 'acknowledged', 'zh-CN': '已确认' },
  resolved: { en: 'resolved', 'zh-CN': '已恢复' },
  created: { en: 'created', 'zh-CN': '已创建' },
  held: { en: 'held (stock reserved)', 'zh-CN': '已占用库存' },
  shipped: { en: 'shipped', 'zh-CN': '已发货' },
  returned: { en: 'returned', 'zh-CN': '已退货' },
  paid: { en: 'paid', 'zh-CN': '已付款' },
  inspecting: { en: 'being inspected', 'zh-CN': '待检验' },
  inspected: { en: 'inspected', 'zh-CN': '已检验' },
  revoked: { en: 'revoked', 'zh-CN': '已吊销' },
  merged: { en: 'merged into another item', 'zh-CN': '已合并到其他商品' },
  lot_tracked: {
    en: 'lot-tracked (its lots cannot merge)',
    'zh-CN': '启用了批次管理（批次无法合并）',
  },
  in_use: {
    en: 'still on open documents or holds; finish them first',
    'zh-CN': '仍在未完成的单据或占用中，请先处理完',
  },
  holds_not_pending: {
    en: 'no longer holding its stock (someone settled it); refresh it',
    'zh-CN': '其库存占用已被处理，请刷新后查看',
  },
  is_reversal: { en: 'a reversal itself', 'zh-CN': '本身就是冲销记录' },
  reversed: { en: 'already reversed', 'zh-CN': '已被冲销' },
};

/** Entities and document kinds, as a message names them. */
export const ENTITIES: Words = {
  item: { en: 'item', 'zh-CN': '商品' },
  location: { en: 'location', 'zh-CN': '库位' },
  barcode: { en: 'barcode', 'zh-CN': '条码' },
  movement: { en: 'movement', 'zh-CN': '库存流水' },
  reservation: { en: 'reservation', 'zh-CN': '预留' },
  user: { en: 'user', 'zh-CN': '用户' },
  token: { en: 'token', 'zh-CN': '令牌' },
  transfer: { en: 'transfer', 'zh-CN': '调拨单' },
  purchase_order: { en: 'purchase order', 'zh-CN': '采购单' },
  stocktake: { en: 'stocktake', 'zh-CN': '盘点单' },
  stocktake_variance: { en: 'stocktake variance', 'zh-CN': '盘点差异' },
  credit_override: { en: 'credit limit override', 'zh-CN': '超信用额度' },
  transfer_loss: { en: 'transfer write-off', 'zh-CN': '调拨报损' },
  lot: { en: 'lot', 'zh-CN': '批次' },
  return: { en: 'return', 'zh-CN': '退货单' },
  channel: { en: 'channel', 'zh-CN': '销售渠道' },
  order: { en: 'order', 'zh-CN': '订单' },
  channel_order: { en: 'channel order', 'zh-CN': '渠道订单' },
  customer: { en: 'customer', 'zh-CN': '客户' },
  sales_order: { en: 'sales order', 'zh-CN': '销售单' },
  supplier: { en: 'supplier', 'zh-CN': '供应商' },
  alert: { en: 'alert', 'zh-CN': '提醒' },
  subscription: { en: 'subscription', 'zh-CN': '订阅' },
  alert_rule: { en: 'alert rule', 'zh-CN': '提醒规则' },
  link_code: { en: 'link code', 'zh-CN': '绑定代码' },
  route: { en: 'route', 'zh-CN': '接口' },
  settings: { en: 'shop settings', 'zh-CN': '店铺设置' },
  approval_policy: { en: 'approval policy', 'zh-CN': '审批策略' },
  forecast: { en: 'forecast', 'zh-CN': '预测' },
  listing: { en: 'listing', 'zh-CN': '渠道商品' },
  stock: { en: 'stock', 'zh-CN': '库存' },
};

/** Alert kinds. */
export const ALERT_KIND_WORDS: Words = {
  below_min: { en: 'below minimum', 'zh-CN': '低于安全库存' },
  above_max: { en: 'overstock', 'zh-CN': '库存积压' },
  zero_stock: { en: 'out of stock', 'zh-CN': '断货' },
  large_movement: { en: 'large movement', 'zh-CN': '大额出库' },
  day_outflow: { en: 'heavy day', 'zh-CN': '当日出库异常' },
  refused_postings: { en: 'refused sales', 'zh-CN': '缺货拒单' },
  expiring: { en: 'expiring soon', 'zh-CN': '即将过期' },
  expired: { en: 'expired', 'zh-CN': '已过期' },
};

/** Location kinds; the names of the system's own locations, and how a quarantine is called. */
export const LOCATION_KIND_WORDS: Words = {
  warehouse: { en: 'warehouse', 'zh-CN': '仓库' },
  store: { en: 'store', 'zh-CN': '门店' },
  supplier: { en: 'Suppliers', 'zh-CN': '供应商' },
  customer: { en: 'Customers', 'zh-CN': '客户' },
  adjustment: { en: 'Inventory adjustments', 'zh-CN': '库存调整' },
  transit: { en: 'In transit', 'zh-CN': '在途' },
  scrap: { en: 'Scrapped', 'zh-CN': '报废' },
  quarantine: { en: 'quarantine', 'zh-CN': '待检区' },
};

/** Movement types. */
export const MOVEMENT_TYPE_WORDS: Words = {
  receipt: { en: 'receipt', 'zh-CN': '入库' },
  issue: { en: 'issue', 'zh-CN': '出库' },
  adjustment: { en: 'adjustment', 'zh-CN': '库存调整' },
  move: { en: 'move', 'zh-CN': '移库' },
  scrap: { en: 'scrap', 'zh-CN': '报废' },
  return: { en: 'return', 'zh-CN': '退货' },
  reversal: { en: 'reversal', 'zh-CN': '冲销' },
  transfer_out: { en: 'transfer out', 'zh-CN': '调拨出库' },
  transfer_in: { en: 'transfer in', 'zh-CN': '调拨入库' },
  transfer_loss: { en: 'transfer loss', 'zh-CN': '调拨报损' },
  merge_out: { en: 'merge out', 'zh-CN': '合并转出' },
  merge_in: { en: 'merge in', 'zh-CN': '合并转入' },
  return_accept: { en: 'accepted return', 'zh-CN': '退货检验合格' },
};

/** Roles. */
export const ROLE_WORDS: Words = {
  admin: { en: 'admin', 'zh-CN': '管理员' },
  manager: { en: 'manager', 'zh-CN': '店长' },
  clerk: { en: 'clerk', 'zh-CN': '店员' },
  viewer: { en: 'viewer', 'zh-CN': '只读用户' },
};

/** Approval decisions. */
export const DECISION_WORDS: Words = {
  approved: { en: 'approved', 'zh-CN': '已批准' },
  rejected: { en: 'rejected', 'zh-CN': '已驳回' },
};

/** What a field's type should have been (zod's `expected`), with an example. */
export const TYPE_WORDS: Words = {
  number: { en: 'a number, e.g. 12', 'zh-CN': '数字，例如 12' },
  int: { en: 'a whole number, e.g. 12', 'zh-CN': '整数，例如 12' },
  string: { en: 'text', 'zh-CN': '文本' },
  boolean: { en: 'true or false', 'zh-CN': 'true 或 false' },
  object: { en: 'an object ({…})', 'zh-CN': '对象（{…}）' },
  array: { en: 'a list ([…])', 'zh-CN': '列表（[…]）' },
  date: { en: 'a date', 'zh-CN': '日期' },
  null: { en: 'null', 'zh-CN': 'null' },
  bigint: { en: 'a whole number', 'zh-CN': '整数' },
  record: { en: 'an object ({…})', 'zh-CN': '对象（{…}）' },
  never: { en: 'nothing (leave it out)', 'zh-CN': '空（请不要填写）' },
  undefined: { en: 'nothing (leave it out)', 'zh-CN': '空（请不要填写）' },
  nonoptional: { en: 'a value', 'zh-CN': '一个值' },
};

/** The expected form of a formatted text (zod's `format`), with an example. */
export const FORMAT_WORDS: Words = {
  regex: {
    en: 'text without control characters or surrounding spaces',
    'zh-CN': '不含控制字符、首尾无空格的文本',
  },
  date: { en: 'a day, e.g. 2026-03-31', 'zh-CN': '日期，例如 2026-03-31' },
  datetime: {
    en: 'a time with its offset, e.g. 2026-03-31T09:30:00+08:00',
    'zh-CN': '带时区的时间，例如 2026-03-31T09:30:00+08:00',
  },
  email: { en: 'an email address', 'zh-CN': '电子邮件地址' },
  url: { en: 'a web address (https://…)', 'zh-CN': '网址（https://…）' },
  uuid: { en: 'a UUID', 'zh-CN': 'UUID' },
  starts_with: { en: 'text with the required start', 'zh-CN': '以规定内容开头的文本' },
  ends_with: { en: 'text with the required end', 'zh-CN': '以规定内容结尾的文本' },
  includes: { en: 'text with the required part', 'zh-CN': '包含规定内容的文本' },
  time_zone: {
    en: 'an IANA time zone, e.g. Asia/Shanghai',
    'zh-CN': 'IANA 时区，例如 Asia/Shanghai',
  },
  currency: { en: 'an ISO 4217 currency, e.g. CNY', 'zh-CN': 'ISO 4217 货币代码，例如 CNY' },
};

/** A word for `key` from `words`, or a neutral fallback (never the raw code for zh-CN). */
export function word(words: Words, key: string, lang: Lang, fallback?: string): string {
  return words[key]?.[lang] ?? fallback ?? (lang === 'zh-CN' ? key.replace(/_/g, ' ') : key);
}

/** Every code each list must have words for: what the catalogue test walks. */
export const VOCABULARY_KEYS = {
  states: [
    ...TRANSFER_STATUSES,
    ...PURCHASE_ORDER_STATUSES,
    ...STOCKTAKE_STATUSES,
    ...RESERVATION_STATUSES,
    ...ALERT_STATUSES,
    'pending_approval',
    'shipped',
    'paid',
    'held',
    'returned',
    'inspecting',
    'inspected',
  ],
  documents: DOCUMENT_TYPES,
  movementTypes: POSTABLE_MOVEMENT_TYPES,
  alertKinds: ALERT_KINDS,
  locationKinds: [
    ...INTERNAL_LOCATION_KINDS,
    ...VIRTUAL_LOCATIONS.map((l) => l.kind),
    'quarantine',
  ],
} as const;
