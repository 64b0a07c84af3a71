import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';

/*
 * The ledger's tables. Times are integer milliseconds since the epoch (UTC); the API
 * speaks ISO-8601. Quantities are integers in the item's base unit.
 *
 * Invariants the database itself enforces (so no code path can break them):
 * - a movement moves a positive quantity;
 * - an internal location's balance has 0 ≤ reserved ≤ on hand;
 * - a movement is reversed at most once.
 */

export const users = sqliteTable('users', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  name: text('name').notNull().unique(),
  role: text('role', { enum: ['admin', 'manager', 'clerk', 'viewer'] }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
});

/** Personal access tokens, stored as SHA-256 hashes; the plain token is shown once. */
export const apiTokens = sqliteTable(
  'api_tokens',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: text('token_hash').notNull().unique(),
    label: text('label'),
    createdAt: integer('created_at').notNull(),
    revokedAt: integer('revoked_at'),
  },
  (t) => [index('api_tokens_user').on(t.userId)],
);

export const locations = sqliteTable('locations', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  kind: text('kind', {
    enum: [
      'warehouse',
      'store',
      'supplier',
      'customer',
      'adjustment',
      'transit',
      'scrap',
      'quarantine',
    ],
  }).notNull(),
  isVirtual: integer('is_virtual', { mode: 'boolean' }).notNull(),
  /** A quarantine location's store or warehouse: returned stock waits there, on hand but not available. */
  parentId: integer('parent_id'),
  /**
   * Where replenishment suggestions source this store or warehouse from: another
   * store or warehouse, or `@supplier` (always buy). Null: the default (a store from
   * the warehouses, a warehouse from suppliers).
   */
  replenishFromId: integer('replenish_from_id'),
  createdAt: integer('created_at').notNull(),
});

/** Where a scoped user may write; a user with no rows here may write everywhere. */
export const userLocations = sqliteTable(
  'user_locations',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.locationId] })],
);

export const items = sqliteTable('items', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  sku: text('sku').notNull().unique(),
  name: text('name').notNull(),
  unit: text('unit').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: integer('created_at').notNull(),
  /** Moving-average unit cost from receipts, in 1/10,000 of the currency unit. */
  avgUnitCostE4: integer('avg_unit_cost_e4'),
  /** Set when merged into another item: its sku then names that item in new requests. */
  mergedIntoId: integer('merged_into_id'),
  /** Receipts carry a lot and its expiry; stock is kept per lot and issued first-expiry-first-out. */
  lotTracked: integer('lot_tracked', { mode: 'boolean' }).notNull().default(false),
});

/** Lots of lot-tracked items: a code unique per item, and the day it expires (`YYYY-MM-DD`, UTC). */
export const lots = sqliteTable(
  'lots',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    code: text('code').notNull(),
    expiresOn: text('expires_on').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [uniqueIndex('lots_item_code').on(t.itemId, t.code), index('lots_code').on(t.code)],
);

export const barcodes = sqliteTable(
  'barcodes',
  {
    code: text('code').primaryKey(),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    multiplier: integer('multiplier').notNull().default(1),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [
    index('barcodes_item').on(t.itemId),
    check('barcodes_multiplier_positive', sql`${t.multiplier} > 0`),
  ],
);

/**
 * The ledger: append-only. `seq` is assigned under the database write lock, so it
 * grows in commit order and a reader polling `seq > n` never misses a row.
 */
export const movements = sqliteTable(
  'movements',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    type: text('type').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    sourceId: integer('source_id')
      .notNull()
      .references(() => locations.id),
    targetId: integer('target_id')
      .notNull()
      .references(() => locations.id),
    quantity: integer('quantity').notNull(),
    occurredAt: integer('occurred_at').notNull(),
    postedAt: integer('posted_at').notNull(),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    reason: text('reason'),
    reference: text('reference'),
    reservationId: integer('reservation_id'),
    reversesSeq: integer('reverses_seq').unique(),
    /** The request that posted it, and from which client: read by the audit trigger. */
    requestId: text('request_id'),
    client: text('client'),
    /** The document the movement belongs to (`transfer`, `purchase_order`, …). */
    documentType: text('document_type'),
    documentId: integer('document_id'),
    /** For receipts from a purchase order: the unit cost, in 1/10,000 of the currency unit. */
    unitCostE4: integer('unit_cost_e4'),
  },
  (t) => [
    index('movements_item_seq').on(t.itemId, t.seq),
    index('movements_source_seq').on(t.sourceId, t.seq),
    index('movements_target_seq').on(t.targetId, t.seq),
    check('movements_quantity_positive', sql`${t.quantity} > 0`),
    check('movements_locations_differ', sql`${t.sourceId} <> ${t.targetId}`),
  ],
);

/**
 * Current stock per item and location, updated in the same transaction as each
 * movement. `is_virtual` is copied from the location so that a CHECK can hold
 * internal balances to 0 ≤ reserved ≤ on_hand while virtual ones go negative.
 * |on_hand| stays within JavaScript's safe integers.
 */
