/**
 * Credit for business customers: what they have on order and owe, against their
 * limit. Money in 1/10,000 of the currency unit.
 */
export interface Exposure {
  /** Orders not shipped yet (waiting for approval, or approved and held). */
  openOrdersE4: number;
  /** Shipped, not paid. */
  receivablesE4: number;
  /** Receivables past their due date (part of receivables). */
  overdueE4: number;
}

/**
 * May an order of this value go ahead on credit? Within the limit when what is on
 * order, what is owed and this order together stay at or under it; no limit means
 * always. `overByE4` is how far over it would go (0 when within).
 *
 * @example
 * creditCheck(10_000_0000, { openOrdersE4: 2_000_0000, receivablesE4: 5_000_0000, overdueE4: 0 }, 4_000_0000)
 * // → { withinLimit: false, remainingE4: 3_000_0000, overByE4: 1_000_0000 }
 */
export function creditCheck(
  limitE4: number | null,
  exposure: Exposure,
  orderE4: number,
): { withinLimit: boolean; remainingE4: number | null; overByE4: number } {
  if (limitE4 === null) return { withinLimit: true, remainingE4: null, overByE4: 0 };
  const remainingE4 = limitE4 - exposure.openOrdersE4 - exposure.receivablesE4;
  const overByE4 = Math.max(0, orderE4 - remainingE4);
  return { withinLimit: overByE4 === 0, remainingE4, overByE4 };
}
