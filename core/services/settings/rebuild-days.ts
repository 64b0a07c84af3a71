import { DAY_MS, offsetIntervals } from '../../domain/time.js';
import type { Database } from '../../db/client.js';
import type { Executor } from '../../db/types.js';
import { audit, type AuditContext } from '../audit.js';
import { shopZone } from './read-settings.js';

/**
 * A time zone change rebuilds the per-day figures inside `PUT /settings` up to this many
 * movements (measured: 100,000 in about 1 s on a busy 2-core machine, 1,000,000 in 17–22 s);
 * beyond, the operator command does.
 */
export const REBUILD_IN_REQUEST_LIMIT = 50_000;
export const REBUILD_COMMAND = 'npm run admin -- rebuild-days';

export interface RebuildResult {
  rebuilt: boolean;
  movements: number;
  /** When not rebuilt: what an operator runs. */
  command?: string;
}

/** `floor((x + offset) / day)` in SQL (integer division truncates towards zero). */
const dayExpr = (column: string, offset: number) => {
  const x = `(${column} + ${Math.trunc(offset)})`;
  return `((${x} - ((${x} % ${DAY_MS}) + ${DAY_MS}) % ${DAY_MS}) / ${DAY_MS})`;
};

/**
 * Derives every per-day figure (`balance_days`) again from what the ledger keeps as
 * instants: the movements (`occurred_at`) and the refusals (`at`), as local dates in
 * `zone`. The same sums the write path adds up posting by posting (in, out, sold less
 * returns, refusals), so after a rebuild the table is what it would be had the shop
 * always been in `zone`. One statement per stretch of constant offset (two a year in a
 * zone with summer time), inside the caller's write transaction: all or nothing.
 * Forecasts are fitted again from the rebuilt days (their day numbers were the old
 * zone's). With `limit`, a ledger of more movements is left as it is (`rebuilt: false`).
 */
export async function rebuildDays(
  q: Executor,
  zone: string,
  options: { limit?: number } = {},
): Promise<RebuildResult> {
  const { rows } = await q.execute(
    `SELECT (SELECT count(*) FROM movements) AS n,
            min((SELECT min(occurred_at) FROM movements), coalesce((SELECT min(at) FROM refusals), 9e15)) AS first,
            max((SELECT max(occurred_at) FROM movements), coalesce((SELECT max(at) FROM refusals), -9e15)) AS last`,
  );
  const movements = Number(rows[0]?.['n'] ?? 0);
  if (options.limit !== undefined && movements > options.limit)
    return { rebuilt: false, movements, command: REBUILD_COMMAND };
  await q.execute('DELETE FROM balance_days');
  const first = rows[0]?.['first'];
  const last = rows[0]?.['last'];
  if (first !== null && last !== null && first !== undefined && last !== undefined) {
    for (const piece of offsetIntervals(Number(first), Number(last) + 1, zone)) {
      const day = dayExpr('m.occurred_at', piece.offset);
      await q.execute({
        sql: `INSERT INTO balance_days (item_id, location_id, day, inflow, outflow, sold, refused, refused_quantity)
              SELECT item_id, location_id, day, sum(inflow), sum(outflow), sum(sold), 0, 0 FROM (
                SELECT m.item_id, m.source_id AS location_id, ${day} AS day, 0 AS inflow, m.quantity AS outflow,
                       CASE WHEN t.code = '@customer' THEN m.quantity ELSE 0 END AS sold
                  FROM movements m JOIN locations s ON s.id = m.source_id JOIN locations t ON t.id = m.target_id
                 WHERE s.is_virtual = 0 AND m.occurred_at >= ? AND m.occurred_at < ?
                UNION ALL
                SELECT m.item_id, m.target_id, ${day}, m.quantity, 0,
                       CASE WHEN s.code = '@customer' THEN -m.quantity ELSE 0 END
                  FROM movements m JOIN locations s ON s.id = m.source_id JOIN locations t ON t.id = m.target_id
                 WHERE t.is_virtual = 0 AND m.occurred_at >= ? AND m.occurred_at < ?
              ) WHERE true GROUP BY item_id, location_id, day
              ON CONFLICT (item_id, location_id, day) DO UPDATE SET inflow = inflow + excluded.inflow,
                outflow = outflow + excluded.outflow, sold = sold + excluded.sold`,
        args: [piece.from, piece.to, piece.from, piece.to],
      });
      await q.execute({
        sql: `INSERT INTO balance_days (item_id, location_id, day, refused, refused_quantity)
              SELECT item_id, location_id, ${dayExpr('at', piece.offset)} AS day, sum(postings), sum(short)
                FROM refusals WHERE at >= ? AND at < ? GROUP BY item_id, location_id, day
              ON CONFLICT (item_id, location_id, day) DO UPDATE SET refused = refused + excluded.refused,
                refused_quantity = refused_quantity + excluded.refused_quantity`,
        args: [piece.from, piece.to],
      });
    }
  }
  await q.execute(
    'UPDATE forecasts SET through_day = NULL, fitted_day = NULL, model = NULL, claimed_by = NULL, claimed_until = NULL',
  );
  return { rebuilt: true, movements };
}

/**
 * `npm run admin -- rebuild-days`: every per-day figure derived again in the shop's
 * time zone as stored now, in one write transaction (the service keeps running; its
 * postings wait for the commit), audited as `settings.rebuild_days`.
 */
export async function rebuildShopDays(
  database: Database,
  ctx: AuditContext,
): Promise<RebuildResult & { timeZone: string; days: number }> {
  return database.write(async (tx) => {
    const timeZone = await shopZone(tx.raw);
    const result = await rebuildDays(tx.raw, timeZone);
    const { rows } = await tx.raw.execute('SELECT count(*) AS n FROM balance_days');
    const days = Number(rows[0]?.['n'] ?? 0);
    await audit(tx, ctx, {
      action: 'settings.rebuild_days',
      entity: 'settings',
      entityId: 'shop',
      after: { timeZone, movements: result.movements, days },
    });
    return { ...result, timeZone, days };
  });
}
