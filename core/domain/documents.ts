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

/**
 * Stocktakes (counts, 盘点): a location's shelves counted line by line while it keeps
 * selling, differences reviewed, then posted as adjustments.
 *
 * `open` (counting) → `submitted` (variances fixed, approval asked) → `approved` →
 * `posted`; `submitted` goes straight on to `approved` when no policy level applies,
 * and back to `open` when an approver rejects it (recount). `cancelled` from any
 * state before posting.
 */
export const STOCKTAKE_STATUSES = ['open', 'submitted', 'approved', 'posted', 'cancelled'] as const;
export type StocktakeStatus = (typeof STOCKTAKE_STATUSES)[number];

export const STOCKTAKE_MACHINE = {
  count: { from: ['open'], to: ['open'] },
  submit: { from: ['open'], to: ['submitted', 'approved'] },
  approve: { from: ['submitted'], to: ['submitted', 'approved'] },
  reject: { from: ['submitted'], to: ['open'] },
  post: { from: ['approved'], to: ['posted'] },
  cancel: { from: ['open', 'submitted', 'approved'], to: ['cancelled'] },
} as const satisfies Machine<StocktakeStatus, string>;
export type StocktakeAction = keyof typeof STOCKTAKE_MACHINE;

/**
 * Sales orders to business customers: their stock is held from the start; `submit`
 * asks for a credit override when the order is over the customer's credit left.
 */
export const SALES_ORDER_STATUSES = [
  'draft',
  'pending_approval',
  'approved',
  'shipped',
  'paid',
  'rejected',
  'cancelled',
] as const;
export type SalesOrderStatus = (typeof SALES_ORDER_STATUSES)[number];

export const SALES_ORDER_MACHINE = {
  submit: { from: ['draft'], to: ['pending_approval', 'approved'] },
  approve: { from: ['pending_approval'], to: ['pending_approval', 'approved'] },
  reject: { from: ['pending_approval'], to: ['rejected'] },
  ship: { from: ['approved'], to: ['shipped'] },
  pay: { from: ['shipped'], to: ['paid'] },
  cancel: { from: ['pending_approval', 'approved'], to: ['cancelled'] },
} as const satisfies Machine<SalesOrderStatus, string>;
export type SalesOrderAction = keyof typeof SALES_ORDER_MACHINE;

/**
 * Customer returns: `received` straight to the shelf, or `inspecting` in quarantine
 * until every unit is accepted or scrapped (`inspected`), in parts if need be.
 */
export const RETURN_STATUSES = ['received', 'inspecting', 'inspected'] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const RETURN_MACHINE = {
  inspect: { from: ['inspecting'], to: ['inspecting', 'inspected'] },
} as const satisfies Machine<ReturnStatus, string>;
export type ReturnAction = keyof typeof RETURN_MACHINE;

/**
 * Marketplace orders: held at a fulfilling location, then shipped, cancelled, or
 * (once shipped) returned. Repeating the step an order already took changes nothing.
 */
export const CHANNEL_ORDER_STATUSES = ['held', 'shipped', 'cancelled', 'returned'] as const;
export type ChannelOrderStatus = (typeof CHANNEL_ORDER_STATUSES)[number];

export const CHANNEL_ORDER_MACHINE = {
  ship: { from: ['held'], to: ['shipped'] },
  cancel: { from: ['held'], to: ['cancelled'] },
  return: { from: ['shipped'], to: ['returned'] },
} as const satisfies Machine<ChannelOrderStatus, string>;
export type ChannelOrderAction = keyof typeof CHANNEL_ORDER_MACHINE;

/**
 * Every kind of document, once: the table its rows live in, the name its audit rows
 * and refusals give it, and its state machine. The services' one `assertCan` and one
 * `transition` (core/services/lifecycle) read this; nothing else names a table by kind.
 */
export const DOCUMENT_KINDS = {
  transfer: { table: 'transfers', entity: 'transfer', machine: TRANSFER_MACHINE },
  purchase_order: {
    table: 'purchase_orders',
    entity: 'purchase_order',
    machine: PURCHASE_ORDER_MACHINE,
  },
  stocktake: { table: 'stocktakes', entity: 'stocktake', machine: STOCKTAKE_MACHINE },
  sales_order: { table: 'sales_orders', entity: 'sales_order', machine: SALES_ORDER_MACHINE },
  return: { table: 'returns', entity: 'return', machine: RETURN_MACHINE },
  channel_order: { table: 'channel_orders', entity: 'order', machine: CHANNEL_ORDER_MACHINE },
} as const;
export type DocumentKind = keyof typeof DOCUMENT_KINDS;
export type ActionOf<K extends DocumentKind> = keyof (typeof DOCUMENT_KINDS)[K]['machine'] & string;

/**
 * What each approval decides: the document it belongs to, the status the document
 * waits in while it is asked, and where approval and rejection send it (a rejected
 * stocktake is recounted; a rejected write-off goes back to receiving).
 */
export const APPROVAL_KINDS = {
  transfer: {
    document: 'transfer',
    waiting: 'pending_approval',
    approved: 'approved',
    rejected: 'rejected',
  },
  purchase_order: {
    document: 'purchase_order',
    waiting: 'pending_approval',
    approved: 'approved',
    rejected: 'rejected',
  },
  stocktake_variance: {
    document: 'stocktake',
    waiting: 'submitted',
    approved: 'approved',
    rejected: 'open',
  },
  credit_override: {
    document: 'sales_order',
    waiting: 'pending_approval',
    approved: 'approved',
    rejected: 'rejected',
  },
  /** A transfer's write-off: approval closes it, rejection gives it back to receiving. */
  transfer_loss: {
    document: 'transfer',
    waiting: 'loss_pending_approval',
    approved: 'closed_with_discrepancy',
    rejected: 'in_transit',
  },
} as const satisfies Record<
  DocumentType,
  { document: DocumentKind; waiting: string; approved: string; rejected: string }
>;

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
