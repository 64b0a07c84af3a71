import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { items, locations, users } from './ledger.js';

/*
 * Documents (transfers, purchase orders) and the approval engine. A document's
 * `version` grows with every change: a change names the version it saw, and the
 * database refuses it if another change came first (compare-and-set).
 * Money is stored as integers of 1/10,000 of the currency unit (`…_e4`).
 */

export const suppliers = sqliteTable('suppliers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  contact: text('contact'),
  leadTimeDays: integer('lead_time_days').notNull().default(0),
  packSize: integer('pack_size').notNull().default(1),
  /** How much more than ordered a delivery may bring, in percent of the line (0: not a unit more). */
  overReceiptPercent: integer('over_receipt_percent').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});

export const transfers = sqliteTable(
  'transfers',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    fromLocationId: integer('from_location_id')
      .notNull()
      .references(() => locations.id),
    toLocationId: integer('to_location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** When a transfer still waiting for approval is cancelled by the expiry worker. */
    approvalExpiresAt: integer('approval_expires_at'),
    shippedBy: integer('shipped_by'),
    shippedAt: integer('shipped_at'),
    closedBy: integer('closed_by'),
    closedAt: integer('closed_at'),
    closeReason: text('close_reason'),
    /** Who asked to write off what never arrived, and when (a `transfer_loss` approval may wait). */
    lossRequestedBy: integer('loss_requested_by'),
    lossRequestedAt: integer('loss_requested_at'),
  },
  (t) => [
    index('transfers_status').on(t.status, t.id),
    index('transfers_from').on(t.fromLocationId),
    index('transfers_to').on(t.toLocationId),
    index('transfers_expiry').on(t.approvalExpiresAt).where(sql`${t.status} = 'pending_approval'`),
  ],
);

export const transferLines = sqliteTable(
  'transfer_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    transferId: integer('transfer_id')
      .notNull()
      .references(() => transfers.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    quantity: integer('quantity').notNull(),
    /** The hold at the source, from creation until shipping, rejection or cancellation. */
    reservationId: integer('reservation_id'),
    shipped: integer('shipped').notNull().default(0),
    received: integer('received').notNull().default(0),
    lost: integer('lost').notNull().default(0),
    /** Not shipped and given back to the source (a partial shipment with `rest: release`, or closing). */
    released: integer('released').notNull().default(0),
    /** Why what is still in transit is written off (lost, damaged), and a note; set on closing. */
    lossReason: text('loss_reason'),
    lossNote: text('loss_note'),
  },
  (t) => [
    uniqueIndex('transfer_lines_item').on(t.transferId, t.itemId),
    check('transfer_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('transfer_lines_nothing_twice', sql`${t.received} + ${t.lost} <= ${t.shipped}`),
  ],
);

export const purchaseOrders = sqliteTable(
  'purchase_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    supplierId: integer('supplier_id')
      .notNull()
      .references(() => suppliers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Closed short: who ended it, when, and why the rest will not come. */
    closedBy: integer('closed_by'),
    closedAt: integer('closed_at'),
    closeReason: text('close_reason'),
  },
  (t) => [
    index('purchase_orders_status').on(t.status, t.id),
    index('purchase_orders_location').on(t.locationId),
  ],
);

export const purchaseOrderLines = sqliteTable(
  'purchase_order_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    purchaseOrderId: integer('purchase_order_id')
      .notNull()
      .references(() => purchaseOrders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    quantity: integer('quantity').notNull(),
    unitCostE4: integer('unit_cost_e4').notNull(),
    received: integer('received').notNull().default(0),
  },
  (t) => [
    uniqueIndex('purchase_order_lines_item').on(t.purchaseOrderId, t.itemId),
    // An item's lines in order: its last purchase (supplier, cost) is one seek, not a scan.
    index('purchase_order_lines_by_item').on(t.itemId, t.id),
    check('purchase_order_lines_quantity_positive', sql`${t.quantity} > 0`),
    // At most the order plus the largest over-receipt tolerance a supplier may have (100 %).
    check(
      'purchase_order_lines_received',
      sql`${t.received} >= 0 AND ${t.received} <= 2 * ${t.quantity}`,
    ),
  ],
);

/** Per document type: the ordered approval levels (JSON) and the optional expiry. */
export const approvalPolicies = sqliteTable('approval_policies', {
  documentType: text('document_type').primaryKey(),
  levels: text('levels').notNull(),
  expiryHours: integer('expiry_hours'),
  /** A decider eligible for several levels in a row decides them at once. */
  combineLevels: integer('combine_levels', { mode: 'boolean' }).notNull().default(true),
  updatedAt: integer('updated_at').notNull(),
  updatedBy: integer('updated_by'),
});

/**
 * The approvals a document needs, one row per level, made when it is submitted.
 * The lowest level still `waiting` is the one being asked (status `pending`).
 */
export const approvalSteps = sqliteTable(
  'approval_steps',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    documentType: text('document_type').notNull(),
    documentId: integer('document_id').notNull(),
    /** Each submission of a document asks anew (a rejected stocktake is recounted and resubmitted). */
    round: integer('round').notNull().default(1),
    level: integer('level').notNull(),
    role: text('role').notNull(),
    /** Location ids whose managers qualify (JSON array); the document's locations. */
    locationIds: text('location_ids').notNull(),
    status: text('status').notNull(),
    decidedBy: integer('decided_by'),
    decidedAt: integer('decided_at'),
    comment: text('comment'),
    client: text('client'),
  },
  (t) => [
    uniqueIndex('approval_steps_document_round_level').on(
      t.documentType,
      t.documentId,
      t.round,
      t.level,
    ),
    index('approval_steps_pending').on(t.status).where(sql`${t.status} = 'pending'`),
  ],
);

