import type { AddinLang } from '../i18n/strings.js';
import { t } from '../i18n/strings.js';
import { codeOf, isBlank, parseWholeNumber } from './cells.js';

/**
 * The "Stocktake" table ⇄ `GET /stocktakes/{id}` and `POST /stocktakes/{id}/counts`.
 * Counters type what is on the shelf in Counted; sending sets each line to that
 * figure (`mode: "set"`), so sending the sheet twice can never double a count.
 * Book is empty when the stocktake is blind and the user is a counter.
 */
export function stocktakeHeaders(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['SKU', '名称', '账面数', '实盘数', '差异', '状态']
    : ['SKU', 'Name', 'Book', 'Counted', 'Variance', 'Status'];
}
export const STOCKTAKE_COLUMNS = {
  sku: 0,
  name: 1,
  book: 2,
  counted: 3,
  variance: 4,
  status: 5,
} as const;

export interface StocktakeLine {
  sku: string;
  name: string;
  counted: number | null;
  book: number | null;
  variance: number | null;
}

/** The table's rows for a stocktake: its lines by sku, figures the caller may see. */
export function stocktakeRows(lines: readonly StocktakeLine[]): Array<Array<string | number>> {
  return lines.map((l) => [l.sku, l.name, l.book ?? '', l.counted ?? '', l.variance ?? '', '']);
}

/** The counts to send: every row with a number in Counted, as `set`. */
export function prepareCounts(
  values: readonly (readonly unknown[])[],
  text: readonly (readonly string[])[] | undefined,
  lang: AddinLang,
): {
  lines: Array<{ row: number; sku: string; quantity: number }>;
  problems: Array<{ row: number; message: string }>;
} {
  const c = STOCKTAKE_COLUMNS;
  const lines: Array<{ row: number; sku: string; quantity: number }> = [];
  const problems: Array<{ row: number; message: string }> = [];
  values.forEach((cells, row) => {
    if (isBlank(cells[c.counted])) return;
    const sku = codeOf(cells[c.sku], text?.[row]?.[c.sku]);
    const quantity = parseWholeNumber(cells[c.counted]);
    if (quantity === undefined || quantity < 0)
      problems.push({
        row,
        message: t('notACount', lang, { value: String(cells[c.counted] ?? '') }),
      });
    else if (!sku)
      problems.push({ row, message: lang === 'zh-CN' ? '请填写 SKU' : 'SKU is needed' });
    else lines.push({ row, sku, quantity });
  });
  return { lines, problems };
}
