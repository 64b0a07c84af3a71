/**
 * Replenishment arithmetic, kept pure so that a person can check every figure.
 *
 * - velocity: units a location gives out per day over the window: what it sold, plus
 *   what it shipped by transfer to the locations it supplies (a warehouse's demand is
 *   its stores');
 * - reorder point = velocity × (lead time + review period) + safety stock (the min);
 * - position = available + on order (drafts included) + arriving by transfer;
 * - when position < reorder point, the need is up to `max` when set, else up to the
 *   reorder point;
 * - a source (a warehouse, or the location named as the supplier) that can spare the
 *   whole need gets a transfer suggestion for it; otherwise it is bought from the
 *   supplier, rounded up to the supplier's pack size.
 *
 * The step from demand to a quantity is `reorderPoint` (demand over lead time and
 * review, plus safety stock): a forecast gives that demand (`demand`) and its safety
 * stock instead of velocity and the rule's min; the rest stays.
 */
export interface PurchaseFigures {
  velocity: number;
  /** Demand over lead time + review when known otherwise (a forecast); else velocity × those days. */
  demand?: number | undefined;
  leadTimeDays: number;
  reviewDays: number;
  safetyStock: number;
  max: number | null;
  packSize: number;
  position: number;
}

export function reorderPoint(
  f: Pick<PurchaseFigures, 'velocity' | 'demand' | 'leadTimeDays' | 'reviewDays' | 'safetyStock'>,
): number {
  return (f.demand ?? f.velocity * (f.leadTimeDays + f.reviewDays)) + f.safetyStock;
}

/** Units that bring the position up to `max` (or the reorder point), 0 when at or above the reorder point. */
export function neededQuantity(f: Omit<PurchaseFigures, 'packSize'>): number {
  const rop = reorderPoint(f);
  if (f.position >= rop) return 0;
  return Math.max(0, Math.ceil((f.max ?? rop) - f.position));
}

/** Whole packs: 13 in packs of 6 is 18. */
export function roundUpToPack(quantity: number, packSize: number): number {
  const pack = Math.max(1, packSize);
  return Math.ceil(quantity / pack) * pack;
}

/** The quantity to buy, 0 when the position is at or above the reorder point. */
export function orderQuantity(f: PurchaseFigures): number {
  return roundUpToPack(neededQuantity(f), f.packSize);
}

/** Where a location gets its stock from, as the shop configured it. */
export interface SupplyConfig {
  code: string;
  kind: 'store' | 'warehouse';
  /** A store or warehouse it is replenished from; `@supplier`: always buy; null: the default. */
  replenishFrom: string | null;
}

/**
 * The internal locations a location may be replenished from, in no particular order:
 * the one it names, or (by default) every warehouse for a store and none for a
 * warehouse; `@supplier` means it always buys.
 */
export function sourcesOf(location: SupplyConfig, all: readonly SupplyConfig[]): string[] {
  if (location.replenishFrom === '@supplier') return [];
  if (location.replenishFrom !== null)
    return location.replenishFrom === location.code ? [] : [location.replenishFrom];
  return location.kind === 'store'
    ? all.filter((l) => l.kind === 'warehouse' && l.code !== location.code).map((l) => l.code)
    : [];
}

/**
 * The chain that naming `from` as the source of `code` would close into a loop
 * (`['S1', 'W2', 'S1']`), or null when it does not. A location never sources from
 * itself, directly or through others.
 */
export function replenishmentCycle(
  code: string,
  from: string,
  all: readonly Pick<SupplyConfig, 'code' | 'replenishFrom'>[],
): string[] | null {
  const chain = [code];
  for (let next: string | null = from; next !== null && next !== '@supplier'; ) {
    chain.push(next);
    if (next === code) return chain;
    if (chain.indexOf(next) !== chain.length - 1) return null; // a loop elsewhere: not this change's
    next = all.find((l) => l.code === next)?.replenishFrom ?? null;
  }
  return null;
}

/** What a source has of one item, and what it keeps for itself (its own reorder point). */
export interface SourceStock {
  location: string;
  available: number;
  keeps: number;
}

/** What a source can give without falling below what it keeps: whole units, never negative. */
export function spareAt(s: SourceStock): number {
  return Math.max(0, Math.floor(s.available - Math.ceil(s.keeps)));
}

export type Replenishment =
  | { kind: 'none'; needed: 0 }
  | { kind: 'transfer'; needed: number; quantity: number; from: string }
  | { kind: 'purchase'; needed: number; quantity: number };

/**
 * What to do about one item at one location: nothing, a transfer of the whole need
 * from the source with the most to spare among those that can cover it (ties: by
 * code), or a purchase rounded up to the supplier's pack.
 *
 * @example
 * replenish({ velocity: 2, leadTimeDays: 5, reviewDays: 7, safetyStock: 0, max: null, packSize: 12, position: 4 },
 *           [{ location: 'W1', available: 900, keeps: 10 }])
 * // → { kind: 'transfer', needed: 20, quantity: 20, from: 'W1' }   (24 − 4; W1 spares 890)
 */
export function replenish(f: PurchaseFigures, sources: readonly SourceStock[]): Replenishment {
  const needed = neededQuantity(f);
  if (needed <= 0) return { kind: 'none', needed: 0 };
  const covering = sources
    .map((s) => ({ location: s.location, spare: spareAt(s) }))
    .filter((s) => s.spare >= needed)
    .sort(
      (a, b) =>
        b.spare - a.spare || (a.location < b.location ? -1 : a.location > b.location ? 1 : 0),
    );
  const from = covering[0];
  if (from) return { kind: 'transfer', needed, quantity: needed, from: from.location };
  return { kind: 'purchase', needed, quantity: roundUpToPack(needed, f.packSize) };
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
    .filter(
      (s) => s.velocity > 0 && daysOfCover(s.available + s.inbound, s.velocity) < o.targetDays,
    )
    .map((s) => ({ s, need: Math.ceil(s.velocity * o.targetDays) - s.available - s.inbound }))
    .filter((r) => r.need > 0)
    .sort(
      (a, b) =>
        daysOfCover(a.s.available + a.s.inbound, a.s.velocity) -
        daysOfCover(b.s.available + b.s.inbound, b.s.velocity),
    );
  const givers = stores
    .filter((s) => daysOfCover(s.available, s.velocity) > o.surplusDays)
    .map((s) => ({
      s,
      spare: s.available - Math.max(s.min, Math.ceil(s.velocity * (o.leadTimeDays + o.targetDays))),
    }))
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
