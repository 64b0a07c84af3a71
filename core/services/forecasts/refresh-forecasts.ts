import { randomUUID } from 'node:crypto';
import {
  fitForecast,
  FIT_HISTORY_DAYS,
  updateForecast,
  type ForecastModel,
} from '../../domain/forecast.js';
import type { Database } from '../../db/client.js';
import { failpoint } from '../../db/failpoints.js';
import type { Executor, Tx } from '../../db/types.js';
import { localDay } from '../../domain/time.js';
import { shopZone } from '../settings/read-settings.js';

/** The smoothing parameters and profiles are chosen again after this many days; in between, days are only taken in. */
export const REFIT_DAYS = 28;
const CLAIM_MS = 5 * 60_000;
const BATCH = 200;
const CHUNK = 150;

export interface RefreshOptions {
  now: number;
  workerId?: string;
  /** At most this many series per call (the rest wait for the next pass). */
  limit?: number;
  /**
   * Run every step in this transaction (a caller that owns the write, like the
   * simulation's day). Without it, claiming and writing back are short transactions of
   * their own and fitting happens between them, holding no lock.
   */
  tx?: Tx;
}

export interface RefreshOutcome {
  /** Series seen for the first time. */
  discovered: number;
  /** Series fitted from their history, and series that only took in the days since. */
  fitted: number;
  updated: number;
}

interface Claimed {
  itemId: number;
  locationId: number;
  throughDay: number | null;
  fittedDay: number | null;
  model: ForecastModel | null;
}

/**
 * Brings every forecast up to the end of yesterday (in the shop's time zone), off the write path: postings
 * only add to the per-day figures, and this worker reads them. First it gives each series
 * with new demand its row; then it claims due rows in the database (so that two service
 * processes never work on one series at once, and a process that dies leaves its claim
 * to expire), reads their per-day demand (sold + refused units) outside any transaction,
 * fits or updates each model, and writes them back only while its claim still holds.
 *
 * A series is fitted afresh (parameters and profiles) when it has no model yet or its fit
 * is `REFIT_DAYS` old; otherwise it takes in only the days since its last one.
 */
export async function refreshForecasts(
  database: Database,
  options: RefreshOptions,
): Promise<RefreshOutcome> {
  const worker = options.workerId ?? randomUUID();
  const write = <T>(fn: (tx: Tx) => Promise<T>): Promise<T> =>
    options.tx ? fn(options.tx) : database.write(fn);
  const read = options.tx?.raw ?? database.client;
  const yesterday = localDay(options.now, await shopZone(read)) - 1;
  const outcome: RefreshOutcome = { discovered: 0, fitted: 0, updated: 0 };
  // An idle pass (the usual case: work comes once a day) reads and takes no write lock.
  if (!(await hasWork(read, yesterday, options.now))) return outcome;
  let budget = options.limit ?? Number.POSITIVE_INFINITY;
  for (let first = true; budget > 0; first = false) {
    const claimed = await write(async (tx) => {
      // New series first, in the same transaction as the first claim.
      if (first) outcome.discovered = await discoverSeries(tx, yesterday, options.now);
      return claimDue(tx, worker, yesterday, options.now, Math.min(BATCH, budget));
    });
    if (claimed.length === 0) break;
    budget -= claimed.length;
    await failpoint('forecasts.fit');
    const results = await fitClaimed(read, claimed, yesterday);
    outcome.fitted += results.filter((r) => r.fitted).length;
    outcome.updated += results.filter((r) => !r.fitted).length;
    await write(async (tx) => {
      for (let i = 0; i < results.length; i += CHUNK) {
        const chunk = results.slice(i, i + CHUNK);
        await tx.raw.execute({
          sql: `WITH v(item_id, location_id, model, fitted_day) AS (VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')})
                UPDATE forecasts SET model = v.model, through_day = ?, fitted_day = v.fitted_day, claimed_by = NULL, claimed_until = NULL, updated_at = ?
                  FROM v WHERE forecasts.item_id = v.item_id AND forecasts.location_id = v.location_id AND forecasts.claimed_by = ?`,
          args: [
            ...chunk.flatMap((r) => [
              r.itemId,
              r.locationId,
              r.model ? JSON.stringify(r.model) : null,
              r.fittedDay,
            ]),
            yesterday,
            options.now,
            worker,
          ],
        });
      }
    });
  }
  return outcome;
}

async function hasWork(q: Executor, yesterday: number, now: number): Promise<boolean> {
  const { rows } = await q.execute({
    sql: `SELECT coalesce((SELECT max(day) FROM forecast_days), -1) < ? AS discover,
                 EXISTS (SELECT 1 FROM forecasts WHERE (through_day IS NULL OR through_day < ?) AND (claimed_until IS NULL OR claimed_until < ?)) AS due`,
    args: [yesterday, yesterday, now],
  });
  return Number(rows[0]!['discover']) === 1 || Number(rows[0]!['due']) === 1;
}

