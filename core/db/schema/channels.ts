import { sql } from 'drizzle-orm';
import { check, index, integer, sqliteTable, text, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { items, locations, reservations } from './ledger.js';

/*
 * Sales channels (stores, marketplaces, the shop's own mini-program) selling from one
 * stock pool. A channel sees, per listing, a figure it can safely sell; orders hold
 * stock at the channel's fulfilling locations.
 */

export const channels = sqliteTable('channels', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  /** Fulfilling locations, in priority order (JSON array of location ids). */
  locationIds: text('location_ids').notNull(),
  /** Show this percentage of available (rounded down). */
  percent: integer('percent').notNull().default(100),
  /** Never show more than this. */
  maxShown: integer('max_shown'),
  /** Show 0 when available is at or below this. */
  safetyFloor: integer('safety_floor').notNull().default(0),
  /** May an order be split across locations when none can fill it alone? */
  allowSplit: integer('allow_split', { mode: 'boolean' }).notNull().default(false),
  /** How this channel's order export (CSV) reads (JSON). */
  csvMapping: text('csv_mapping'),
  createdAt: integer('created_at').notNull(),
});

/**
 * A channel's product code ↔ what it sells: one sku, or a bundle (JSON parts
 * `[{itemId, quantity}]`). `figure` is the last available-to-sell computed and
 * `changeSeq` the channel's change counter when it last changed.
 */
export const channelListings = sqliteTable(
  'channel_listings',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    productCode: text('product_code').notNull(),
    parts: text('parts').notNull(),
    figure: integer('figure'),
    changeSeq: integer('change_seq').notNull().default(0),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('channel_listings_code').on(t.channelId, t.productCode),
    index('channel_listings_change').on(t.channelId, t.changeSeq),
  ],
);

/**
 * Orders from channels, unique per channel order id (the idempotency key). A cancel
 * that arrives before its order leaves a `cancelled` row with no lines, so the late
 * order is recognised and refused.
 */
export const channelOrders = sqliteTable(
  'channel_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    channelId: integer('channel_id')
      .notNull()
      .references(() => channels.id),
    externalId: text('external_id').notNull(),
    /** `held`, `shipped`, `cancelled`, `returned`. */
    status: text('status').notNull(),
    /** What the order asked for (JSON `[{productCode, quantity}]`), to recognise a resend. */
    request: text('request'),
    /** When the buyer placed (or paid) it, as the channel says; null when not said. */
    placedAt: integer('placed_at'),
    version: integer('version').notNull().default(1),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('channel_orders_external').on(t.channelId, t.externalId),
    index('channel_orders_status').on(t.status, t.id),
  ],
);

/** The holds an order placed: one per item and location (a bundle or a split makes several). */
export const channelOrderHolds = sqliteTable(
  'channel_order_holds',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    orderId: integer('order_id')
      .notNull()
      .references(() => channelOrders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    quantity: integer('quantity').notNull(),
    reservationId: integer('reservation_id')
      .notNull()
      .references(() => reservations.id),
  },
  (t) => [
    index('channel_order_holds_order').on(t.orderId),
    check('channel_order_holds_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/** Business customers (B2B): a credit limit and payment terms. */
export const customers = sqliteTable('customers', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  /** In 1/10,000 of the currency unit; null: no limit. */
  creditLimitE4: integer('credit_limit_e4'),
  paymentTermsDays: integer('payment_terms_days').notNull().default(0),
  createdAt: integer('created_at').notNull(),
});

/**
 * Sales orders to business customers: `pending_approval` (over the credit left, a
 * `credit_override` approval is asked) → `approved` (stock held from creation) →
 * `shipped` (an invoice due after the payment terms) → `paid`; or `rejected`,
 * `cancelled` before shipping (the holds are released).
 */
export const salesOrders = sqliteTable(
  'sales_orders',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    customerId: integer('customer_id')
      .notNull()
      .references(() => customers.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').notNull(),
    valueE4: integer('value_e4').notNull(),
    reference: text('reference'),
    version: integer('version').notNull().default(1),
    requestedBy: integer('requested_by').notNull(),
    createdAt: integer('created_at').notNull(),
    updatedAt: integer('updated_at').notNull(),
    shippedAt: integer('shipped_at'),
    dueAt: integer('due_at'),
    paidAt: integer('paid_at'),
  },
  (t) => [
    index('sales_orders_customer').on(t.customerId, t.status),
    index('sales_orders_status').on(t.status, t.id),
  ],
);

export const salesOrderLines = sqliteTable(
  'sales_order_lines',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    salesOrderId: integer('sales_order_id')
      .notNull()
      .references(() => salesOrders.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    quantity: integer('quantity').notNull(),
    unitPriceE4: integer('unit_price_e4').notNull(),
    reservationId: integer('reservation_id'),
  },
  (t) => [
    index('sales_order_lines_order').on(t.salesOrderId),
    check('sales_order_lines_quantity_positive', sql`${t.quantity} > 0`),
  ],
);
