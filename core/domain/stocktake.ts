import type { Role } from './actor.js';
import type { Issue } from './codes.js';
import { MAX_QUANTITY } from './codes.js';

/**
 * How a count changes a line: `set` replaces what was counted before, `add` adds to
 * it (a second shelf of the same item, or one scan). Requests must say which, so a
 * re-imported sheet can never double a count by accident.
 */
export type CountMode = 'set' | 'add';

/**
 * The line's count after one more entry, or the issue that refuses it.
 *
 * @example
 * applyCount(null, { quantity: 12, mode: 'add' })  // → { ok: true, counted: 12 }
 * applyCount(12, { quantity: 5, mode: 'set' })     // → { ok: true, counted: 5 }
 * applyCount(12, { quantity: -13, mode: 'add' })   // → { ok: false, … count_below_zero }
 */
export function applyCount(
  counted: number | null,
  entry: { quantity: number; mode: CountMode },
): { ok: true; counted: number } | { ok: false; issue: Omit<Issue, 'path'> } {
  if (entry.mode === 'set') {
    if (entry.quantity < 0)
      return { ok: false, issue: { code: 'too_small', params: { minimum: 0 } } };
    return { ok: true, counted: entry.quantity };
  }
  const next = (counted ?? 0) + entry.quantity;
  if (next < 0)
    return { ok: false, issue: { code: 'count_below_zero', params: { counted: counted ?? 0 } } };
  if (next > MAX_QUANTITY)
    return { ok: false, issue: { code: 'quantity_too_large', params: { max: MAX_QUANTITY } } };
  return { ok: true, counted: next };
}

/** A counted line's difference: counted − book at the moment it was counted. */
export function lineVariance(line: { counted: number; bookAtCount: number }): {
  variance: number;
  percent: number | null;
} {
  const variance = line.counted - line.bookAtCount;
  // A count on a book of 0 has no percentage: any difference is total.
  const percent =
    line.bookAtCount === 0
      ? variance === 0
        ? 0
        : null
      : round2((variance / line.bookAtCount) * 100);
  return { variance, percent };
}

/**
 * How well the book matched the shelf:
 * - `lines`: share of counted lines with no difference (inventory record accuracy);
 * - `quantity`: 1 − Σ|variance| / Σ book, floored at 0 (how far off, in units).
 * Both in percent, 100 for a stocktake with nothing counted on an empty book.
 */
export function accuracy(lines: ReadonlyArray<{ bookAtCount: number; variance: number }>): {
  lines: number;
  quantity: number;
} {
  if (lines.length === 0) return { lines: 100, quantity: 100 };
  const exact = lines.filter((l) => l.variance === 0).length;
  const book = lines.reduce((sum, l) => sum + l.bookAtCount, 0);
  const off = lines.reduce((sum, l) => sum + Math.abs(l.variance), 0);
  const quantity = book === 0 ? (off === 0 ? 100 : 0) : Math.max(0, 100 - (off / book) * 100);
  return { lines: round2((exact / lines.length) * 100), quantity: round2(quantity) };
}

/** Counters of a blind stocktake do not see the book: below manager, book figures are hidden. */
export function seesBook(role: Role, blind: boolean): boolean {
  return !blind || role === 'manager' || role === 'admin';
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
