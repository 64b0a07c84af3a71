import { RESULT_CODES, type Issue, type ResultCode } from '../domain/codes.js';
import { format, type Lang } from './language.js';
import { type MessageContext, readableParams } from './render.js';
import { FORBIDDEN_REASONS, ISSUE_REASONS, STATE_REASONS, STATES, word } from './vocabulary.js';

type Catalog = Record<string, Record<Lang, string>>;

/** One message per result code, in every language. Placeholders come from the error's params. */
const ERRORS: Record<ResultCode, Record<Lang, string>> = {
  invalid_json: {
    en: 'The request body is not valid JSON ({reason}).',
    'zh-CN': '请求内容不是有效的 JSON（{reason}）。',
  },
  payload_too_large: {
    en: 'The request body is larger than {limit} bytes.',
    'zh-CN': '请求内容超过 {limit} 字节的上限。',
  },
  validation_failed: {
    en: 'The request has {count} problem(s); see details.',
    'zh-CN': '请求有 {count} 处问题，详见 details。',
  },
  unauthenticated: {
    en: 'Sign in with a valid token (Authorization: Bearer <token>).',
    'zh-CN': '请使用有效的令牌登录（Authorization: Bearer <令牌>）。',
  },
  forbidden: {
    en: 'You are not allowed to do this: {reason}.',
    'zh-CN': '您无权执行此操作：{reason}。',
  },
  not_found: { en: 'No {entity} "{key}" exists.', 'zh-CN': '{entity}“{key}”不存在。' },
  already_exists: {
    en: 'The {entity} "{key}" already exists.',
    'zh-CN': '{entity}“{key}”已存在。',
  },
  idempotency_key_reused: {
    en: 'The Idempotency-Key "{key}" was already used for a different request.',
    'zh-CN': '幂等键“{key}”已用于另一个不同的请求。',
  },
  invalid_state: {
    en: 'The {entity} cannot change now: it is {status}. Refresh it to see where it stands.',
    'zh-CN': '该{entity}当前为“{status}”，无法执行此操作；请刷新查看最新状态。',
  },
  already_returned: {
    en: 'Movement {movement} cannot be reversed: {returned} of its {sold} {sku} came back by return(s) {returns}; return the rest of the sale instead.',
    'zh-CN':
      '流水 {movement} 不能冲销：该笔 {sold} 件 {sku} 中已有 {returned} 件通过退货单 {returns} 退回；请改为对剩余数量办理退货。',
  },
  insufficient_stock: {
    en: 'Not enough stock of {sku} at {location}: {requested} requested, {available} available.',
    'zh-CN': '{location} 的 {sku} 库存不足：需要 {requested}，可用 {available}。',
  },
  lot_expired: {
    en: 'Lot {lot} of {sku} at {location} expired ({expiresOn}): it cannot be issued; scrap it instead.',
    'zh-CN': '{location} 的 {sku} 批次 {lot} 已过期（{expiresOn}），不能出库，只能报废。',
  },
  location_quarantined: {
    en: '{location} is a quarantine: its stock of {sku} waits for inspection and cannot be held, issued, moved or transferred; inspect the return or adjust it instead.',
    'zh-CN':
      '{location} 是隔离区：其中的 {sku} 正在等待检验，不能预留、出库、移库或调拨；请先检验退货或做库存调整。',
  },
  quantity_limit_exceeded: {
    en: 'This would take a stock figure beyond what the ledger can hold.',
    'zh-CN': '此操作会使库存数量超出系统可记录的范围。',
  },
  batch_rejected: {
    en: 'Nothing was posted: {rejected} row(s) were refused; see details.results.',
    'zh-CN': '未过账任何记录：有 {rejected} 行被拒绝，详见 details.results。',
  },
  busy: { en: 'The ledger is busy; try again in a moment.', 'zh-CN': '系统繁忙，请稍后重试。' },
  internal_error: {
    en: 'Something went wrong on the server (request {requestId}).',
    'zh-CN': '服务器内部错误（请求编号 {requestId}）。',
  },
};

