import type { Client } from '../../domain/actor.js';
import type { MovementType } from '../../domain/movement.js';
import { ServiceError } from '../errors.js';
import type { LotSplit } from './lot-ledger.js';
import type { ItemRef, LocationRef, LotRef } from '../refs.js';

/*
 * What a posting is, for every writer of the ledger: the movement ready to post, the
 * movement posted, who posts it, and the refusals the posting check answers. The
 * session (ledger-session.ts) and its effects (day figures, costs) share these types
 * without importing one another.
 */

/** A movement ready to post: every reference resolved, every rule but stock checked. */
export interface Posting {
  type: MovementType;
  item: ItemRef;
  source: LocationRef;
  target: LocationRef;
  quantity: number;
  occurredAt: number;
  reason?: string | undefined;
  reference?: string | undefined;
  reservationId?: number | undefined;
  reversesSeq?: number | undefined;
  /** The document the movement belongs to. */
  document?: { type: string; id: number } | undefined;
  /** Stock arriving from outside (a receipt, a positive adjustment): its unit cost, folded into the item's moving average. */
  unitCostE4?: number | undefined;
  /** When the movement ships a hold: the hold's whole quantity leaves `reserved`. */
  consumesReserved?: number | undefined;
  /** Lot-tracked items: the lot named (receipts must name one; issues may, else first-expiry-first-out). */
  lot?: LotRef | undefined;
  /** Lot-tracked items: the exact split over lots; on a posted movement, the lots it moved. */
  lots?: LotSplit | undefined;
  /** A return that names no sale: its audit row says so (`return.unreferenced`). */
  unreferenced?: boolean | undefined;
  /** A receipt of a lot already past its expiry, which a manager accepted (`acceptExpired`). */
  acceptExpired?: boolean | undefined;
}

export interface PostedMovement extends Posting {
  seq: number;
  postedAt: number;
  actorId: number;
}

/** Who posts, when, and from which request and client (recorded with each movement). */
export interface PostingContext {
  actorId: number;
  now: number;
  requestId: string;
  client: Client;
}

/** Holding or taking stock from a quarantine: refused for every role. */
export function locationQuarantined(item: ItemRef, location: LocationRef): ServiceError {
  const details = { sku: item.sku, location: location.code };
  return new ServiceError('location_quarantined', { params: details, details });
}

/** The refusal, with the figures a person needs to understand it. */
export function insufficientStock(
  item: ItemRef,
  location: LocationRef,
  requested: number,
  available: number,
): ServiceError {
  const details = {
    sku: item.sku,
    location: location.code,
    requested,
    available: Math.max(0, available),
  };
  return new ServiceError('insufficient_stock', { params: details, details });
}

/** `(?, ?), (?, ?)` for `rows` rows of `columns` values; cached, as shapes repeat. */
const shapes = new Map<string, string>();
export function placeholders(rows: number, columns: number): string {
  const key = `${rows}x${columns}`;
  let text = shapes.get(key);
  if (!text) {
    const row = `(${Array.from({ length: columns }, () => '?').join(', ')})`;
    text = Array.from({ length: rows }, () => row).join(', ');
    shapes.set(key, text);
  }
  return text;
}
