import { dateDay, localDate, localDay } from './time.js';

/**
 * Lots and expiry. A lot expires at the end of its `expiresOn` day in the shop's time
 * zone: it may be sold on that day, not after. Expired stock can still be scrapped or
 * adjusted away.
 */

export interface LotStock {
  lotId: number;
  code: string;
  /** `YYYY-MM-DD` */
  expiresOn: string;
  onHand: number;
}

export type LotPick =
  | { ok: true; picks: Array<{ lotId: number; quantity: number }> }
  | { ok: false; reason: 'lot_expired' | 'insufficient_stock'; usable: number; expired: number };

/** The shop's date of a time in `zone`, as `YYYY-MM-DD`. */
export function isoDay(ms: number, zone: string): string {
  return localDate(ms, zone);
}

export function isExpired(expiresOn: string, now: number, zone: string): boolean {
  return expiresOn < isoDay(now, zone);
}

/** Days from `now`'s day (in `zone`) to the expiry day (0: expires today, negative: expired). */
export function daysToExpiry(expiresOn: string, now: number, zone: string): number {
  return dateDay(expiresOn) - localDay(now, zone);
}

/**
 * First expiry, first out: takes `quantity` from the lots that expire soonest (then by
 * code), skipping expired lots unless `allowExpired` (scrapping, count differences).
 * When the usable lots are short, says whether expired stock is what is missing
 * (`lot_expired`) or there is not enough at all (`insufficient_stock`).
 *
 * @example
 * pickFefo([{ lotId: 1, code: 'L1', expiresOn: '2026-12-01', onHand: 3 },
 *           { lotId: 2, code: 'L2', expiresOn: '2026-11-25', onHand: 4 }], 5, { now, zone: 'Asia/Shanghai' })
 * // → { ok: true, picks: [{ lotId: 2, quantity: 4 }, { lotId: 1, quantity: 1 }] }
 */
export function pickFefo(
  lots: readonly LotStock[],
  quantity: number,
  options: { now: number; zone: string; allowExpired?: boolean },
): LotPick {
  const ordered = [...lots]
    .filter((l) => l.onHand > 0)
    .sort((a, b) =>
      a.expiresOn === b.expiresOn
        ? a.code.localeCompare(b.code)
        : a.expiresOn < b.expiresOn
          ? -1
          : 1,
    );
  const usable = ordered.filter(
    (l) => options.allowExpired || !isExpired(l.expiresOn, options.now, options.zone),
  );
  const picks: Array<{ lotId: number; quantity: number }> = [];
  let left = quantity;
  for (const lot of usable) {
    if (left === 0) break;
    const take = Math.min(lot.onHand, left);
    picks.push({ lotId: lot.lotId, quantity: take });
    left -= take;
  }
  if (left === 0) return { ok: true, picks };
  const usableTotal = usable.reduce((sum, l) => sum + l.onHand, 0);
  const expired = ordered.reduce((sum, l) => sum + l.onHand, 0) - usableTotal;
  return {
    ok: false,
    reason: usableTotal + expired >= quantity ? 'lot_expired' : 'insufficient_stock',
    usable: usableTotal,
    expired,
  };
}