const ISSUES: Catalog = {
  required: { en: 'is required', 'zh-CN': '为必填项' },
  invalid_type: { en: 'must be {expected}', 'zh-CN': '应为{expected}' },
  too_small: { en: 'must be at least {minimum}', 'zh-CN': '不能小于 {minimum}' },
  'too_small:string': {
    en: 'must have at least {minimum} character(s)',
    'zh-CN': '至少需要 {minimum} 个字符',
  },
  'too_small:array': { en: 'must list at least {minimum}', 'zh-CN': '至少需要 {minimum} 项' },
  too_big: { en: 'must be at most {maximum}', 'zh-CN': '不能大于 {maximum}' },
  'too_big:string': {
    en: 'must have at most {maximum} characters',
    'zh-CN': '不能超过 {maximum} 个字符',
  },
  'too_big:array': { en: 'may list at most {maximum}', 'zh-CN': '最多 {maximum} 项' },
  invalid_format: { en: 'must be {format}', 'zh-CN': '格式无效，应为{format}' },
  invalid_value: { en: 'has an invalid value', 'zh-CN': '取值无效' },
  'invalid_value:allowed': {
    en: 'must be one of: {allowed}',
    'zh-CN': '取值无效，可选值：{allowed}',
  },
  'invalid_type:quantity': {
    en: 'must be a whole number, e.g. 12 (not {given})',
    'zh-CN': '数量应为整数，例如 12（而不是 {given}）',
  },
  unrecognized_keys: { en: 'is not a known field', 'zh-CN': '不是可识别的字段' },
  quantity_must_be_positive: { en: 'must be a positive whole number', 'zh-CN': '必须为正整数' },
  quantity_must_not_be_zero: { en: 'must not be zero', 'zh-CN': '不能为零' },
  quantity_too_large: { en: 'is larger than {max}', 'zh-CN': '超过上限 {max}' },
  locations_must_be_different: {
    en: 'must differ from the source location ({location})',
    'zh-CN': '不能与来源库位（{location}）相同',
  },
  location_must_be_internal: {
    en: 'must be a store or warehouse, not a system location',
    'zh-CN': '必须是门店或仓库，不能是系统库位',
  },
  field_not_allowed: {
    en: 'is not used by a {type} movement: leave it out',
    'zh-CN': '{type}类型的流水不使用此字段，请不要填写',
  },
  fields_disagree: { en: 'names a different value than {field}', 'zh-CN': '与 {field} 的值不一致' },
  sku_or_barcode_required: {
    en: 'give a sku or a barcode (one of them)',
    'zh-CN': '请填写 SKU 或条码（二选一）',
  },
  fields_exclusive: {
    en: 'cannot be given together with {field}',
    'zh-CN': '不能与 {field} 同时填写',
  },
  requires_field: { en: 'needs {field} as well', 'zh-CN': '需要同时填写 {field}' },
  unknown_sku: { en: 'no item has the sku "{sku}"', 'zh-CN': '没有 SKU 为“{sku}”的商品' },
  unknown_barcode: {
    en: 'no item has the barcode "{barcode}"',
    'zh-CN': '没有条码为“{barcode}”的商品',
  },
  not_in_stocktake: {
    en: "{sku} is not on this stocktake's list",
    'zh-CN': '{sku} 不在本次盘点的清单中',
  },
  count_below_zero: {
    en: 'would take the count of {sku} below 0 (counted so far: {counted})',
    'zh-CN': '会使 {sku} 的盘点数小于 0（目前已盘 {counted}）',
  },
  nothing_to_count: {
    en: 'every item here was counted in the last {days} day(s); nothing to count',
    'zh-CN': '此处所有商品在最近 {days} 天内都已盘点，没有需要盘点的商品',
  },
  nothing_counted: { en: 'nothing has been counted yet', 'zh-CN': '尚未盘点任何商品' },
  uncounted_lines: {
    en: '{count} item(s) are not counted ({skus}); say "zero" (not on the shelf) or "skip" (keep their book)',
    'zh-CN': '有 {count} 个商品未盘点（{skus}）；请指定 "zero"（按零处理）或 "skip"（保持账面数）',
  },
  item_not_lot_tracked: {
    en: '{sku} is not lot-tracked: give no lot',
    'zh-CN': '{sku} 未启用批次管理，请勿填写批次',
  },
  lot_required: {
    en: '{sku} is lot-tracked: give a lot and its expiry date',
    'zh-CN': '{sku} 启用了批次管理，请填写批次号和有效期',
  },
  lot_expiry_mismatch: {
    en: 'lot {lot} of {sku} expires on {expiresOn}, not {given}',
    'zh-CN': '{sku} 的批次 {lot} 有效期为 {expiresOn}，而不是 {given}',
  },
  lot_tracking_locked: {
    en: 'lot tracking of {sku} can change only while it has never moved',
    'zh-CN': '{sku} 只有在从未有过流水时才能更改批次管理设置',
  },
  not_a_sale_of_item: {
    en: 'movement {movement} is not a sale of {sku}',
    'zh-CN': '流水 {movement} 不是 {sku} 的销售出库',
  },
  more_than_sold: {
    en: 'more of {sku} than was sold there and is still out ({sold} sold, {returned} already returned, {reversed} reversed)',
    'zh-CN':
      '{sku} 的退货数量超过该笔销售尚未退回的数量（售出 {sold}，已退 {returned}，已冲销 {reversed}）',
  },
  occurred_in_future: {
    en: 'is {minutes} minute(s) ahead of the server clock ({now}); at most {tolerance} minute(s) ahead are accepted',
    'zh-CN': '比服务器时间（{now}）晚 {minutes} 分钟，最多只能提前 {tolerance} 分钟',
  },
  unknown_listing: {
    en: 'no listing has the product code "{productCode}" on this channel',
    'zh-CN': '本渠道没有商品编码为“{productCode}”的商品',
  },
  unknown_location: { en: 'no location "{location}" exists', 'zh-CN': '库位“{location}”不存在' },
  unknown_lot: { en: 'no lot "{lot}" exists', 'zh-CN': '批次“{lot}”不存在' },
  sku_or_parts_required: {
    en: 'give a sku or bundle parts (one of them)',
    'zh-CN': '请填写 SKU 或组合商品明细（二选一）',
  },
  csv_mapping_missing: {
    en: 'channel {channel} has no CSV mapping yet (PUT /channels/{channel}/csv-mapping)',
    'zh-CN': '渠道 {channel} 尚未设置 CSV 列对应关系（PUT /channels/{channel}/csv-mapping）',
  },
  csv_column_missing: {
    en: 'the file has no column "{column}"',
    'zh-CN': '文件中没有“{column}”列',
  },
  csv_status_unknown: {
    en: 'status "{status}" is not in the mapping',
    'zh-CN': '状态“{status}”不在对应关系中',
  },
  more_than_ordered: {
    en: 'more of {sku} than ordered: {ordered} ordered, {received} received, at most {maximum} more (over-receipt tolerance {tolerancePercent} %)',
    'zh-CN':
      '{sku} 超出订购数量：订购 {ordered}，已收 {received}，最多还可收 {maximum}（允许超收 {tolerancePercent}%）',
  },
  replenishment_cycle: {
    en: 'would make {location} replenish from itself ({chain})',
    'zh-CN': '会使 {location} 循环地从自身补货（{chain}）',
  },
  csv_header_unrecognised: {
    en: "the header matches none of the mapping's columns (it starts: {header}); the file may not be {encoding}: marketplace exports are often GBK, so send the file's bytes as csvBase64 (or set the mapping's encoding), or correct the column names in the mapping",
    'zh-CN':
      '表头与列对应关系中的列都不匹配（表头开头为：{header}）；文件编码可能不是 {encoding}：淘宝、京东、拼多多的导出文件多为 GBK 编码，请以 csvBase64 上传原始文件（或在对应关系中设置编码），或修改对应关系中的列名',
  },
  rule_sets_nothing: {
    en: 'the rule sets nothing; give at least one figure (min, max, expiryDays, …), or delete the rule with DELETE /alert-rules',
    'zh-CN':
      '该规则没有设置任何内容；请至少填写一项（min、max、expiryDays 等），或用 DELETE /alert-rules 删除规则',
  },
  order_id_mangled: {
    en: 'the order number "{value}" was turned into scientific notation by Excel and its digits are lost; export the column as text (or open the file with the column as Text) and import again',
    'zh-CN':
      '订单号“{value}”已被 Excel 转成科学计数法，末尾数字已丢失；请将该列以文本格式导出（或导入 Excel 时把该列设为“文本”）后重新导入',
  },
  product_code_mangled: {
    en: 'the product code "{value}" was turned into scientific notation by Excel and its digits are lost; export the column as text and import again',
    'zh-CN':
      '商品编码“{value}”已被 Excel 转成科学计数法，数字已丢失；请将该列以文本格式导出后重新导入',
  },
  amount_too_large: {
    en: 'comes to more than {max}, the largest amount the ledger keeps exactly',
    'zh-CN': '金额超过系统可精确记录的上限 {max}',
  },
  at_most_4_decimals: { en: 'may have at most 4 decimals', 'zh-CN': '最多保留 4 位小数' },
  unknown_time_zone: {
    en: '"{value}" is not a time zone; give an IANA time zone name, e.g. "{example}"',
    'zh-CN': '“{value}”不是有效的时区；请填写 IANA 时区名称，例如“{example}”',
  },
  unknown_currency: {
    en: '"{value}" is not a currency; give an ISO 4217 code, e.g. "{example}"',
    'zh-CN': '“{value}”不是有效的币种；请填写 ISO 4217 币种代码，例如“{example}”',
  },
  not_on_return: { en: '{sku} is not on this return', 'zh-CN': '{sku} 不在本退货单中' },
  merge_into_itself: { en: 'cannot merge {sku} into itself', 'zh-CN': '不能将 {sku} 合并到它自己' },
  only_for_stocktake_variance: {
    en: 'is used only by the stocktake variance policy',
    'zh-CN': '仅适用于盘点差异审批策略',
  },
};

