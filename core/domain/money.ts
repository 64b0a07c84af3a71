import type { Issue } from './codes.js';

/**
 * Money is kept as integers of 1/10,000 of the currency unit ("e4"), so that sums
 * and comparisons are exact; clients send and get plain decimal numbers.
 *
 * What "exact" can mean is bounded twice: SQLite stores 64-bit integers, and a JSON
 * number read by any client is a double, which holds every decimal of up to 15
 * significant digits exactly. An amount of at most 100,000,000,000.0000 (15 digits
 * with its 4 decimals, 10^15 in e4) is therefore exact in the database, in
 * JavaScript (below 2^53) and on the wire. Every amount the ledger accepts or stores
 * (a unit cost or price, a credit limit, a threshold, a line's value, a document's
 * total) is held to that maximum; sums over many documents or balances (report
 * totals, a customer's exposure) are computed exactly and never fail, and are exact
 * on the wire while they stay within it.
 */
export const E4 = 10_000;

/** The largest amount of money the ledger stores exactly: a hundred billion currency units. */
export const MAX_AMOUNT = 100_000_000_000;
export const MAX_AMOUNT_E4 = MAX_AMOUNT * E4;

/** Largest unit cost or unit price accepted: a billion currency units. */
export const MAX_UNIT_COST = 1_000_000_000;

/**
 * 12.5 → 125000, or undefined when the number has more than 4 decimals or is beyond
 * `MAX_AMOUNT`. Exact: the result divided by 10,000 is the very number that was sent.
 */
export function toE4(amount: number): number | undefined {
  if (!Number.isFinite(amount) || Math.abs(amount) > MAX_AMOUNT) return undefined;
  const scaled = Math.round(amount * E4);
  return scaled / E4 === amount ? scaled : undefined;
}

/** Currency units as a JSON number: exact while the amount is within `MAX_AMOUNT`. */
export function fromE4(amountE4: number | bigint): number {
  if (typeof amountE4 === 'number' && Number.isSafeInteger(amountE4)) return amountE4 / E4;
  const value = BigInt(amountE4);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  // Through the decimal text: the double nearest the exact amount, never a rounding of a rounding.
  return Number(`${negative ? '-' : ''}${abs / 10_000n}.${String(abs % 10_000n).padStart(4, '0')}`);
}

/** quantity × unit cost, exactly (a bigint: the product may pass 2^53). */
export function valueE4(quantity: number, unitE4: number | null): bigint {
  return unitE4 === null ? 0n : BigInt(quantity) * BigInt(unitE4);
}

/** The size of an amount, whichever its sign. */
export function absE4(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Whether an amount (in e4) is one the ledger can store: at most `MAX_AMOUNT` either way. */
export function withinMaxAmount(amountE4: bigint | number): boolean {
  const v = BigInt(amountE4);
  return v <= BigInt(MAX_AMOUNT_E4) && v >= -BigInt(MAX_AMOUNT_E4);
}

/**
 * The value of a document's lines (quantity × unit amount each) and its total, or
 * which of them pass `MAX_AMOUNT`: the lines over it by index, or `total` when each
 * line is within but their sum is not.
 *
 * @example
 * documentTotalE4([{ quantity: 2, unitE4: 5_0000 }]) // → { ok: true, totalE4: 10_0000 }
 */
export function documentTotalE4(
  lines: ReadonlyArray<{ quantity: number; unitE4: number }>,
): { ok: true; totalE4: number } | { ok: false; lines: number[]; total: boolean } {
  const over: number[] = [];
  let total = 0n;
  lines.forEach((l, i) => {
    const v = valueE4(l.quantity, l.unitE4);
    if (!withinMaxAmount(v)) over.push(i);
    total += v;
  });
  if (over.length > 0) return { ok: false, lines: over, total: false };
  if (!withinMaxAmount(total)) return { ok: false, lines: [], total: true };
  return { ok: true, totalE4: Number(total) };
}

/** The problems of a `documentTotalE4` that failed, as request issues (`lines.3`, or `lines` for the total). */
export function documentTotalIssues(
  check: { ok: false; lines: number[]; total: boolean },
  path = 'lines',
): Issue[] {
  const params = { max: MAX_AMOUNT };
  return check.total
    ? [{ path, code: 'amount_too_large', params }]
    : check.lines.map((i) => ({ path: `${path}.${i}`, code: 'amount_too_large', params }));
}

/** Sums amounts in e4 exactly (several documents, balances): a bigint. */
export function sumE4(amounts: Iterable<number | bigint>): bigint {
  let total = 0n;
  for (const a of amounts) total += BigInt(a);
  return total;
}

/**
 * The moving-average unit cost after a receipt: what is owned keeps its cost, what
 * arrives brings its own. With nothing (or less than nothing) owned, the new cost is
 * the receipt's. Exact at any size (bigint), rounded half up to the 1/10,000.
 *
 * @example
 * movingAverageE4({ onHand: 10, avgE4: 100_000 }, { quantity: 10, costE4: 200_000 }) // → 150_000
 */
export function movingAverageE4(
  before: { onHand: number; avgE4: number | null },
  receipt: { quantity: number; costE4: number },
): number {
  if (before.avgE4 === null || before.onHand <= 0) return receipt.costE4;
  return weightedE4([before.onHand, before.avgE4], [receipt.quantity, receipt.costE4]);
}

/**
 * The unit cost of two stocks put together (merging two items): weighted by what is
 * on hand; a side with no cost or nothing on hand takes the other's cost.
 *
 * @example
 * mergedAverageE4({ onHand: 10, avgE4: 100_000 }, { onHand: 30, avgE4: 200_000 }) // → 175_000
 */
export function mergedAverageE4(
  a: { onHand: number; avgE4: number | null },
  b: { onHand: number; avgE4: number | null },
): number | null {
  if (a.avgE4 === null || a.onHand <= 0) return b.avgE4 ?? a.avgE4;
  if (b.avgE4 === null || b.onHand <= 0) return a.avgE4;
  return weightedE4([a.onHand, a.avgE4], [b.onHand, b.avgE4]);
}

/** (q1·c1 + q2·c2) / (q1 + q2), rounded half up; positive quantities and costs. */
function weightedE4([q1, c1]: [number, number], [q2, c2]: [number, number]): number {
  const sum = BigInt(q1) * BigInt(c1) + BigInt(q2) * BigInt(c2);
  const count = BigInt(q1) + BigInt(q2);
  return Number((2n * sum + count) / (2n * count));
}
