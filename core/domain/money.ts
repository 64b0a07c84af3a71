/**
 * Money is kept as integers of 1/10,000 of the currency unit ("e4"), so that sums
 * and comparisons are exact; clients send and get plain decimal numbers.
 */
export const E4 = 10_000;

/** Largest unit cost accepted: a billion currency units. */
export const MAX_UNIT_COST = 1_000_000_000;

/** 12.5 → 125000, or undefined when the number has more than 4 decimals. */
export function toE4(amount: number): number | undefined {
  const scaled = Math.round(amount * E4);
  return Math.abs(scaled - amount * E4) < 1e-6 * Math.max(1, Math.abs(amount)) ? scaled : undefined;
}

export function fromE4(amountE4: number): number {
  return amountE4 / E4;
}

/**
 * The moving-average unit cost after a receipt: what is on hand keeps its cost,
 * what arrives brings its own. With nothing (or less than nothing) on hand, the
 * new cost is the receipt's.
 *
 * @example
 * movingAverageE4({ onHand: 10, avgE4: 100_000 }, { quantity: 10, costE4: 200_000 }) // → 150_000
 */
export function movingAverageE4(
  before: { onHand: number; avgE4: number | null },
  receipt: { quantity: number; costE4: number },
): number {
  if (before.avgE4 === null || before.onHand <= 0) return receipt.costE4;
  return Math.round((before.onHand * before.avgE4 + receipt.quantity * receipt.costE4) / (before.onHand + receipt.quantity));
}

/**
 * The unit cost of two stocks put together (merging two items): weighted by what is
 * on hand; a side with no cost or nothing on hand takes the other's cost.
 *
 * @example
 * mergedAverageE4({ onHand: 10, avgE4: 100_000 }, { onHand: 30, avgE4: 200_000 }) // → 175_000
 */
export function mergedAverageE4(a: { onHand: number; avgE4: number | null }, b: { onHand: number; avgE4: number | null }): number | null {
  if (a.avgE4 === null || a.onHand <= 0) return b.avgE4 ?? a.avgE4;
  if (b.avgE4 === null || b.onHand <= 0) return a.avgE4;
  return Math.round((a.onHand * a.avgE4 + b.onHand * b.avgE4) / (a.onHand + b.onHand));
}