/** Added to a message whose params carry a `suggestion` (an sku in another case). */
const SUGGESTION: Record<Lang, string> = {
  en: ' Did you mean {suggestion}?',
  'zh-CN': '您是不是要找 {suggestion}？',
};
const SUGGESTION_IN_ISSUE: Record<Lang, string> = {
  en: ' (did you mean {suggestion}?)',
  'zh-CN': '，您是不是要找 {suggestion}？',
};

/** A document state in the reader's language. */
export function statusLabel(status: string, lang: Lang): string {
  return word(STATES, status, lang);
}

/** The template for a result code: a reason of its own when it has one (a stale version). */
function errorTemplate(code: ResultCode, params: Record<string, unknown>, lang: Lang): string {
  const reason = typeof params['reason'] === 'string' ? params['reason'] : undefined;
  if (code === 'invalid_state' && reason && STATE_REASONS[reason])
    return STATE_REASONS[reason]![lang];
  if (code === 'lot_expired' && reason === 'at_receipt') return LOT_EXPIRED_AT_RECEIPT[lang];
  return ERRORS[code][lang];
}

/** `lot_expired` of a lot on its way in (a receipt, a purchase order, opening stock). */
const LOT_EXPIRED_AT_RECEIPT: Record<Lang, string> = {
  en: 'lot {lot} of {sku} expired on {expiresOn}: it is not received; a manager may send acceptExpired: true to receive it for scrapping',
  'zh-CN':
    '{sku} 的批次 {lot} 已于 {expiresOn} 过期，不能入库；如需入库后报废，请由经理发送 acceptExpired: true',
};

