/**
 * Sales channels: what each channel may show as available to sell, and where an
 * order's stock is held. Pure functions over figures the services read.
 */

export const CHANNEL_KINDS = ['marketplace', 'store', 'own', 'b2b'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export interface ChannelRules {
  /** Show this percentage of available, rounded down (100: all of it). */
  percent: number;
  /** Never show more than this (null: no cap). */
  maxShown: number | null;
  /** Show 0 when available is at or below this. */
  safetyFloor: number;
}

/** A listing: one sku (one part of quantity 1) or a bundle of parts. */
export type ListingParts = ReadonlyArray<{ itemId: number; quantity: number }>;

/**
 * The figure a channel may show for a listing, from the available stock of each part
 * at the channel's locations: a bundle sells as many as its scarcest part allows;
 * then the channel's rules: the safety floor first (on the sellable count), then the
 * percentage (rounded down), then the cap.
 *
 * @example
 * availableToSell([{ itemId: 1, quantity: 1 }], new Map([[1, 40]]), { percent: 50, maxShown: 15, safetyFloor: 2 }) // → 15
 * availableToSell([{ itemId: 1, quantity: 2 }, { itemId: 2, quantity: 1 }], new Map([[1, 9], [2, 7]]), ALL)         // → 4
 */
export function availableToSell(
  parts: ListingParts,
  available: ReadonlyMap<number, number>,
  rules: ChannelRules,
): number {
  if (parts.length === 0) return 0;
  const sellable = Math.min(
    ...parts.map((p) => Math.floor(Math.max(0, available.get(p.itemId) ?? 0) / p.quantity)),
  );
  if (sellable <= rules.safetyFloor) return 0;
  const share = Math.floor((sellable * rules.percent) / 100);
  return Math.max(0, rules.maxShown === null ? share : Math.min(share, rules.maxShown));
}

export const ALL: ChannelRules = { percent: 100, maxShown: null, safetyFloor: 0 };

export interface RouteLocation {
  id: number;
  /** Available per item id. */
  available: ReadonlyMap<number, number>;
}

export type Route =
  | { ok: true; holds: Array<{ itemId: number; locationId: number; quantity: number }> }
  | { ok: false; short: Array<{ itemId: number; requested: number; available: number }> };

/**
 * Where an order's stock is held. A location that can fill the whole order is
 * preferred (one parcel), the first such in the channel's priority order. When none
 * can, and the channel allows splitting, each item is taken from the locations in
 * priority order; otherwise, or when even all together are short, the answer lists
 * what is short (with the most one location could give without splitting, or the
 * total when splitting is allowed).
 *
 * @example
 * routeOrder([{ itemId: 1, quantity: 3 }], [{ id: 10, available: new Map([[1, 2]]) }, { id: 11, available: new Map([[1, 5]]) }], false)
 * // → { ok: true, holds: [{ itemId: 1, locationId: 11, quantity: 3 }] }
 */
export function routeOrder(
  needs: ReadonlyArray<{ itemId: number; quantity: number }>,
  locations: readonly RouteLocation[],
  allowSplit: boolean,
): Route {
  const wanted = new Map<number, number>();
  for (const n of needs) wanted.set(n.itemId, (wanted.get(n.itemId) ?? 0) + n.quantity);
  const at = (l: RouteLocation, itemId: number) => Math.max(0, l.available.get(itemId) ?? 0);

  const whole = locations.find((l) => [...wanted].every(([itemId, q]) => at(l, itemId) >= q));
  if (whole)
    return {
      ok: true,
      holds: [...wanted].map(([itemId, quantity]) => ({ itemId, locationId: whole.id, quantity })),
    };

  const short = [...wanted].flatMap(([itemId, q]) => {
    const available = allowSplit
      ? locations.reduce((sum, l) => sum + at(l, itemId), 0)
      : Math.max(0, ...locations.map((l) => at(l, itemId)));
    return available < q ? [{ itemId, requested: q, available }] : [];
  });
  if (!allowSplit || short.length > 0) {
    // Without splitting, an order whose items each fit somewhere but not together is short too.
    return {
      ok: false,
      short:
        short.length > 0
          ? short
          : [...wanted].map(([itemId, q]) => ({
              itemId,
              requested: q,
              available: Math.max(0, ...locations.map((l) => at(l, itemId))),
            })),
    };
  }
  const holds: Array<{ itemId: number; locationId: number; quantity: number }> = [];
  for (const [itemId, q] of wanted) {
    let left = q;
    for (const l of locations) {
      const take = Math.min(left, at(l, itemId));
      if (take > 0) holds.push({ itemId, locationId: l.id, quantity: take });
      left -= take;
      if (left === 0) break;
    }
  }
  return { ok: true, holds };
}

/** What an order line becomes in base units of items: a bundle line asks for each part. */
export function expandLines(
  lines: ReadonlyArray<{ parts: ListingParts; quantity: number }>,
): Array<{ itemId: number; quantity: number }> {
  return lines.flatMap((l) =>
    l.parts.map((p) => ({ itemId: p.itemId, quantity: p.quantity * l.quantity })),
  );
}