/**
 * Events for notification channels (the Teams bot, webhooks), written in the same
 * transaction as what they announce. Delivery is tracked per channel by later issues.
 */
export const outbox = sqliteTable(
  'outbox',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    topic: text('topic').notNull(),
    documentType: text('document_type'),
    documentId: integer('document_id'),
    payload: text('payload').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [index('outbox_topic').on(t.topic, t.id)],
);

/**
 * Stocktakes (counts) of one location. A line records what was counted and the book
 * quantity at the moment of its last count, so sales during the count are not part
 * of the difference. Variances are fixed when the stocktake is submitted.
 */
export const stocktakes = sqliteTable(
  'stocktakes',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').notNull(),
    blind: integer('blind', { mode: 'boolean' }).notNull(),
    /** `all` (any item may be counted) or `list` (only the lines made at creation). */
    scope: text('scope', { enum: ['all', 'list'] }).notNull(),
    note: text('note'),
    version: integer('version').notNull().default(1),
    requestedBy: integer('requested_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    /** Who asked for the variances to be accepted (may not approve them). */
    submittedBy: integer('submitted_by'),
    submittedAt: integer('submitted_at'),
    postedAt: integer('posted_at'),
    postedBy: integer('posted_by'),
  },
  (t) => [
    index('stocktakes_status').on(t.status, t.id),
    index('stocktakes_location').on(t.locationId, t.id),
  ],
);

export const stocktakeLines = sqliteTable(
  'stocktake_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    stocktakeId: integer('stocktake_id')
      .notNull()
      .references(() => stocktakes.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    /** Null until counted. */
    counted: integer('counted'),
    /** On hand at the location when the line was last counted. */
    bookAtCount: integer('book_at_count'),
    countedAt: integer('counted_at'),
    countedBy: integer('counted_by'),
    /** Set on submit: counted − book at count, and the unit cost it is valued at. */
    variance: integer('variance'),
    unitCostE4: integer('unit_cost_e4'),
  },
  (t) => [
    uniqueIndex('stocktake_lines_item').on(t.stocktakeId, t.itemId),
    index('stocktake_lines_item_counted').on(t.itemId, t.countedAt),
    check('stocktake_lines_counted_not_negative', sql`${t.counted} IS NULL OR ${t.counted} >= 0`),
  ],
);

/**
 * Customer returns. Without inspection the stock goes straight back to the shelf;
 * with inspection it waits in the location's quarantine location (on hand, not
 * available) until each unit is accepted back or scrapped.
 */
export const customerReturns = sqliteTable(
  'returns',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    /** `received` (straight to the shelf), `inspecting`, `inspected`. */
    status: text('status').notNull(),
    inspect: integer('inspect', { mode: 'boolean' }).notNull(),
    reference: text('reference'),
    reason: text('reason'),
    version: integer('version').notNull().default(1),
    createdBy: integer('created_by')
      .notNull()
      .references(() => users.id),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [index('returns_status').on(t.status, t.id)],
);

export const returnLines = sqliteTable(
  'return_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    returnId: integer('return_id')
      .notNull()
      .references(() => customerReturns.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    lotId: integer('lot_id'),
    quantity: integer('quantity').notNull(),
    /** The issue it returns, when known: what was sold there bounds what can come back. */
    originalSeq: integer('original_seq'),
    accepted: integer('accepted').notNull().default(0),
    scrapped: integer('scrapped').notNull().default(0),
  },
  (t) => [
    index('return_lines_return').on(t.returnId),
    index('return_lines_original').on(t.originalSeq).where(sql`${t.originalSeq} IS NOT NULL`),
    check('return_lines_quantity_positive', sql`${t.quantity} > 0`),
    check('return_lines_inspected', sql`${t.accepted} + ${t.scrapped} <= ${t.quantity}`),
  ],
);