export function errorMessage(
  code: ResultCode,
  params: Record<string, unknown>,
  lang: Lang,
  context: MessageContext = {},
): string {
  const readable = readableParams(params, lang, context);
  const reason = typeof params['reason'] === 'string' ? params['reason'] : undefined;
  if (code === 'forbidden' && reason) readable['reason'] = word(FORBIDDEN_REASONS, reason, lang);
  let text = format(errorTemplate(code, params, lang), readable);
  if (typeof params['suggestion'] === 'string') text += format(SUGGESTION[lang], readable);
  return text;
}

/** The template for an issue: by its code, refined by what its params say (a string's length, a reason). */
function issueTemplate(issue: Issue, lang: Lang): string | undefined {
  const params = issue.params ?? {};
  const reason = typeof params['reason'] === 'string' ? params['reason'] : undefined;
  if (issue.code === 'invalid_value' && reason && ISSUE_REASONS[reason])
    return ISSUE_REASONS[reason]![lang];
  if (issue.code === 'invalid_value' && params['duplicate'] !== undefined)
    return ISSUE_REASONS['duplicate']![lang];
  if (issue.code === 'invalid_value' && params['allowed'])
    return ISSUES['invalid_value:allowed']![lang];
  const refined = ISSUES[`${issue.code}:${String(params['origin'])}`];
  return (refined ?? ISSUES[issue.code])?.[lang];
}

/** `quantity: must be a positive whole number` — the field first, as a person scans it. */
export function issueMessage(issue: Issue, lang: Lang, context: MessageContext = {}): string {
  const params = issue.params ?? {};
  const template = issueTemplate(issue, lang);
  // A refusal listed among other problems (insufficient_stock, lot_expired, …) reads as its own message.
  let text: string;
  if (template) {
    const readable = readableParams(params, lang, context);
    text = format(template, readable);
    if (typeof params['suggestion'] === 'string')
      text += format(SUGGESTION_IN_ISSUE[lang], readable);
  } else if ((RESULT_CODES as readonly string[]).includes(issue.code)) {
    text = errorMessage(issue.code as ResultCode, params, lang, context);
  } else {
    text = ISSUES['invalid_value']![lang];
  }
  return issue.path ? `${issue.path}: ${text}` : text;
}

/** Every issue template's key (the catalogue test renders each in both languages). */
export const ISSUE_TEMPLATE_KEYS = Object.keys(ISSUES);
/** The templates themselves, for the catalogue test. */
export const ERROR_TEMPLATES: Record<string, Record<Lang, string>> = {
  ...ERRORS,
  ...ISSUES,
  ...STATE_REASONS,
  ...ISSUE_REASONS,
  suggestion: SUGGESTION,
  suggestionInIssue: SUGGESTION_IN_ISSUE,
  lotExpiredAtReceipt: LOT_EXPIRED_AT_RECEIPT,
};
