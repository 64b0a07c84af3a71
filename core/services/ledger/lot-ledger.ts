import { isExpired, pickFefo, type LotStock } from '../../domain/lots.js';
import type { MovementType } from '../../domain/movement.js';
import type { Tx } from '../../db/types.js';
import { ServiceError, validationFailed } from '../errors.js';
import type { ItemRef, LocationRef, LotRef } from '../refs.js';

/** A movement's quantity split over lots. */
export type LotSplit = Array<{ lot: LotRef; quantity: number }>;

/** Movements that may take stock from an expired lot: getting rid of it, or correcting the book. */
const MAY_TAKE_EXPIRED: ReadonlySet<MovementType> = new Set([
  'scrap',
  'adjustment',
  'reversal',
  'transfer_loss',
  'merge_out',
]);

interface LotState {
  lot: LotRef;
  itemId: number;
  locationId: number;
  isVirtual: boolean;
  onHand: number;
  delta: number;
}

/** What a posting needs to say about lots; the session's `Posting` has these fields. */
export interface LotPosting {
  type: MovementType;
  item: ItemRef;
  source: LocationRef;
  target: LocationRef;
  quantity: number;
  /** The lot named (receipts must name one; issues may). */
  lot?: LotRef | undefined;
  /** Or the exact split over lots (a transfer received lot by lot, a reversal). */
  lots?: LotSplit | undefined;
}

const CHUNK = 200;

/**
 * The lot side of a `LedgerSession`: which items are lot-tracked, their stock per lot
 * at the internal locations loaded, and the split of each movement over lots. Issues
 * take lots first-expiry-first-out unless one is named; expired lots are refused
 * (`lot_expired`) except to scrap or correct them. Written with the movements in the
 * session's transaction, so `balances.on_hand` is always the sum of its lots.
 */
export class LotLedger {
  readonly #tx: Tx;
  readonly #now: number;
  /** The shop's time zone: a lot expires at the end of its day there (set by `load`). */
  #zone = 'UTC';
  readonly #tracked = new Map<number, boolean>();
  readonly #states = new Map<string, LotState>();
  /** Lot states per internal (item, location) pair loaded. */
  readonly #at = new Map<string, LotState[]>();

  constructor(tx: Tx, now: number) {
    this.#tx = tx;
    this.#now = now;
  }

