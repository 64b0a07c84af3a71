import { index, integer, primaryKey, sqliteTable, text } from 'drizzle-orm/sqlite-core';
import { items, locations } from './ledger.js';

/*
 * Demand forecasts, fitted off the write path by a worker (`core/services/forecasts/`).
 * Days are UTC day numbers, as in `balance_days`.
 */

/**
 * One fitted model per item and store or warehouse that has had demand. The worker
 * claims due rows (`claimed_by`, `claimed_until`), so that two processes never fit one
 * series at once, takes in each day once it is over, and fits the parameters again
 * every few weeks. `model` is the domain's `ForecastModel` as JSON; null while the
 * series is too short to forecast.
 */
export const forecasts = sqliteTable(
  'forecasts',
  {
    itemId: integer('item_id')
      .notNull()
      .references(() => items.id),
    locationId: integer('location_id')
      .notNull()
      .references(() => locations.id),
    /** The last day taken in; null before the first pass. */
    throughDay: integer('through_day'),
    /** The day the smoothing parameters were last chosen. */
    fittedDay: integer('fitted_day'),
    model: text('model'),
    claimedBy: text('claimed_by'),
    claimedUntil: integer('claimed_until'),
    updatedAt: integer('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.itemId, t.locationId] }),
    index('forecasts_due').on(t.throughDay),
  ],
);

/**
 * The days whose new series have been looked for: a series gets its `forecasts` row
 * the day after its first demand. Writing the same day twice (two processes) is harmless.
 */
export const forecastDays = sqliteTable('forecast_days', {
  day: integer('day').primaryKey(),
  doneAt: integer('done_at').notNull(),
});

/**
 * The weeks whose "what to order" digest has been published (the week by the day
 * number of its Monday). Inserted in the transaction that publishes the digest, so that
 * of two processes only one does.
 */
export const weeklyDigests = sqliteTable('weekly_digests', {
  week: integer('week').primaryKey(),
  publishedAt: integer('published_at').notNull(),
});
