import type { AddinLang } from '../i18n/strings.js';
import { codeOf, isBlank } from './cells.js';

/** The "Items" import table ⇄ `POST /items/batch`. */
export function itemHeaders(lang: AddinLang): string[] {
  return lang === 'zh-CN'
    ? ['SKU', '名称', '单位', '条码', '状态']
    : ['SKU', 'Name', 'Unit', 'Barcodes', 'Status'];
}

export interface ItemRows {
  rows: Array<{
    row: number;
    body: { sku: string; name: string; unit?: string; barcodes?: string[] };
  }>;
}

/**
 * One item per non-blank row. Barcodes are separated by commas (either width),
 * semicolons or new lines, and read from the displayed text so leading zeros stay.
 */
export function prepareItems(
  values: readonly (readonly unknown[])[],
  text: readonly (readonly string[])[] | undefined,
): ItemRows {
  const rows: ItemRows['rows'] = [];
  values.forEach((cells, row) => {
    if (cells.slice(0, 4).every(isBlank)) return;
    const at = (col: number) => codeOf(cells[col], text?.[row]?.[col]);
    const body: ItemRows['rows'][number]['body'] = { sku: at(0) ?? '', name: at(1) ?? '' };
    const unit = at(2);
    if (unit) body.unit = unit;
    const codes = (at(3) ?? '')
      .split(/[,，;；\n]/)
      .map((c) => c.trim())
      .filter(Boolean);
    if (codes.length > 0) body.barcodes = codes;
    rows.push({ row, body });
  });
  return { rows };
}

const STATUS = {
  created: { en: 'Created', 'zh-CN': '已新建' },
  updated: { en: 'Updated', 'zh-CN': '已更新' },
  unchanged: { en: 'Unchanged', 'zh-CN': '无变化' },
  valid: { en: 'OK (not saved: another row was refused)', 'zh-CN': '通过（未保存：其他行有错误）' },
} as const;

/** The status column, from the server's per-row results. */
export function itemStatuses(
  prepared: ItemRows,
  results: ReadonlyArray<{
    index: number;
    status: string;
    error?: { message: string; details?: unknown };
  }>,
  lang: AddinLang,
): Array<{ row: number; ok: boolean; status: string }> {
  return results.map((r) => {
    const row = prepared.rows[r.index]!.row;
    if (r.status === 'rejected') {
      const details = Array.isArray(r.error?.details)
        ? (r.error!.details as Array<{ message?: string }>)
        : [];
      return {
        row,
        ok: false,
        status:
          details
            .map((d) => d.message)
            .filter(Boolean)
            .join('; ') ||
          (r.error?.message ?? 'error'),
      };
    }
    return { row, ok: true, status: STATUS[r.status as keyof typeof STATUS]?.[lang] ?? r.status };
  });
}
