import { and, asc, eq, gt, ne, or } from 'drizzle-orm';
import { localDay } from '../../domain/time.js';
import type { Database } from '../../db/client.js';
import { balances, items, locations } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { availableSql } from '../stock-sql.js';
import { shopZone } from '../settings/read-settings.js';
import { evaluateAlerts } from './evaluate-alerts.js';

/** Balances evaluated inside the request that changed a rule; the rest go to the background. */
export const REQUEST_PAGE = 1000;
/** Balances per background transaction. */
export const JOB_PAGE = 2000;

export interface RuleScopeIds {
  itemId: number | null;
  locationId: number | null;
}

interface Cursor {
  itemId: number;
  locationId: number;
}

/**
 * Re-evaluates the alerts of the balances a rule change touches (its scope), as if
 * each had just been posted to without changing: min, max and zero stock open or
 * resolve now, not at the next movement. One page, from `after`, in `tx`.
 * Stores and warehouses only (a quarantine is never alerted on). Returns where the
 * next page starts, or null when the scope is done.
 */
export async function reevaluatePage(
  tx: Tx,
  ctx: { now: number; requestId: string },
  scope: RuleScopeIds,
  after: Cursor,
  limit: number,
): Promise<{ evaluated: number; next: Cursor | null }> {
  const now = ctx.now;
  const zone = await shopZone(tx.raw);
  const rows = await tx
    .select({
      itemId: balances.itemId,
      sku: items.sku,
      locationId: balances.locationId,
      code: locations.code,
      onHand: balances.onHand,
      available: availableSql(now, zone),
    })
    .from(balances)
    .innerJoin(items, eq(items.id, balances.itemId))
    .innerJoin(locations, eq(locations.id, balances.locationId))
    .where(
      and(
        eq(balances.isVirtual, false),
        ne(locations.kind, 'quarantine'),
        scope.itemId === null ? undefined : eq(balances.itemId, scope.itemId),
        scope.locationId === null ? undefined : eq(balances.locationId, scope.locationId),
        or(
          gt(balances.itemId, after.itemId),
          and(eq(balances.itemId, after.itemId), gt(balances.locationId, after.locationId)),
        ),
      ),
    )
    .orderBy(asc(balances.itemId), asc(balances.locationId))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const day = localDay(now, zone);
  await evaluateAlerts(
    tx,
    ctx,
    page.map((r) => {
      // What a stock read shows as available: the one rule (`availableSql`).
      const figures = { onHand: r.onHand, available: r.available };
      return {
        item: { id: r.itemId, sku: r.sku },
        location: { id: r.locationId, code: r.code },
        before: figures,
        after: figures,
        outflows: [],
        day,
      };
    }),
  );
  const last = page.at(-1);
  return {
    evaluated: page.length,
    next: rows.length > limit && last ? { itemId: last.itemId, locationId: last.locationId } : null,
  };
}

/**
 * Evaluates the first page of a rule change's scope in its own transaction and leaves
 * a job for the rest. Returns how many balances were evaluated now and whether more follow.
 */
export async function reevaluateScope(
  tx: Tx,
  ctx: { now: number; requestId: string },
  scope: RuleScopeIds,
): Promise<{ balances: number; continuing: boolean }> {
  const { evaluated, next } = await reevaluatePage(
    tx,
    ctx,
    scope,
    { itemId: 0, locationId: 0 },
    REQUEST_PAGE,
  );
  if (next) {
    await tx.raw.execute({
      sql: `INSERT INTO alert_rule_jobs (item_id, location_id, after_item_id, after_location_id, evaluated, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      args: [scope.itemId, scope.locationId, next.itemId, next.locationId, evaluated, ctx.now],
    });
  }
  return { balances: evaluated, continuing: next !== null };
}

/**
 * The background part: one page of each unfinished job, each in a write transaction
 * that reads the job's cursor, evaluates the page and moves the cursor, so a page is
 * done once whichever process gets there first. Reads first: no job, no write lock.
 */
export async function continueRuleEvaluations(
  database: Database,
  now: number,
  pages = 5,
): Promise<number> {
  const pending = await database.client.execute(
    `SELECT id FROM alert_rule_jobs WHERE finished_at IS NULL ORDER BY id LIMIT 10`,
  );
  let evaluated = 0;
  for (const job of pending.rows) {
    for (let page = 0; page < pages; page++) {
      const done = await database.write(async (tx) => {
        const { rows } = await tx.raw.execute({
          sql: `SELECT item_id, location_id, after_item_id, after_location_id FROM alert_rule_jobs WHERE id = ? AND finished_at IS NULL`,
          args: [Number(job['id'])],
        });
        const row = rows[0];
        if (!row) return true;
        const scope = {
          itemId: row['item_id'] === null ? null : Number(row['item_id']),
          locationId: row['location_id'] === null ? null : Number(row['location_id']),
        };
        const result = await reevaluatePage(
          tx,
          { now, requestId: `alert-rule-job-${job['id']}` },
          scope,
          { itemId: Number(row['after_item_id']), locationId: Number(row['after_location_id']) },
          JOB_PAGE,
        );
        evaluated += result.evaluated;
        await tx.raw.execute({
          sql: `UPDATE alert_rule_jobs SET after_item_id = ?, after_location_id = ?, evaluated = evaluated + ?, finished_at = ? WHERE id = ?`,
          args: [
            result.next?.itemId ?? Number(row['after_item_id']),
            result.next?.locationId ?? Number(row['after_location_id']),
            result.evaluated,
            result.next ? null : now,
            Number(job['id']),
          ],
        });
        return result.next === null;
      });
      if (done) break;
    }
  }
  return evaluated;
}
