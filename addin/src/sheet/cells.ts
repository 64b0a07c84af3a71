/**
 * Reading and writing cell values. Pure: Office.js is not touched here.
 *
 * Excel gives dates as serial numbers (days since 1899-12-30, the fraction is the time
 * of day, in the workbook's local time), numbers typed as text as strings, and empty
 * cells as "". Codes that look numeric (barcodes, skus) must be read from the cell's
 * displayed text, or leading zeros are lost.
 */
export { cellText } from '../../../core/domain/spreadsheet.js';

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

export function isBlank(value: unknown): boolean {
  return (
    value === null || value === undefined || (typeof value === 'string' && value.trim() === '')
  );
}

/**
 * An Excel date cell (serial number, or text such as `2026-11-01 09:30` or
 * `2026/11/1`) as an ISO-8601 UTC instant, reading it in the user's time zone
 * (`timezoneOffsetMinutes` as `Date#getTimezoneOffset` gives it: −480 for UTC+8).
 */
export function excelDateToIso(value: unknown, timezoneOffsetMinutes: number): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) {
    const local = EXCEL_EPOCH_MS + Math.round(value * DAY_MS);
    return new Date(local + timezoneOffsetMinutes * 60_000).toISOString();
  }
  if (typeof value === 'string') {
    const m =
      /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?\s*$/.exec(
        value,
      );
    if (!m) return undefined;
    const [, y, mo, d, h = '0', mi = '0', s = '0'] = m;
    const local = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
    const date = new Date(local + timezoneOffsetMinutes * 60_000);
    return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
  }
  return undefined;
}

/** An ISO instant as an Excel serial in the user's time zone (for writing dates). */
export function isoToExcelDate(iso: string, timezoneOffsetMinutes: number): number {
  return (Date.parse(iso) - timezoneOffsetMinutes * 60_000 - EXCEL_EPOCH_MS) / DAY_MS;
}

/** A whole number from a number cell or text typed as one (`" 12 "`, `"1,200"`, `"12.0"`, `"１２"`). */
export function parseWholeNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value
    .trim()
    .replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[,，\s]/g, '');
  if (!/^[+-]?\d+(\.0+)?$/.test(text)) return undefined;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** A code (sku, barcode, location) as the user sees it: the displayed text when there is one. */
export function codeOf(value: unknown, text: string | undefined): string | undefined {
  const shown = text?.trim();
  if (shown) return shown;
  if (isBlank(value)) return undefined;
  return String(value).trim();
}
