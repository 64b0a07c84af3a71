/**
 * Replenishment arithmetic, kept pure so that a person can check every figure.
 *
 * - velocity: units sold per day over the window;
 * - reorder point = velocity × (lead time + review period) + safety stock (the min);
 * - position = available + on order + arriving by transfer;
 * - when position < reorder point, order up to `max` when set, else up to the reorder
 *   point, rounded up to the supplier's pack size.
 */
export interface PurchaseFigures {
  velocity: number;
  leadTimeDays: number;
  reviewDays: number;
  safetyStock: number;
  max: number | null;
  packSize: number;
  position: number;
}

export function reorderPoint(f: Pick<PurchaseFigures, 'velocity' | 'leadTimeDays' | 'reviewDays' | 'safetyStock'>): number {
  return f.velocity * (f.leadTimeDays + f.reviewDays) + f.safetyStock;
}

/** The quantity to order, 0 when the position is at or above the reorder point. */
export function orderQuantity(f: PurchaseFigures): number {
  const rop = reorderPoint(f);
  if (f.position >= rop) return 0;
  const target = f.max ?? rop;
  const needed = Math.max(0, Math.ceil(target - f.position));
  const pack = Math.max(1, f.packSize);
  return Math.ceil(needed / pack) * pack;
}

export interface StoreStock {
  location: string;
  available: number;
  /** Already on its way here (transfers shipped or approved). */
  inbound: number;
  velocity: number;
  min: number;
}

export interface RebalanceOptions {
  /** Stores below this many days of cover receive. */
  targetDays: number;
  /** Stores above this many days of cover give. */
  surplusDays: number;
  /** How long a move takes: a giver keeps what it needs for that long plus the target. */
  leadTimeDays: number;
}

export interface ProposedMove {
  from: string;
  to: string;
  quantity: number;
}

export function daysOfCover(available: number, velocity: number): number {
  return velocity > 0 ? available / velocity : available > 0 ? Infinity : 0;
}

/**
 * Moves of one item from stores with more than `surplusDays` of cover to stores with
 * less than `targetDays`, most urgent first. A giver never goes below what it needs
 * itself for the move's lead time plus the target cover, nor below its min.
 *
 * @example
 * rebalance([{ location: 'S1', available: 100, inbound: 0, velocity: 1, min: 0 },
 *            { location: 'S2', available: 2, inbound: 0, velocity: 2, min: 0 }],
 *           { targetDays: 14, surplusDays: 60, leadTimeDays: 2 })
 * // → [{ from: 'S1', to: 'S2', quantity: 26 }]   (S2 needs 28 − 2; S1 keeps 16)
 */
export function rebalance(stores: readonly StoreStock[], o: RebalanceOptions): ProposedMove[] {
  const receivers = stores
    .filter((s) => s.velocity > 0 && daysOfCover(s.available + s.inbound, s.velocity) < o.targetDays)
    .map((s) => ({ s, need: Math.ceil(s.velocity * o.targetDays) - s.available - s.inbound }))
    .filter((r) => r.need > 0)
    .sort((a, b) => daysOfCover(a.s.available + a.s.inbound, a.s.velocity) - daysOfCover(b.s.available + b.s.inbound, b.s.velocity));
  const givers = stores
    .filter((s) => daysOfCover(s.available, s.velocity) > o.surplusDays)
    .map((s) => ({ s, spare: s.available - Math.max(s.min, Math.ceil(s.velocity * (o.leadTimeDays + o.targetDays))) }))
    .filter((g) => g.spare > 0)
    .sort((a, b) => b.spare - a.spare);
  const moves: ProposedMove[] = [];
  for (const r of receivers) {
    for (const g of givers) {
      if (r.need <= 0) break;
      if (g.spare <= 0 || g.s.location === r.s.location) continue;
      const quantity = Math.min(r.need, g.spare);
      moves.push({ from: g.s.location, to: r.s.location, quantity });
      r.need -= quantity;
      g.spare -= quantity;
    }
  }
  return moves;
}
