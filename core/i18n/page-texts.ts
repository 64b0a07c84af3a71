import { format, type Lang } from './language.js';

/**
 * Every text of the pages this service serves to people (the approval page a chat
 * robot's link opens, the full-list pages cards link to), in both languages.
 * `tests/i18n/catalogues.test.ts` walks it.
 */
export const PAGE_TEXTS = {
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
  approvalRequested: { en: 'Approval requested', 'zh-CN': '审批请求' },
  fullList: { en: 'Every line', 'zh-CN': '全部明细' },
  status: { en: 'Status', 'zh-CN': '状态' },
  requestedBy: { en: 'Requested by', 'zh-CN': '申请人' },
  requestedAt: { en: 'Requested at', 'zh-CN': '申请时间' },
  supplier: { en: 'Supplier', 'zh-CN': '供应商' },
  customer: { en: 'Customer', 'zh-CN': '客户' },
  from: { en: 'From', 'zh-CN': '调出' },
  to: { en: 'To', 'zh-CN': '调入' },
  location: { en: 'Location', 'zh-CN': '库位' },
  value: { en: 'Value', 'zh-CN': '金额' },
  differenceValue: { en: 'Value of the difference (net)', 'zh-CN': '差异金额（净额）' },
  absoluteValue: {
    en: 'Value of the differences (either sign)',
    'zh-CN': '差异金额（不计正负）',
  },
  creditLeft: { en: 'Credit left before this order', 'zh-CN': '本单前剩余额度' },
  noCreditLimit: { en: 'no limit', 'zh-CN': '无额度限制' },
  lines: { en: 'Lines ({count})', 'zh-CN': '明细（{count} 行）' },
  item: { en: 'Item', 'zh-CN': '商品' },
  quantity: { en: 'Quantity', 'zh-CN': '数量' },
  difference: { en: 'Difference', 'zh-CN': '差异' },
  counted: { en: 'Counted', 'zh-CN': '实盘' },
  book: { en: 'Book', 'zh-CN': '账面' },
  availableAt: { en: 'Available at {location}', 'zh-CN': '{location} 可用' },
  unitCost: { en: 'Unit cost', 'zh-CN': '单位成本' },
  unitPrice: { en: 'Unit price', 'zh-CN': '单价' },
  reason: { en: 'Reason', 'zh-CN': '原因' },
  lost: { en: 'lost', 'zh-CN': '丢失' },
  damaged: { en: 'damaged', 'zh-CN': '损坏' },
  approvals: { en: 'Approvals', 'zh-CN': '审批流程' },
  step: { en: 'Level {level}: {role}', 'zh-CN': '第 {level} 级：{role}' },
  stepDecided: { en: '{decision} by {by} at {at}', 'zh-CN': '{by} 于 {at} {decision}' },
  comment: { en: 'Comment (optional)', 'zh-CN': '备注（可选）' },
  credential: { en: 'Your personal token', 'zh-CN': '您的个人令牌' },
  credentialHelp: {
    en: 'A group chat does not know who clicked its link, so tell the ledger who decides: paste the personal token you sign in to the Excel add-in with. It is checked, not stored on this page.',
    'zh-CN':
      '群聊不知道是谁点开了链接，请用您的个人令牌（登录 Excel 加载项所用的令牌）确认审批人身份。令牌只用于核验，不会保存在本页面。',
  },
  approve: { en: 'Approve', 'zh-CN': '批准' },
  reject: { en: 'Reject', 'zh-CN': '驳回' },
  decidedNow: {
    en: 'Done: {decision} by {by}. This link cannot be used again.',
    'zh-CN': '已完成：{by} {decision}。此链接不能再次使用。',
  },
  notWaiting: {
    en: 'This document is no longer waiting for a decision (it is {status}).',
    'zh-CN': '此单据已不再等待审批（当前状态：{status}）。',
  },
  linkUnknown: {
    en: 'This link is not valid. Check that it was copied whole, or open the document in Teams or Excel.',
    'zh-CN': '此链接无效。请确认链接完整，或在 Teams 或 Excel 中打开单据。',
  },
  linkExpired: {
    en: 'This link expired at {at}. Open the document in Teams or Excel to decide it.',
    'zh-CN': '此链接已于 {at} 过期。请在 Teams 或 Excel 中打开单据进行审批。',
  },
  linkUsed: {
    en: 'This link has already been used: {decision} by {by} at {at}.',
    'zh-CN': '此链接已被使用：{by} 于 {at} {decision}。',
  },
  linkRevoked: {
    en: 'This document has been decided elsewhere or no longer waits for approval, so this link no longer works.',
    'zh-CN': '此单据已在其他地方处理或不再等待审批，此链接已失效。',
  },
  stale: {
    en: 'This document changed since this page was opened. Reload the page to see it as it is now, then decide.',
    'zh-CN': '打开本页后单据已被修改。请刷新页面查看最新内容后再审批。',
  },
  pageOutdated: {
    en: 'This page is out of date: the link was opened again in another window. Reload the page.',
    'zh-CN': '本页面已过期：该链接已在其他窗口中重新打开。请刷新页面。',
  },
  badCredential: {
    en: 'That token is not valid (or its account is deactivated). Paste your own personal token.',
    'zh-CN': '令牌无效（或账号已停用）。请粘贴您本人的个人令牌。',
  },
  crossSite: {
    en: 'This form was sent from another site and was refused.',
    'zh-CN': '该表单来自其他网站，已拒绝。',
  },
  reload: { en: 'Reload', 'zh-CN': '刷新' },
  otherLanguage: { en: '中文', 'zh-CN': 'English' },
  stockOf: { en: 'Stock of {item}', 'zh-CN': '{item} 的库存' },
  onHand: { en: 'On hand', 'zh-CN': '现有' },
  reserved: { en: 'Reserved', 'zh-CN': '已预留' },
  available: { en: 'Available', 'zh-CN': '可用' },
  total: { en: 'Total', 'zh-CN': '合计' },
  asOf: { en: 'As of {at}', 'zh-CN': '截至 {at}' },
  noStock: { en: 'No stock of this item anywhere.', 'zh-CN': '任何库位都没有该商品的库存。' },
  notFound: { en: 'There is no such document.', 'zh-CN': '没有这张单据。' },
  decideLink: { en: 'Approve or reject', 'zh-CN': '审批（批准或驳回）' },
} as const satisfies Record<string, Record<Lang, string>>;

export type PageTextKey = keyof typeof PAGE_TEXTS;

/** A page text in `lang` with its `{placeholders}` filled. */
export function pageText(
  key: PageTextKey,
  lang: Lang,
  params: Record<string, string | number> = {},
): string {
  return format(PAGE_TEXTS[key][lang], params);
}
