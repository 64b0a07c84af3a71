/**
 * The state machines of documents. Each action lists the states it may start from;
 * anything else is `invalid_state`. Where an action can end in more than one state
 * (submit: approval needed or not; receive: all or part), the service decides which
 * of the listed outcomes applies.
 */

export const TRANSFER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'in_transit',
  'partially_received',
  'received',
  'closed_with_discrepancy',
  /** Closed with a write-off over the `transfer_loss` policy: waiting for its approval. */
  'loss_pending_approval',
  'rejected',
  'cancelled',
] as const;
export type TransferStatus = (typeof TRANSFER_STATUSES)[number];

export const PURCHASE_ORDER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'partially_received',
  'received',
  /** Ended by the buyer before everything arrived: the rest is no longer on order. */
  'closed_short',
  'rejected',
  'cancelled',
] as const;
export type PurchaseOrderStatus = (typeof PURCHASE_ORDER_STATUSES)[number];

export const DOCUMENT_TYPES = [
  'transfer',
  'purchase_order',
  'stocktake_variance',
  'credit_override',
  'transfer_loss',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

type Machine<S extends string, A extends string> = Record<
  A,
  { from: readonly S[]; to: readonly S[] }
>;

export const TRANSFER_MACHINE = {
  submit: { from: ['draft'], to: ['pending_approval', 'approved'] },
  /** The request's approval, or the write-off's (`transfer_loss`). */
  approve: {
    from: ['pending_approval', 'loss_pending_approval'],
    to: ['pending_approval', 'approved', 'loss_pending_approval', 'closed_with_discrepancy'],
  },
  reject: {
    from: ['pending_approval', 'loss_pending_approval'],
    to: ['rejected', 'in_transit', 'partially_received'],
  },
  cancel: { from: ['draft', 'pending_approval', 'approved'], to: ['cancelled'] },
  expire: { from: ['pending_approval'], to: ['cancelled'] },
  /** All or part; a later shipment takes what was kept held (`heldAtSource`). */
  ship: {
    from: ['approved', 'in_transit', 'partially_received'],
    to: ['in_transit', 'partially_received'],
  },
  receive: { from: ['in_transit', 'partially_received'], to: ['partially_received', 'received'] },
  close: {
    from: ['in_transit', 'partially_received'],
    to: ['closed_with_discrepancy', 'loss_pending_approval'],
  },
} as const satisfies Machine<TransferStatus, string>;
export type TransferAction = keyof typeof TRANSFER_MACHINE;

export const PURCHASE_ORDER_MACHINE = {
  /** Lines, quantities, costs, supplier and note change only while nobody has been asked yet. */
  edit: { from: ['draft'], to: ['draft'] },
  submit: { from: ['draft'], to: ['pending_approval', 'approved'] },
  approve: { from: ['pending_approval'], to: ['pending_approval', 'approved'] },
  reject: { from: ['pending_approval'], to: ['rejected'] },
  cancel: { from: ['draft', 'pending_approval', 'approved'], to: ['cancelled'] },
  receive: { from: ['approved', 'partially_received'], to: ['partially_received', 'received'] },
  /**
   * Close short: part arrived and the rest never will. Before anything arrived that is
   * a cancellation; once everything arrived there is nothing left to close.
   */
  close: { from: ['partially_received'], to: ['closed_short'] },
} as const satisfies Machine<PurchaseOrderStatus, string>;

/**
 * Purchase orders whose undelivered remainder is "on order" for replenishment: every
 * one still going somewhere, drafts included (a buyer's draft is an intention to buy;
 * not counting it makes the next suggestion order the same units again).
 */
export const PURCHASE_ORDER_ON_ORDER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'partially_received',
] as const satisfies readonly PurchaseOrderStatus[];
export type PurchaseOrderAction = keyof typeof PURCHASE_ORDER_MACHINE;

/** May `action` start from `status`? */
export function canStart<S extends string, A extends string>(
  machine: Machine<S, A>,
  action: A,
  status: string,
): boolean {
  return (machine[action].from as readonly string[]).includes(status);
}

/** The status after receiving: everything in (`received`) or not yet. */
export function receivedStatus<S extends 'received' | 'partially_received'>(
  lines: ReadonlyArray<{ expected: number; received: number }>,
): S {
  return (lines.every((l) => l.received >= l.expected) ? 'received' : 'partially_received') as S;
}

/**
 * The most a purchase order line may receive in all: what was ordered plus the
 * supplier's over-receipt tolerance, rounded down to whole units (10 % of 15 is 1).
 */
export function receivableAtMost(ordered: number, tolerancePercent: number): number {
  return ordered + Math.floor((ordered * tolerancePercent) / 100);
}

export const CLOSE_REASONS = ['lost', 'damaged'] as const;
export type CloseReason = (typeof CLOSE_REASONS)[number];

/** A transfer line's units still held at the source: neither shipped nor given back. */
export function heldAtSource(line: {
  quantity: number;
  shipped: number;
  released: number;
}): number {
  return line.quantity - line.shipped - line.released;
}

/** A transfer line's units in transit: shipped, neither received nor written off. */
export function inTransit(line: { shipped: number; received: number; lost: number }): number {
  return line.shipped - line.received - line.lost;
}
