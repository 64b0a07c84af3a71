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
    en: 'Unknown type "{value}" (receipt, issue, adjustment, move, scrap, return)',
    'zh-CN': '未知类型“{value}”（收货、销售、调整、移库、报废、退货）',
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
  sheetMovements: { en: 'Movements', 'zh-CN': '出入库' },
  sheetItems: { en: 'Items', 'zh-CN': '商品' },
  sheetTransfers: { en: 'Transfer request', 'zh-CN': '调拨申请' },
  sheetOpening: { en: 'Opening stock', 'zh-CN': '期初库存' },
  hintMovements: {
    en: 'One row per movement: Type (from the list), SKU or barcode, Quantity, Location (From and To for a move). Then Check, and Post. Row 2 is an example: type your rows in the table below it.',
    'zh-CN':
      '每行一笔：类型（下拉选择）、SKU 或条码、数量、库位（移库填调出和调入）。然后校验并过账。第 2 行是示例，请在其下方的表格中录入。',
  },
  hintItems: {
    en: 'One row per item: SKU, Name, Unit, Barcodes (separated by commas). Then Import items. Row 2 is an example: type your rows in the table below it.',
    'zh-CN':
      '每行一个商品：SKU、名称、单位、条码（多个用逗号分隔）。然后导入商品。第 2 行是示例，请在其下方的表格中录入。',
  },
  hintTransfers: {
    en: 'One row per item to move: From, To (location codes from the list), SKU, Quantity, a note. Then Send transfer requests: one transfer per From and To. Row 2 is an example.',
    'zh-CN':
      '每行一个调拨商品：调出、调入（从列表选择库位代码）、SKU、数量、备注。然后提交调拨申请：每对调出/调入生成一张调拨单。第 2 行是示例。',
  },
  hintOpening: {
    en: 'One row per item and location: SKU, Location, Quantity, Unit cost (lot and expiry for lot-tracked items). Then Send opening stock. Row 2 is an example.',
    'zh-CN':
      '每个商品和库位一行：SKU、库位、数量、单位成本（批次管理的商品填批次和有效期）。然后提交期初库存。第 2 行是示例。',
  },
  sheetCreated: {
    en: 'The {sheet} sheet is ready. {hint}',
    'zh-CN': '已新建“{sheet}”工作表。{hint}',
  },
  sheetExists: {
    en: 'The {sheet} sheet is already there: it is shown.',
    'zh-CN': '“{sheet}”工作表已存在，已切换到该表。',
  },
  emptySheet: {
    en: 'The {sheet} table has no rows yet. {hint}',
    'zh-CN': '“{sheet}”表格中还没有行。{hint}',
  },
  newMovementsSheet: { en: 'New Movements sheet', 'zh-CN': '新建出入库表' },
  newItemsSheet: { en: 'New Items sheet', 'zh-CN': '新建商品表' },
  newTransfersSheet: { en: 'New Transfer request sheet', 'zh-CN': '新建调拨申请表' },
  newOpeningSheet: { en: 'New Opening stock sheet', 'zh-CN': '新建期初库存表' },
  listTypes: { en: 'Types', 'zh-CN': '类型' },
  listLocations: { en: 'Location codes', 'zh-CN': '库位代码' },
  listSkus: { en: 'SKUs', 'zh-CN': 'SKU' },
  listAlertTitle: { en: 'Not in the list', 'zh-CN': '不在列表中' },
  listAlertMessage: {
    en: 'Choose from the list (types, and the locations and items in the ledger).',
    'zh-CN': '请从列表中选择（类型，以及台账中的库位和商品）。',
  },
  exampleReference: { en: 'example', 'zh-CN': '示例' },
  exampleItemName: { en: 'Green tea 250 g', 'zh-CN': '绿茶 250 克' },
  exampleUnit: { en: 'box', 'zh-CN': '盒' },
  exampleNote: { en: 'for the weekend', 'zh-CN': '周末备货' },
  checkSummary: { en: '{ok} OK, {refused} refused', 'zh-CN': '{ok} 行通过，{refused} 行被拒' },
  postSummary: {
    en: '{posted} posted, {replayed} posted earlier',
    'zh-CN': '已过账 {posted} 行，此前已过账 {replayed} 行',
  },
  postRefused: {
    en: 'Nothing posted: {refused} refused, {held} more wait for them. Fix the marked rows and Post again.',
    'zh-CN': '未过账：{refused} 行被拒，另有 {held} 行等待。请修改标出的行后重新过账。',
  },
  stockMoved: {
    en: 'Stock moved since Check: available now {available}.',
    'zh-CN': '校验后库存已变动：当前可用 {available}。',
  },
  waiting: {
    en: 'Not sent: the server could not be reached. It goes with the next Post (its key is kept).',
    'zh-CN': '未发送：无法连接服务器。下次过账时会一并发送（已保留幂等键）。',
  },
  notSentOffline: {
    en: '{rows} rows were not sent; they stay in the sheet with their keys and go with the next Post, once.',
    'zh-CN': '{rows} 行未发送，已连同幂等键保留在表中，下次过账时发送且只过账一次。',
  },
  notCheckedOffline: {
    en: '{rows} rows were not checked.',
    'zh-CN': '{rows} 行未校验。',
  },
  problemRow: { en: 'Row {row}: {message}', 'zh-CN': '第 {row} 行：{message}' },
  goToRow: { en: 'Go to row', 'zh-CN': '转到该行' },
  moreProblems: { en: 'and {count} more rows', 'zh-CN': '另有 {count} 行' },
  openStocktakeFirst: {
    en: 'Open a stocktake first: type its number and Open stocktake.',
    'zh-CN': '请先打开盘点单：填写单号后点“打开盘点单”。',
  },
  noCounts: {
    en: 'No counts yet: type what is on the shelf in Counted, then Send counts.',
    'zh-CN': '还没有盘点数：请在“实盘数”列填写实际数量，然后提交盘点数。',
  },
  sectionStock: { en: 'Stock', 'zh-CN': '库存' },
  sectionMovements: { en: 'Movements', 'zh-CN': '出入库' },
  sectionSheets: { en: 'Items, transfers, opening stock', 'zh-CN': '商品、调拨、期初库存' },
  sectionStocktake: { en: 'Stocktake', 'zh-CN': '盘点' },
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