export const balances = sqliteTable(
  'balances',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    isVirtual: integer('is_virtual', { mode: 'boolean' }).notNull(),
    onHand: integer('on_hand').notNull().default(0),
    reserved: integer('reserved').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.locationId] }),
    index('balances_location').on(t.locationId),
    check(
      'balances_internal_not_negative',
      sql`${t.isVirtual} = 1 OR (${t.onHand} >= 0 AND ${t.reserved} >= 0 AND ${t.reserved} <= ${t.onHand})`,
    ),
    check('balances_safe_integer', sql`abs(${t.onHand}) <= 9007199254740991`),
  ],
);

export const reservations = sqliteTable(
  'reservations',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    quantity: integer('quantity').notNull(),
    committedQuantity: integer('committed_quantity').notNull().default(0),
    status: text('status', { enum: ['pending', 'committed', 'released', 'expired'] }).notNull(),
    reference: text('reference'),
    expiresAt: integer('expires_at'),
    createdAt: integer('created_at').notNull(),
    settledAt: integer('settled_at'),
    actorId: integer('actor_id')
      .notNull()
      .references(() => users.id),
    movementSeq: integer('movement_seq'),
  },
  (t) => [
    // Only pending holds with an expiry are ever looked up by time.
    index('reservations_pending_expiry')
      .on(t.itemId, t.locationId, t.expiresAt)
      .where(sql`${t.status} = 'pending' AND ${t.expiresAt} IS NOT NULL`),
    index('reservations_due')
      .on(t.expiresAt)
      .where(sql`${t.status} = 'pending' AND ${t.expiresAt} IS NOT NULL`),
    check('reservations_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/**
 * The lots a movement of a lot-tracked item moved: one row per lot, quantities adding
 * up to the movement's. Written with the movement, in the same transaction.
 */
export const movementLots = sqliteTable(
  'movement_lots',
  {
    seq: integer('seq')
      .notNull()
      .references(() => movements.seq),
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    quantity: integer('quantity').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.seq, t.lotId] }),
    index('movement_lots_lot').on(t.lotId, t.seq),
    check('movement_lots_quantity_positive', sql`${t.quantity} > 0`),
  ],
);

/**
 * Stock per lot and location, beside `balances` (whose on hand is their sum for a
 * lot-tracked item). Internal locations never go below zero in a lot.
 */
export const lotBalances = sqliteTable(
  'lot_balances',
  {
    lotId: integer('lot_id')
      .notNull()
      .references(() => lots.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    isVirtual: integer('is_virtual', { mode: 'boolean' }).notNull(),
    onHand: integer('on_hand').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.lotId, t.locationId] }),
    index('lot_balances_item_location').on(t.itemId, t.locationId),
    check('lot_balances_internal_not_negative', sql`${t.isVirtual} = 1 OR ${t.onHand} >= 0`),
  ],
);

/**
 * Responses remembered per (user, Idempotency-Key), written in the same transaction
 * as the effect they describe. A key that names a batch row (not a whole request)
 * remembers that row's movement.
 */
export const idempotencyKeys = sqliteTable(
  'idempotency_keys',
  {
    userId: integer('user_id').notNull(),
    key: text('key').notNull(),
    requestHash: text('request_hash').notNull(),
    status: integer('status').notNull(),
    body: text('body').notNull(),
    createdAt: integer('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);

/**
 * Who changed what, when, from where: one row per write, in the same transaction.
 * Rows for movements are written by the trigger `movements_audit` (migration 0004),
 * so no code path can post a movement without its audit row; other writes call
 * `audit()` in `core/services/audit.ts`.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    at: integer('at').notNull(),
    actorId: integer('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    before: text('before'),
    after: text('after'),
    requestId: text('request_id'),
    client: text('client').notNull(),
  },
  (t) => [
    index('audit_entity').on(t.entity, t.entityId, t.id),
    index('audit_actor').on(t.actorId, t.id),
    index('audit_at').on(t.at),
  ],
);

/**
 * Service processes that are running now: each refreshes its row every few seconds.
 * `npm run restore` refuses to replace a database that has a fresh heartbeat here.
 */
export const instances = sqliteTable('instances', {
  id: text('id').primaryKey(),
  pid: integer('pid').notNull(),
  host: text('host').notNull(),
  startedAt: integer('started_at').notNull(),
  heartbeatAt: integer('heartbeat_at').notNull(),
});

/**
 * One row: the ledger's epoch, a random id written when the database is created and
 * again by every restore. Seqs count within an epoch: a client that saw seq 156 of
 * another epoch must read everything again, because a restored ledger hands out
 * those seqs a second time.
 */
export const ledgerMeta = sqliteTable(
  'ledger_meta',
  {
    id: integer('id').primaryKey(),
    epoch: text('epoch').notNull(),
    /** When this epoch began (creation or restore), ms. */
    startedAt: integer('started_at').notNull(),
  },
  () => [check('ledger_meta_one_row', sql`id = 1`)],
);
