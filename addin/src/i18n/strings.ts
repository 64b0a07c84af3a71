import { format } from '../../../core/i18n/language.js';
/** Every text the add-in shows, in English and Simplified Chinese (following Office's display language). */
export type AddinLang = 'en' | 'zh-CN';

export function addinLanguage(officeDisplayLanguage: string | undefined): AddinLang {
  return /^zh/i.test(officeDisplayLanguage ?? '') ? 'zh-CN' : 'en';
}

export const STRINGS = {
  title: { en: 'Inventory ledger', 'zh-CN': '库存台账' },
  serverUrl: { en: 'Server URL', 'zh-CN': '服务器地址' },
  token: { en: 'Personal token', 'zh-CN': '个人令牌' },
  signIn: { en: 'Sign in', 'zh-CN': '登录' },
  signOut: { en: 'Sign out', 'zh-CN': '退出' },
  signedInAs: {
    en: 'Signed in as {name} ({role}, {where})',
    'zh-CN': '已登录：{name}（{role}，{where}）',
  },
  roleAdmin: { en: 'admin', 'zh-CN': '管理员' },
  roleManager: { en: 'manager', 'zh-CN': '经理' },
  roleClerk: { en: 'clerk', 'zh-CN': '店员' },
  roleViewer: { en: 'read only', 'zh-CN': '只读' },
  allLocations: { en: 'all locations', 'zh-CN': '全部库位' },
  wrongToken: {
    en: 'The token was not accepted. Check it, or ask an admin for a new one.',
    'zh-CN': '令牌无效。请检查，或向管理员申请新令牌。',
  },
  unreachable: {
    en: 'Cannot reach the server at {url}. Check the address and your network.',
    'zh-CN': '无法连接服务器 {url}，请检查地址和网络。',
  },
  certificate: {
    en: 'The server certificate is not trusted or has expired ({url}).',
    'zh-CN': '服务器证书不受信任或已过期（{url}）。',
  },
  refreshStock: { en: 'Refresh stock', 'zh-CN': '刷新库存' },
  location: { en: 'Location', 'zh-CN': '库位' },
  skuFilter: { en: 'SKU contains', 'zh-CN': 'SKU 包含' },
  belowMinOnly: { en: 'Below min only', 'zh-CN': '仅显示低于安全库存' },
  cancel: { en: 'Cancel', 'zh-CN': '取消' },
  progress: { en: '{done} of {total} rows', 'zh-CN': '已完成 {done}/{total} 行' },
  check: { en: 'Check', 'zh-CN': '校验' },
  post: { en: 'Post', 'zh-CN': '过账' },
  ok: { en: 'OK', 'zh-CN': '通过' },
  posted: { en: 'Posted', 'zh-CN': '已过账' },
  alreadyPosted: { en: 'Posted earlier', 'zh-CN': '此前已过账' },
  notChecked: { en: 'Not posted: another row was refused', 'zh-CN': '未过账：其他行有错误' },
  unknownType: {
    en: 'Unknown type "{value}" (receipt, issue, adjustment, move, scrap)',
    'zh-CN': '未知类型“{value}”（收货、销售、调整、移库、报废）',
  },
  notANumber: { en: 'Quantity "{value}" is not a whole number', 'zh-CN': '数量“{value}”不是整数' },
  badDate: { en: 'Date "{value}" is not a date', 'zh-CN': '日期“{value}”无法识别' },
  importItems: { en: 'Import items', 'zh-CN': '导入商品' },
  requestTransfers: { en: 'Send transfer requests', 'zh-CN': '提交调拨申请' },
  stocktakeId: { en: 'Stocktake no.', 'zh-CN': '盘点单号' },
  openStocktake: { en: 'Open stocktake', 'zh-CN': '打开盘点单' },
  sendCounts: { en: 'Send counts', 'zh-CN': '提交盘点数' },
  stocktakeOpened: {
    en: 'Stocktake #{id} at {location}: {lines} lines ({status}). Type what is on the shelf in Counted.',
    'zh-CN': '盘点单 #{id}（{location}）：{lines} 行（{status}）。请在“实盘数”列填写实际数量。',
  },
  counted: { en: 'Counted', 'zh-CN': '已盘点' },
  notACount: {
    en: 'Count "{value}" must be a whole number, 0 or more',
    'zh-CN': '盘点数“{value}”应为 0 或正整数',
  },
  stocktakeIdNeeded: { en: 'Enter the stocktake number first.', 'zh-CN': '请先填写盘点单号。' },
  chart: { en: 'Chart the selected item (90 days)', 'zh-CN': '所选商品 90 天库存图' },
  chartDate: { en: 'Date', 'zh-CN': '日期' },
  chartOnHand: { en: 'On hand', 'zh-CN': '现有' },
  chartDemand: { en: 'Demand (sold + refused)', 'zh-CN': '需求（已售 + 缺货）' },
  chartForecast: { en: 'Forecast', 'zh-CN': '预测' },
  chartDemandTitle: {
    en: '{sku} @ {location}: demand and forecast',
    'zh-CN': '{sku} @ {location}：需求与预测',
  },
  linkTeams: { en: 'Link my Teams account', 'zh-CN': '绑定我的 Teams 账号' },
  linkCode: {
    en: 'Send the Teams bot: link {code}  (valid until {time})',
    'zh-CN': '在 Teams 中向机器人发送：绑定 {code}（{time} 前有效）',
  },
  selectStockRow: {
    en: 'Select a row of the Stock sheet first.',
    'zh-CN': '请先在库存表中选择一行。',
  },
  nothingToPost: { en: 'No rows to post.', 'zh-CN': '没有需要过账的行。' },
  summary: { en: '{ok} OK, {bad} with problems', 'zh-CN': '{ok} 行通过，{bad} 行有问题' },
  sendOpening: { en: 'Send opening stock', 'zh-CN': '提交期初库存' },
  skuAndLocationNeeded: { en: 'SKU and Location are needed', 'zh-CN': '请填写 SKU 和库位' },
  notACost: {
    en: 'Unit cost "{value}" is not an amount',
    'zh-CN': '单位成本“{value}”不是有效金额',
  },
  ledgerRestored: {
    en: 'The ledger was restored from a backup: stock, formulas and the open stocktake were read again. Rows posted after the backup may need posting again.',
    'zh-CN':
      '台账已从备份恢复：库存、公式和打开的盘点单已重新读取。备份之后过账的行可能需要重新过账。',
  },
  argSku: { en: 'SKU', 'zh-CN': 'SKU' },
  argLocation: { en: 'Location', 'zh-CN': '库位' },
  argFrom: { en: 'From (the first day)', 'zh-CN': '开始日期' },
  argTo: { en: 'To (the last day)', 'zh-CN': '结束日期' },
  argRange: {
    en: '{param}: give one cell, not a range (fill the formula down for more)',
    'zh-CN': '{param}：请引用一个单元格，不能是区域（多行请向下填充公式）',
  },
  argMissing: { en: '{param} is needed', 'zh-CN': '请填写{param}' },
  argNotADate: {
    en: '{param} is not a date (an Excel date or 2026-11-01)',
    'zh-CN': '{param}不是日期（Excel 日期或 2026-11-01 格式）',
  },
} as const;

export type StringKey = keyof typeof STRINGS;

export function t(
  key: StringKey,
  lang: AddinLang,
  params: Record<string, string | number> = {},
): string {
  return format(STRINGS[key][lang], params);
}

const ROLE_WORDS = {
  admin: 'roleAdmin',
  manager: 'roleManager',
  clerk: 'roleClerk',
  viewer: 'roleViewer',
} as const;

/**
 * Who is signed in, as the pane shows it: the name, the role in the user's language and
 * where they may write (`GET /me`).
 *
 * @example
 * whoLine({ name: '李娜', role: 'clerk', locations: ['S1'] }, 'zh-CN') // → '已登录：李娜（店员，S1）'
 */
export function whoLine(
  me: { name: string; role: string; locations: readonly string[] },
  lang: AddinLang,
): string {
  const word = ROLE_WORDS[me.role as keyof typeof ROLE_WORDS];
  const role = word ? t(word, lang) : me.role;
  const where =
    me.locations.length > 0
      ? me.locations.join(lang === 'zh-CN' ? '、' : ', ')
      : t('allLocations', lang);
  return t('signedInAs', lang, { name: me.name, role, where });
}
