/**
 * How text from the ledger goes into spreadsheet cells.
 *
 * The API returns every string exactly as it was stored, so `=HYPERLINK("…")` typed as
 * an item name comes back as that text. A spreadsheet would evaluate it as a formula
 * (CSV/formula injection), so clients that write cells escape on export: a string
 * that starts like a formula is written with a leading apostrophe, Excel's text
 * prefix, which Excel shows nowhere and never evaluates.
 */

/** Leading characters that make Excel, LibreOffice or Google Sheets read a formula. */
const FORMULA_START = /^[=+\-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20]/;

export function isFormulaLike(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * The value to write into a cell for a ledger string.
 *
 * @example
 * cellText('=1+2')      // → "'=1+2"
 * cellText('Green tea') // → "Green tea"
 */
export function cellText(text: string): string {
  return isFormulaLike(text) ? `'${text}` : text;
}
