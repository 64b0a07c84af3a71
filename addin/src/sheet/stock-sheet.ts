import type { AddinLang } from '../i18n/strings.js';
import { cellText } from './cells.js';

/** A stock row as the add-in shows it (from `GET /stock` joined with items and rules). */
/** A row of GET /stock?withItem=true; name and min come only with withItem. */
export interface StockLine {
  sku: string;
  name?: string | undefined;
  location: string;
  onHand: number;
  reserved: number;
  available: number;
  min?: number | null | undefined;
}

export function stockHeaders(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['SKU', '名称', '库位', '现有', '已预留', '可用', '安全库存', '状态']
    : ['SKU', 'Name', 'Location', 'On hand', 'Reserved', 'Available', 'Min', 'Status'];
}

const STATUS = {
  low: { en: 'Below min', 'zh-CN': '低于安全库存' },
  out: { en: 'Out of stock', 'zh-CN': '缺货' },
  ok: { en: 'OK', 'zh-CN': '正常' },
} as const;

/**
 * The stock table's rows. Text from the ledger is written as text, never evaluated
 * (`cellText` escapes what looks like a formula). Returns the rows to highlight.
 */
export function stockRows(
  lines: readonly StockLine[],
  lang: AddinLang,
): { values: Array<Array<string | number>>; belowMin: number[] } {
  const belowMin: number[] = [];
  const values = lines.map((l, i) => {
    const low = l.min != null && l.available < l.min;
    if (low) belowMin.push(i);
    const status = l.onHand <= 0 ? STATUS.out[lang] : low ? STATUS.low[lang] : STATUS.ok[lang];
    return [
      cellText(l.sku),
      cellText(l.name ?? ''),
      cellText(l.location),
      l.onHand,
      l.reserved,
      l.available,
      l.min ?? '',
      status,
    ];
  });
  return { values, belowMin };
}

/**
 * Splits rows into the chunks written per `context.sync()`: at most `maxRows` rows
 * and about `maxBytes` of values each (Excel on the web refuses larger payloads).
 */
export function chunkRows<T>(
  rows: readonly T[],
  options: { maxRows?: number; maxBytes?: number } = {},
): T[][] {
  const maxRows = options.maxRows ?? 5000;
  const maxBytes = options.maxBytes ?? 4 * 1024 * 1024;
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const row of rows) {
    const size = JSON.stringify(row).length;
    if (current.length > 0 && (current.length >= maxRows || bytes + size > maxBytes)) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(row);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}
