import { sql } from 'drizzle-orm';
import { SQLiteSyncDialect } from 'drizzle-orm/sqlite-core';
import { localDate } from '../domain/time.js';
import { reservations } from '../db/schema.js';

/*
 * The stock figures as SQL, written once for every read (stock, channels, alerts,
 * suggestions): the SQL twin of core/domain/stock.ts. A shared base module, as
 * audit.ts and errors.ts are: it imports no service folder.
 */

/** `"balances"`, or the alias a statement gives the balances table (`b`). */
function balancesTable(table: string) {
  return sql.raw(`"${table}"`);
}

/**
 * `balances.reserved` minus the holds that have expired but not yet been swept: the
 * reserved quantity as of `now`. Uses the partial index on pending holds with expiry.
 */
export function effectiveReservedSql(now: number, table = 'balances') {
  const b = balancesTable(table);
  // Columns named with their table: drizzle leaves them bare in a one-table query, and a
  // bare `item_id` inside the subquery would be the hold's own (every due hold would count).
  return sql<number>`(${b}."reserved" - coalesce((SELECT sum(r.quantity) FROM ${reservations} r
    WHERE r.item_id = ${b}."item_id" AND r.location_id = ${b}."location_id"
      AND r.status = 'pending' AND r.expires_at IS NOT NULL AND r.expires_at <= ${now}), 0))`;
}

/**
 * A balance's stock in lots past their expiry (lot-tracked items; 0 for others): on
 * hand, but nothing can be sold or held from it. A lot expires at the end of its day in
 * the shop's time zone `zone`.
 */
export function expiredOnHandSql(now: number, zone: string, table = 'balances') {
  const b = balancesTable(table);
  return sql<number>`coalesce((SELECT sum(lb.on_hand) FROM lot_balances lb JOIN lots l ON l.id = lb.lot_id
    WHERE lb.item_id = ${b}."item_id" AND lb.location_id = ${b}."location_id" AND l.expires_on < ${localDate(now, zone)}), 0)`;
}

/** 1 when the balance's location is a quarantine (its stock is never available), else 0. */
export function quarantinedSql(table = 'balances') {
  const b = balancesTable(table);
  return sql<number>`(SELECT count(*) FROM locations ql WHERE ql.id = ${b}."location_id" AND ql.kind = 'quarantine')`;
}

/**
 * What waits for inspection in the quarantine of a balance's store or warehouse, for
 * the same item: returned stock, on hand there and never available (0 if none).
 */
export function awaitingInspectionSql(table = 'balances') {
  const b = balancesTable(table);
  return sql<number>`coalesce((SELECT sum(qb.on_hand) FROM balances qb JOIN locations ql ON ql.id = qb.location_id
    WHERE ql.parent_id = ${b}."location_id" AND ql.kind = 'quarantine' AND qb.item_id = ${b}."item_id"), 0)`;
}

/**
 * "Available", the one rule (`availableOf` in core/domain/stock.ts) in SQL, for every
 * read: on hand, less the holds still in force (expired ones count as released even
 * before the sweeper marks them), less stock in expired lots, never below 0; nothing in
 * a quarantine. `table` is the alias of `balances` in the statement.
 */
export function availableSql(now: number, zone: string, table = 'balances') {
  const b = balancesTable(table);
  return sql<number>`(CASE WHEN ${quarantinedSql(table)} > 0 THEN 0 ELSE max(0, ${b}."on_hand" - ${effectiveReservedSql(now, table)} - ${expiredOnHandSql(now, zone, table)}) END)`;
}

/** The columns every stock read selects for a balance (see `stockRow`). */
export function stockFiguresSql(now: number, zone: string) {
  return {
    onHand: sql<number>`"balances"."on_hand"`,
    reserved: effectiveReservedSql(now),
    available: availableSql(now, zone),
    expired: expiredOnHandSql(now, zone),
    awaitingInspection: awaitingInspectionSql(),
  };
}

const dialect = new SQLiteSyncDialect();

/** `availableSql` for a raw statement (`execute({ sql, args })`): its text and its arguments, in order. */
export function availableSqlText(
  now: number,
  zone: string,
  table: string,
): { sql: string; args: Array<string | number> } {
  const query = dialect.sqlToQuery(availableSql(now, zone, table));
  return { sql: query.sql, args: query.params as Array<string | number> };
}
