import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  primaryKey,
  sqliteTable,
  text,
  uniqueIndex,
} from 'drizzle-orm/sqlite-core';
import { items, locations, users } from './ledger.js';

/*
 * Stock alerts, their rules, the day-by-day figures they (and the reports) read, and
 * webhook delivery. Days are local dates in the shop's time zone (`shop_settings`),
 * numbered from 1970-01-01 (core/domain/time.ts); they are derived from instants
 * (movements' `occurred_at`, refusals' `at`), so `npm run admin -- rebuild-days` can
 * derive them again in another zone.
 */

/**
 * Per item, internal location and day (of `occurred_at`): what came in, went out,
 * was sold (to @customer, less returns) and was refused for lack of stock: how many
 * postings (`refused`, for the alert) and how many units short (`refused_quantity`:
 * requested − available, the demand stock could not meet, for the forecast). Written
 * with each posting, so velocity, daily outflow and slow movers never scan movements.
 */
export const balanceDays = sqliteTable(
  'balance_days',
  {
    itemId: integer('item_id').notNull(),
    locationId: integer('location_id').notNull(),
    day: integer('day').notNull(),
    inflow: integer('inflow').notNull().default(0),
    outflow: integer('outflow').notNull().default(0),
    sold: integer('sold').notNull().default(0),
    refused: integer('refused').notNull().default(0),
    refusedQuantity: integer('refused_quantity').notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.locationId, t.day] }),
    index('balance_days_location_day').on(t.locationId, t.day),
  ],
);

/**
 * Postings refused for lack of stock, per request, item and location, at the instant
 * they were refused: how many postings and how many units short. `balance_days.refused`
 * and `refused_quantity` are their per-day sums, kept with each refusal and rebuilt
 * from here when the shop's time zone changes.
 */
export const refusals = sqliteTable(
  'refusals',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id').notNull(),
    locationId: integer('location_id').notNull(),
    at: integer('at').notNull(),
    postings: integer('postings').notNull(),
    short: integer('short').notNull(),
  },
  (t) => [index('refusals_at').on(t.at)],
);

/**
 * Alert rules: for an item at a location, an item everywhere, a location, or the
 * default (both empty). The most specific rule that exists applies, whole.
 */
export const alertRules = sqliteTable(
  'alert_rules',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    itemId: integer('item_id').references(() => items.id),
    locationId: integer('location_id').references(() => locations.id),
    min: integer('min'),
    max: integer('max'),
    hysteresis: integer('hysteresis'),
    expiryDays: integer('expiry_days'),
    outflowPercent: integer('outflow_percent'),
    zeroStock: integer('zero_stock', { mode: 'boolean' }),
    refusedPerDay: integer('refused_per_day'),
    anomalyMinOnHand: integer('anomaly_min_on_hand'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    uniqueIndex('alert_rules_scope').on(
      sql`coalesce(${t.itemId}, 0)`,
      sql`coalesce(${t.locationId}, 0)`,
    ),
  ],
);

/**
 * Alerts: `open → acknowledged → resolved`. The partial unique index makes "one open
 * alert per kind, item and location" a fact the database keeps, across processes.
 */
export const alerts = sqliteTable(
  'alerts',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    kind: text('kind').notNull(),
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    status: text('status').notNull(),
    openedAt: integer('opened_at').notNull(),
    acknowledgedAt: integer('acknowledged_at'),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    resolvedAt: integer('resolved_at'),
    details: text('details').notNull(),
  },
  (t) => [
    uniqueIndex('alerts_one_open')
      .on(t.kind, t.itemId, t.locationId)
      .where(sql`${t.status} IN ('open', 'acknowledged')`),
    index('alerts_status_location').on(t.status, t.locationId),
  ],
);

/** Webhook subscriptions: where alert (and other) events are delivered. */
export const subscriptions = sqliteTable('subscriptions', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  kind: text('kind').notNull(),
  url: text('url').notNull(),
  secret: text('secret'),
  language: text('language').notNull(),
  /** JSON array of location codes; null: every location. */
  locations: text('locations'),
  /** JSON array of topics; null: every alert event. */
  events: text('events'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdBy: integer('created_by').notNull(),
  createdAt: integer('created_at').notNull(),
  /** The target's last refusal (its own words, e.g. `wecom 93000: invalid webhook url`); null once a message gets through. */
  lastError: text('last_error'),
  /** Since when every attempt has failed; null while messages get through. */
  failingSince: integer('failing_since'),
  lastDeliveredAt: integer('last_delivered_at'),
});

/**
 * One row per (subscription, event): the unique index keeps an event from being
 * queued twice for a target. Workers claim rows (`claimed_by`, `claimed_until`) so
 * that several processes never send one delivery at once.
 */
export const deliveries = sqliteTable(
  'deliveries',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    subscriptionId: integer('subscription_id').notNull(),
    outboxId: integer('outbox_id').notNull(),
    status: text('status').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at').notNull(),
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    lastError: text('last_error'),
    deliveredAt: integer('delivered_at'),
  },
  (t) => [
    uniqueIndex('deliveries_once').on(t.subscriptionId, t.outboxId),
    index('deliveries_due').on(t.status, t.nextAttemptAt),
  ],
);

/**
 * A rule change whose scope holds more balances than one request evaluates (a default
 * rule over a million balances): the rest are evaluated page by page in the background,
 * from the last (item, location) done. Each page and its cursor move in one write
 * transaction, so two processes never do a page twice.
 */
export const alertRuleJobs = sqliteTable('alert_rule_jobs', {
  id: integer('id').primaryKey({ autoIncrement: true }),
  itemId: integer('item_id'),
  locationId: integer('location_id'),
  afterItemId: integer('after_item_id').notNull(),
  afterLocationId: integer('after_location_id').notNull(),
  evaluated: integer('evaluated').notNull().default(0),
  createdAt: integer('created_at').notNull(),
  finishedAt: integer('finished_at'),
});

/** How far each consumer of the outbox has read (`webhooks`, `teams`, …). */
export const outboxCursors = sqliteTable('outbox_cursors', {
  consumer: text('consumer').primaryKey(),
  lastId: integer('last_id').notNull(),
});
