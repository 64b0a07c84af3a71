/**
 * A reservation (hold) is two-phase, like a pending transfer:
 * `pending → committed | released | expired`. Only a pending hold that has not
 * reached its expiry may change, and it changes exactly once.
 */
export const RESERVATION_STATUSES = ['pending', 'committed', 'released', 'expired'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export type ReservationAction = 'commit' | 'release';

export interface HoldState {
  status: ReservationStatus;
  quantity: number;
  expiresAt: number | null;
}

/** The status a hold really has at `now`: a pending hold past its expiry is expired. */
export function effectiveStatus(hold: HoldState, now: number): ReservationStatus {
  if (hold.status === 'pending' && hold.expiresAt !== null && hold.expiresAt <= now)
    return 'expired';
  return hold.status;
}

export type HoldDecision =
  | { ok: true; committed: number; released: number; status: 'committed' | 'released' }
  | { ok: false; code: 'invalid_state'; status: ReservationStatus }
  | { ok: false; code: 'quantity_exceeds_hold'; held: number };

/**
 * Decides what committing or releasing a hold does. A commit may take part of the
 * hold; the rest is released in the same step.
 *
 * @example
 * decideHold({ status: 'pending', quantity: 5, expiresAt: null }, 'commit', 3, 0)
 * // → { ok: true, committed: 3, released: 2, status: 'committed' }
 */
export function decideHold(
  hold: HoldState,
  action: ReservationAction,
  quantity: number | undefined,
  now: number,
): HoldDecision {
  const status = effectiveStatus(hold, now);
  if (status !== 'pending') return { ok: false, code: 'invalid_state', status };
  if (action === 'release')
    return { ok: true, committed: 0, released: hold.quantity, status: 'released' };
  const committed = quantity ?? hold.quantity;
  if (committed > hold.quantity)
    return { ok: false, code: 'quantity_exceeds_hold', held: hold.quantity };
  return { ok: true, committed, released: hold.quantity - committed, status: 'committed' };
}
