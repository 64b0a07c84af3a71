import {
  evaluateBalance,
  type AlertDecision,
  type AlertKind,
  type AlertRule,
  type OpenAlert,
} from '../../domain/alerts.js';
import type { Tx } from '../../db/types.js';
import { localDay } from '../../domain/time.js';
import { publish } from '../outbox.js';
import { shopZone } from '../settings/read-settings.js';
import { effectiveRuleSql } from './rule-scope.js';

/** A store's or warehouse's balance that a transaction changed. */
export interface BalanceChange {
  item: { id: number; sku: string };
  location: { id: number; code: string };
  before: { onHand: number; available: number };
  after: { onHand: number; available: number };
  outflows: ReadonlyArray<{ quantity: number; onHandBefore: number }>;
  day: number;
}

const CHUNK = 150;

/**
 * Opens and resolves alerts for the balances a transaction changed, in that
 * transaction: one read per 150 balances (the rule that applies, the alerts open,
 * the day's figures), and writes only when an alert changes. Nothing else is scanned.
 * Every change writes an `alert.opened` / `alert.resolved` event to the outbox.
 */
export async function evaluateAlerts(
  tx: Tx,
  ctx: { now: number; requestId: string },
  changes: readonly BalanceChange[],
): Promise<void> {
  // Today in the shop's zone, read only if an open alert has no day of its own (old rows).
  let today: number | undefined;
  for (let i = 0; i < changes.length; i += CHUNK) {
    const chunk = changes.slice(i, i + CHUNK);
    const { rows } = await tx.raw.execute({
      sql: `WITH v(n, item_id, location_id, day) AS (VALUES ${chunk.map(() => '(?, ?, ?, ?)').join(', ')})
            SELECT v.n,
              ${effectiveRuleSql('v.item_id', 'v.location_id')} AS rule,
              (SELECT json_group_array(json_object('id', a.id, 'kind', a.kind, 'day', json_extract(a.details, '$.day')))
                 FROM alerts a WHERE a.item_id = v.item_id AND a.location_id = v.location_id
                  AND a.status IN ('open', 'acknowledged')) AS open,
              coalesce(d.inflow, 0) AS inflow, coalesce(d.outflow, 0) AS outflow, coalesce(d.refused, 0) AS refused
            FROM v LEFT JOIN balance_days d ON d.item_id = v.item_id AND d.location_id = v.location_id AND d.day = v.day`,
      args: chunk.flatMap((c, n) => [n, c.item.id, c.location.id, c.day]),
    });
    for (const row of rows) {
      const change = chunk[row['n'] as number]!;
      const rule = row['rule']
        ? (JSON.parse(row['rule'] as string) as AlertRule & { zeroStock: number | null })
        : {};
      const open = JSON.parse(row['open'] as string) as Array<{
        id: number;
        kind: AlertKind;
        day: number | null;
      }>;
      if (today === undefined && open.some((a) => a.day === null))
        today = localDay(ctx.now, await shopZone(tx.raw));
      const decisions = evaluateBalance(
        {
          ...rule,
          zeroStock:
            'zeroStock' in rule && rule.zeroStock !== null ? Boolean(rule.zeroStock) : null,
        },
        {
          before: change.before,
          after: change.after,
          outflows: change.outflows,
          day: change.day,
          dayInflow: row['inflow'] as number,
          dayOutflow: row['outflow'] as number,
          dayRefused: row['refused'] as number,
        },
        open.map((a): OpenAlert => ({ kind: a.kind, openedDay: a.day ?? today! })),
      );
      for (const decision of decisions) await apply(tx, ctx, change, decision, open);
    }
  }
}

async function apply(
  tx: Tx,
  ctx: { now: number; requestId: string },
  change: BalanceChange,
  decision: AlertDecision,
  open: Array<{ id: number; kind: AlertKind }>,
): Promise<void> {
  const details = { ...decision.details, day: change.day };
  if (decision.action === 'open') {
    const inserted = await tx.raw.execute({
      sql: `INSERT INTO alerts (kind, item_id, location_id, status, opened_at, details) VALUES (?, ?, ?, 'open', ?, ?)
            ON CONFLICT DO NOTHING RETURNING id`,
      args: [decision.kind, change.item.id, change.location.id, ctx.now, JSON.stringify(details)],
    });
    const id = inserted.rows[0]?.['id'] as number | undefined;
    if (id !== undefined)
      await announce(tx, ctx.now, 'alert.opened', id, decision.kind, change, details);
    return;
  }
  const alert = open.find((a) => a.kind === decision.kind)!;
  const resolved = await tx.raw.execute({
    sql: `UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE id = ? AND status IN ('open', 'acknowledged')`,
    args: [ctx.now, alert.id],
  });
  if (resolved.rowsAffected === 1)
    await announce(tx, ctx.now, 'alert.resolved', alert.id, decision.kind, change, details);
}

async function announce(
  tx: Tx,
  now: number,
  topic: string,
  id: number,
  kind: AlertKind,
  change: BalanceChange,
  details: Record<string, number>,
): Promise<void> {
  await publish(tx, now, {
    topic,
    document: { type: 'alert', id },
    payload: {
      alertId: id,
      kind,
      sku: change.item.sku,
      location: change.location.code,
      ...details,
    },
  });
}
