/*
 * The arguments of the workbook functions as Excel hands them over. Pure: no
 * CustomFunctions here, so every case is tested without Excel.
 *
 * Excel passes what the cell holds: a number when it holds 101 (a store code typed
 * without a leading apostrophe), text as typed (with its spaces), null or "" for an
 * empty cell or an omitted argument, and a 2-D array when the argument is a range.
 */

export type Argument<T> =
  | { ok: true; value: T }
  | { ok: false; problem: 'range' | 'missing' | 'notADate' };

/** A 1×1 range is its one value; a larger one stays an array (the caller refuses it). */
function single(value: unknown): { range: true } | { range: false; value: unknown } {
  if (!Array.isArray(value)) return { range: false, value };
  if (value.length === 1 && Array.isArray(value[0]) && value[0].length === 1)
    return { range: false, value: value[0][0] };
  if (value.length === 1 && !Array.isArray(value[0])) return { range: false, value: value[0] };
  return { range: true };
}

/**
 * A code (sku, location, channel): numbers and text alike, trimmed. Empty means "not
 * given": allowed when the argument is optional, `missing` when it is required.
 */
export function codeArgument(value: unknown, required: boolean): Argument<string | undefined> {
  const one = single(value);
  if (one.range) return { ok: false, problem: 'range' };
  const v = one.value;
  const text =
    v === null || v === undefined || typeof v === 'boolean' || typeof v === 'object'
      ? ''
      : typeof v === 'number'
        ? Number.isFinite(v)
          ? String(v)
          : ''
        : String(v).trim();
  if (text === '')
    return required ? { ok: false, problem: 'missing' } : { ok: true, value: undefined };
  return { ok: true, value: text };
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/**
 * A calendar day (the shop's day, as the reports read it): an Excel date serial (its
 * time of day ignored) or text `2026-11-01` / `2026/11/1`. Required.
 */
export function dayArgument(value: unknown): Argument<string> {
  const one = single(value);
  if (one.range) return { ok: false, problem: 'range' };
  const v = one.value;
  if (v === null || v === undefined || (typeof v === 'string' && v.trim() === ''))
    return { ok: false, problem: 'missing' };
  if (typeof v === 'number' && Number.isFinite(v) && v >= 1)
    return {
      ok: true,
      value: new Date(EXCEL_EPOCH_MS + Math.floor(v) * 86_400_000).toISOString().slice(0, 10),
    };
  const m = typeof v === 'string' ? /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*$/.exec(v) : null;
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const date = new Date(Date.UTC(y, mo - 1, d));
    if (date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d)
      return { ok: true, value: date.toISOString().slice(0, 10) };
  }
  return { ok: false, problem: 'notADate' };
}
