import { sql } from 'drizzle-orm';
import { check, integer, sqliteTable, text } from 'drizzle-orm/sqlite-core';

/**
 * The shop's settings: one row (`id = 1`), read from the database by every request
 * that needs it, so that every process of one shop agrees. `time_zone` (IANA) defines
 * every "day" (per-day figures, reports, alerts, forecasts, CSV times without an
 * offset); `currency` (ISO 4217) is how money is shown. Written on the first start
 * (`openDatabase`: the zone from `TZ`, else UTC) and by `PUT /settings`, which names
 * the `version` it read.
 */
export const shopSettings = sqliteTable(
  'shop_settings',
  {
    id: integer('id').primaryKey(),
    timeZone: text('time_zone').notNull(),
    currency: text('currency').notNull(),
    skuCaseInsensitive: integer('sku_case_insensitive', { mode: 'boolean' })
      .notNull()
      .default(false),
    version: integer('version').notNull(),
    /** When someone last changed them; null for the defaults of the first start. */
    updatedAt: integer('updated_at'),
    updatedBy: integer('updated_by'),
  },
  () => [check('shop_settings_one_row', sql`id = 1`)],
);