/**
 * Gives a row to every item × store or warehouse with demand on a day not looked at yet
 * (all of history the first time). Idempotent: rows and days already there are kept.
 */
async function discoverSeries(tx: Tx, yesterday: number, now: number): Promise<number> {
  const last = (await tx.raw.execute(`SELECT max(day) AS day FROM forecast_days`)).rows[0]?.['day'];
  if (last !== null && last !== undefined && Number(last) >= yesterday) return 0;
  const from = last === null || last === undefined ? Number.MIN_SAFE_INTEGER : Number(last);
  // Through the (location, day) index: one range per store or warehouse.
  const inserted = await tx.raw.execute({
    sql: `INSERT INTO forecasts (item_id, location_id, updated_at)
          SELECT DISTINCT d.item_id, d.location_id, ? FROM locations l JOIN balance_days d ON d.location_id = l.id
           WHERE l.is_virtual = 0 AND d.day > ? AND d.day <= ? AND (d.sold > 0 OR d.refused_quantity > 0)
          ON CONFLICT DO NOTHING`,
    args: [now, from, yesterday],
  });
  await tx.raw.execute({
    sql: `INSERT INTO forecast_days (day, done_at) VALUES (?, ?) ON CONFLICT DO NOTHING`,
    args: [yesterday, now],
  });
  return inserted.rowsAffected;
}

async function claimDue(
  tx: Tx,
  worker: string,
  yesterday: number,
  now: number,
  limit: number,
): Promise<Claimed[]> {
  const { rows } = await tx.raw.execute({
    sql: `UPDATE forecasts SET claimed_by = ?, claimed_until = ?
           WHERE rowid IN (SELECT rowid FROM forecasts WHERE (through_day IS NULL OR through_day < ?)
                             AND (claimed_until IS NULL OR claimed_until < ?) ORDER BY through_day LIMIT ?)
          RETURNING item_id, location_id, through_day, fitted_day, model`,
    args: [worker, now + CLAIM_MS, yesterday, now, limit],
  });
  return rows.map((r) => ({
    itemId: Number(r['item_id']),
    locationId: Number(r['location_id']),
    throughDay: r['through_day'] === null ? null : Number(r['through_day']),
    fittedDay: r['fitted_day'] === null ? null : Number(r['fitted_day']),
    model: r['model'] === null ? null : (JSON.parse(String(r['model'])) as ForecastModel),
  }));
}

/** Reads what each claimed series needs (its whole history to fit, the missing days to update) and computes its model. */
async function fitClaimed(q: Executor, claimed: readonly Claimed[], yesterday: number) {
  const refit = (c: Claimed) =>
    !c.model ||
    c.fittedDay === null ||
    c.throughDay === null ||
    yesterday - c.fittedDay >= REFIT_DAYS;
  const from = (c: Claimed) => (refit(c) ? yesterday - FIT_HISTORY_DAYS : c.throughDay!);
  const demand = new Map<string, Map<number, number>>();
  for (let i = 0; i < claimed.length; i += CHUNK) {
    const chunk = claimed.slice(i, i + CHUNK);
    const { rows } = await q.execute({
      sql: `WITH v(item_id, location_id, from_day) AS (VALUES ${chunk.map(() => '(?, ?, ?)').join(', ')})
            SELECT d.item_id, d.location_id, d.day, d.sold + d.refused_quantity AS demand
              FROM v JOIN balance_days d ON d.item_id = v.item_id AND d.location_id = v.location_id AND d.day > v.from_day AND d.day <= ?`,
      args: [...chunk.flatMap((c) => [c.itemId, c.locationId, from(c)]), yesterday],
    });
    for (const r of rows) {
      const key = `${r['item_id']}:${r['location_id']}`;
      const days = demand.get(key) ?? new Map<number, number>();
      days.set(Number(r['day']), Number(r['demand']));
      demand.set(key, days);
    }
  }
  return claimed.map((c) => {
    const days = demand.get(`${c.itemId}:${c.locationId}`) ?? new Map<number, number>();
    const series = (first: number) =>
      Array.from(
        { length: Math.max(0, yesterday - first + 1) },
        (_, i) => days.get(first + i) ?? 0,
      );
    if (!refit(c))
      return {
        itemId: c.itemId,
        locationId: c.locationId,
        fitted: false,
        fittedDay: c.fittedDay,
        model: updateForecast(c.model!, series(c.throughDay! + 1)),
      };
    // The series starts at its first demand (or where the history read starts, for an old one).
    const withDemand = [...days].filter(([, d]) => d > 0).map(([day]) => day);
    const first = Math.max(
      from(c) + 1,
      Math.min(c.model?.firstDay ?? Number.POSITIVE_INFINITY, ...withDemand),
    );
    const model = Number.isFinite(first) ? (fitForecast(series(first), first) ?? null) : null;
    return {
      itemId: c.itemId,
      locationId: c.locationId,
      fitted: true,
      fittedDay: model ? yesterday : null,
      model,
    };
  });
}