  async load(
    pairs: ReadonlyArray<{ item: ItemRef; location: LocationRef }>,
    zone: string,
  ): Promise<void> {
    this.#zone = zone;
    const unknown = [
      ...new Set(pairs.map((p) => p.item.id).filter((id) => !this.#tracked.has(id))),
    ];
    for (let i = 0; i < unknown.length; i += 500) {
      const chunk = unknown.slice(i, i + 500);
      const { rows } = await this.#tx.raw.execute({
        sql: `SELECT id, lot_tracked FROM items WHERE id IN (${chunk.map(() => '?').join(', ')})`,
        args: chunk,
      });
      for (const r of rows) this.#tracked.set(Number(r['id']), Number(r['lot_tracked']) === 1);
    }
    const wanted = pairs.filter(
      (p) =>
        this.#tracked.get(p.item.id) &&
        !p.location.isVirtual &&
        !this.#at.has(pairKey(p.item.id, p.location.id)),
    );
    for (let i = 0; i < wanted.length; i += CHUNK) {
      const chunk = wanted.slice(i, i + CHUNK);
      for (const p of chunk) this.#at.set(pairKey(p.item.id, p.location.id), []);
      const { rows } = await this.#tx.raw.execute({
        sql: `SELECT lb.lot_id, lb.location_id, lb.item_id, lb.on_hand, l.code, l.expires_on
                FROM lot_balances lb JOIN lots l ON l.id = lb.lot_id
               WHERE (lb.item_id, lb.location_id) IN (VALUES ${chunk.map(() => '(?, ?)').join(', ')})`,
        args: chunk.flatMap((p) => [p.item.id, p.location.id]),
      });
      for (const r of rows) {
        const lot = {
          id: Number(r['lot_id']),
          code: String(r['code']),
          expiresOn: String(r['expires_on']),
        };
        this.#state(
          lot,
          Number(r['item_id']),
          Number(r['location_id']),
          false,
          Number(r['on_hand']),
        );
      }
    }
  }

  isTracked(item: ItemRef): boolean {
    const tracked = this.#tracked.get(item.id);
    if (tracked === undefined) throw new Error(`item ${item.sku} was not loaded`);
    return tracked;
  }

  /** The lots past their expiry with stock at the location (none for items without lots). */
  expiredLots(item: ItemRef, location: LocationRef): LotRef[] {
    if (!this.isTracked(item) || location.isVirtual) return [];
    return this.#stocks(item, location)
      .filter((s) => s.onHand > 0 && isExpired(s.expiresOn, this.#now, this.#zone))
      .map((s) => ({ id: s.lotId, code: s.code, expiresOn: s.expiresOn }));
  }

  /**
   * On hand at the location in lots past their expiry: not available (holds must be
   * coverable by stock that can still be sold). 0 for items without lots.
   */
  expiredOnHand(item: ItemRef, location: LocationRef): number {
    if (!this.isTracked(item) || location.isVirtual) return 0;
    return this.#stocks(item, location)
      .filter((s) => s.onHand > 0 && isExpired(s.expiresOn, this.#now, this.#zone))
      .reduce((sum, s) => sum + s.onHand, 0);
  }

  /**
   * The lots a posting moves, or a refusal; nothing changes until `apply`. Undefined
   * for items that are not lot-tracked.
   */
  split(p: LotPosting): LotSplit | undefined {
    if (!this.isTracked(p.item)) {
      if (p.lot || p.lots)
        throw validationFailed([
          { path: 'lot', code: 'item_not_lot_tracked', params: { sku: p.item.sku } },
        ]);
      return undefined;
    }
    let split: LotSplit;
    if (p.lots) {
      split = p.lots;
      if (split.reduce((sum, s) => sum + s.quantity, 0) !== p.quantity)
        throw new Error(`lot split of ${p.item.sku} does not add up to ${p.quantity}`);
    } else if (p.lot) {
      split = [{ lot: p.lot, quantity: p.quantity }];
    } else if (!p.source.isVirtual) {
      split = this.#fefo(p);
    } else if (p.type === 'adjustment') {
      // A count found more than the book: it joins the lot that expires last here.
      const latest = this.#stocks(p.item, p.target).sort((a, b) =>
        a.expiresOn < b.expiresOn ? 1 : -1,
      )[0];
      if (!latest)
        throw validationFailed([
          { path: 'lot', code: 'lot_required', params: { sku: p.item.sku } },
        ]);
      split = [
        {
          lot: { id: latest.lotId, code: latest.code, expiresOn: latest.expiresOn },
          quantity: p.quantity,
        },
      ];
    } else {
      throw validationFailed([{ path: 'lot', code: 'lot_required', params: { sku: p.item.sku } }]);
    }
    if (!p.source.isVirtual) {
      for (const s of split) {
        const state = this.#states.get(stateKey(s.lot.id, p.source.id));
        const onHand = state?.onHand ?? 0;
        if (onHand < s.quantity) {
          const details = {
            sku: p.item.sku,
            location: p.source.code,
            lot: s.lot.code,
            requested: s.quantity,
            available: onHand,
          };
          throw new ServiceError('insufficient_stock', { params: details, details });
        }
        if (!MAY_TAKE_EXPIRED.has(p.type) && isExpired(s.lot.expiresOn, this.#now, this.#zone))
          throw lotExpired(p, [s.lot]);
      }
    }
    return split;
  }

  /** Applies a split returned by `split` for the same posting. */
  apply(p: LotPosting, split: LotSplit): void {
    for (const s of split) {
      this.#state(s.lot, p.item.id, p.source.id, p.source.isVirtual, 0).delta -= s.quantity;
      this.#state(s.lot, p.item.id, p.target.id, p.target.isVirtual, 0).delta += s.quantity;
    }
    for (const s of split) {
      this.#states.get(stateKey(s.lot.id, p.source.id))!.onHand -= s.quantity;
      this.#states.get(stateKey(s.lot.id, p.target.id))!.onHand += s.quantity;
    }
  }

  /** Writes the lot rows of the posted movements and the lot balances they changed. */
  async flush(posted: ReadonlyArray<{ seq: number; lots?: LotSplit | undefined }>): Promise<void> {
    const rows = posted.flatMap((m) => (m.lots ?? []).map((s) => [m.seq, s.lot.id, s.quantity]));
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      await this.#tx.raw.execute({
        sql: `INSERT INTO movement_lots (seq, lot_id, quantity) VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')}`,
        args: chunk.flat(),
      });
    }
    const changed = [...this.#states.values()].filter((s) => s.delta !== 0);
    for (let i = 0; i < changed.length; i += CHUNK) {
      const chunk = changed.slice(i, i + CHUNK);
      // Internal rows are written as final figures (their CHECK is tested before the
      // conflict is found); virtual ones, never loaded, as deltas.
      await this.#tx.raw.execute({
        sql: `INSERT INTO lot_balances (lot_id, location_id, item_id, is_virtual, on_hand) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
              ON CONFLICT (lot_id, location_id) DO UPDATE SET
                on_hand = CASE WHEN lot_balances.is_virtual = 1 THEN lot_balances.on_hand + excluded.on_hand ELSE excluded.on_hand END`,
        args: chunk.flatMap((s) => [
          s.lot.id,
          s.locationId,
          s.itemId,
          s.isVirtual ? 1 : 0,
          s.isVirtual ? s.delta : s.onHand,
        ]),
      });
      for (const s of chunk) s.delta = 0;
    }
  }

  #fefo(p: LotPosting): LotSplit {
    const stocks = this.#stocks(p.item, p.source);
    const pick = pickFefo(stocks, p.quantity, {
      now: this.#now,
      zone: this.#zone,
      allowExpired: MAY_TAKE_EXPIRED.has(p.type),
    });
    if (!pick.ok) {
      if (pick.reason === 'lot_expired') {
        const expired = stocks
          .filter((s) => s.onHand > 0 && isExpired(s.expiresOn, this.#now, this.#zone))
          .map((s) => ({ id: s.lotId, code: s.code, expiresOn: s.expiresOn }));
        throw lotExpired(p, expired, pick.usable);
      }
      const details = {
        sku: p.item.sku,
        location: p.source.code,
        requested: p.quantity,
        available: pick.usable,
      };
      throw new ServiceError('insufficient_stock', { params: details, details });
    }
    const byId = new Map(stocks.map((s) => [s.lotId, s]));
    return pick.picks.map((k) => {
      const s = byId.get(k.lotId)!;
      return { lot: { id: s.lotId, code: s.code, expiresOn: s.expiresOn }, quantity: k.quantity };
    });
  }

  #stocks(item: ItemRef, location: LocationRef): LotStock[] {
    const states = this.#at.get(pairKey(item.id, location.id));
    if (!states) throw new Error(`lots of ${item.sku}@${location.code} were not loaded`);
    return states.map((s) => ({
      lotId: s.lot.id,
      code: s.lot.code,
      expiresOn: s.lot.expiresOn,
      onHand: s.onHand,
    }));
  }

  #state(
    lot: LotRef,
    itemId: number,
    locationId: number,
    isVirtual: boolean,
    onHand: number,
  ): LotState {
    const key = stateKey(lot.id, locationId);
    let state = this.#states.get(key);
    if (!state) {
      state = { lot, itemId, locationId, isVirtual, onHand, delta: 0 };
      this.#states.set(key, state);
      if (!isVirtual) {
        const list = this.#at.get(pairKey(itemId, locationId));
        if (list) list.push(state);
        else this.#at.set(pairKey(itemId, locationId), [state]);
      }
    }
    return state;
  }
}

export function lotExpired(
  p: Pick<LotPosting, 'item' | 'source'>,
  lots: LotRef[],
  usable?: number,
): ServiceError {
  const details = {
    sku: p.item.sku,
    location: p.source.code,
    lot: lots.map((l) => l.code).join(', '),
    expiresOn: lots.map((l) => l.expiresOn).join(', '),
    ...(usable === undefined ? {} : { usable }),
  };
  return new ServiceError('lot_expired', { params: details, details: { ...details, lots } });
}

function pairKey(itemId: number, locationId: number): string {
  return `${itemId}:${locationId}`;
}

function stateKey(lotId: number, locationId: number): string {
  return `${lotId}@${locationId}`;
}
