import { dayDate, localDay } from '../../domain/time.js';
import type { Database } from '../../db/client.js';
import type { ServiceContext } from '../context.js';
import { publish, type OutboxEvent } from '../outbox.js';
import { shopZone } from '../settings/read-settings.js';
import { purchaseSuggestions, PurchaseSuggestionsInput } from './purchase-suggestions.js';

export const WEEKLY_DIGEST_TOPIC = 'suggestions.weekly';

/** The day number of the Monday of the week `day` is in (day 0, 1970-01-01, was a Thursday). */
export function mondayOf(day: number): number {
  return day - ((day + 3) % 7);
}

/**
 * Once a week (the first pass from Monday on, in the shop's time zone), publishes each store's and
 * warehouse's purchase suggestions as a `suggestions.weekly` event: what to order, from
 * whom, how many, and what measured the demand (the forecast, where the item has one). Webhook subscriptions and subscribed Teams group chats of that
 * location get it as a message. The week is recorded in the transaction that publishes,
 * so of two service processes only one does; a pass after that only reads.
 * Returns how many locations' digests it published.
 */
export async function publishWeeklyDigest(
  database: Database,
  options: { now: number },
): Promise<number> {
  const week = mondayOf(localDay(options.now, await shopZone(database.client)));
  const done = await database.client.execute({
    sql: `SELECT 1 FROM weekly_digests WHERE week = ?`,
    args: [week],
  });
  if (done.rows.length > 0) return 0;
  // Suggestions are read outside the write; they are as of now either way.
  const ctx: ServiceContext = {
    database,
    actor: { id: 0, name: 'system', role: 'viewer', locationIds: null },
    requestId: 'weekly-digest',
    client: 'system',
    now: () => options.now,
  };
  const locations = (
    await database.client.execute(
      `SELECT code FROM locations WHERE is_virtual = 0 AND kind IN ('store', 'warehouse') ORDER BY code`,
    )
  ).rows.map((r) => String(r['code']));
  const events: OutboxEvent[] = [];
  for (const location of locations) {
    const suggestions = await purchaseSuggestions({
      ctx,
      input: PurchaseSuggestionsInput.parse({ location }),
    });
    if (suggestions.length === 0) continue;
    const lines = suggestions.map((s) => ({
      sku: s.sku,
      quantity: s.quantity,
      supplier: s.supplier?.name ?? null,
      method: s.figures.method,
    }));
    events.push({
      topic: WEEKLY_DIGEST_TOPIC,
      payload: {
        location,
        week: dayDate(week),
        count: lines.length,
        units: lines.reduce((sum, l) => sum + l.quantity, 0),
        lines,
      },
    });
  }
  return database.write(async (tx) => {
    const claimed = await tx.raw.execute({
      sql: `INSERT INTO weekly_digests (week, published_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
      args: [week, options.now],
    });
    if (claimed.rowsAffected === 0) return 0;
    await publish(tx, options.now, events);
    return events.length;
  });
}
