import type { Database } from '../../db/client.js';
import type { Executor, Tx } from '../../db/types.js';
import { isoDay } from '../../domain/lots.js';
import { publish } from '../outbox.js';
import { ruleFieldSql } from './rule-scope.js';

const DAY = 86_400_000;

interface Expiring {
  itemId: number;
  locationId: number;
  sku: string;
  location: string;
  lots: Array<{ lot: string; expiresOn: string; onHand: number }>;
}

/**
 * `expiring` alerts: one per item and store/warehouse holding a lot that expires within
 * the applicable rule's `expiryDays` (expired lots included), resolved once no such lot
 * is left there (sold, scrapped, moved). Time alone makes a lot expiring, so this runs
 * as a sweep, not with postings. It reads first and writes only when an alert must
 * open or resolve; the partial unique index on open alerts and the status conditions
 * make two processes sweeping at once open or resolve each alert once.
 */
export async function sweepExpiryAlerts(database: Database, now: number): Promise<{ opened: number; resolved: number }> {
  const plan = await planExpiryAlerts(database.client, now);
  if (plan.open.length === 0 && plan.resolve.length === 0) return { opened: 0, resolved: 0 };
  return database.write(async (tx) => {
    const fresh = await planExpiryAlerts(tx.raw, now);
    return applyPlan(tx, now, fresh);
  });
}

/** The same sweep inside a transaction that changed rules, so new expiry days take effect at once. */
export async function sweepExpiryAlertsIn(tx: Tx, now: number): Promise<{ opened: number; resolved: number }> {
  return applyPlan(tx, now, await planExpiryAlerts(tx.raw, now));
}

async function planExpiryAlerts(q: Executor, now: number) {
  const { rows } = await q.execute({
    sql: `SELECT lb.item_id, lb.location_id, i.sku, loc.code AS location, l.code AS lot, l.expires_on, lb.on_hand,
                 ${ruleFieldSql('expiryDays', 'lb.item_id', 'lb.location_id')} AS days
            FROM lot_balances lb JOIN lots l ON l.id = lb.lot_id JOIN items i ON i.id = lb.item_id JOIN locations loc ON loc.id = lb.location_id
           WHERE lb.is_virtual = 0 AND lb.on_hand > 0
           ORDER BY l.expires_on, l.code`,
    args: [],
  });
  const due = new Map<string, Expiring>();
  for (const r of rows) {
    if (r['days'] === null) continue;
    if (String(r['expires_on']) > isoDay(now + Number(r['days']) * DAY)) continue;
    const key = `${r['item_id']}:${r['location_id']}`;
    const entry = due.get(key) ?? { itemId: Number(r['item_id']), locationId: Number(r['location_id']), sku: String(r['sku']), location: String(r['location']), lots: [] };
    entry.lots.push({ lot: String(r['lot']), expiresOn: String(r['expires_on']), onHand: Number(r['on_hand']) });
    due.set(key, entry);
  }
  const open = await q.execute(`SELECT a.id, a.item_id, a.location_id, i.sku, loc.code AS location FROM alerts a
      JOIN items i ON i.id = a.item_id JOIN locations loc ON loc.id = a.location_id
     WHERE a.kind = 'expiring' AND a.status IN ('open', 'acknowledged')`);
  const isOpen = new Set(open.rows.map((r) => `${r['item_id']}:${r['location_id']}`));
  return {
    open: [...due.entries()].filter(([key]) => !isOpen.has(key)).map(([, e]) => e),
    resolve: open.rows
      .filter((r) => !due.has(`${r['item_id']}:${r['location_id']}`))
      .map((r) => ({ id: Number(r['id']), sku: String(r['sku']), location: String(r['location']) })),
  };
}

async function applyPlan(tx: Tx, now: number, plan: Awaited<ReturnType<typeof planExpiryAlerts>>) {
  let opened = 0;
  let resolved = 0;
  for (const e of plan.open) {
    const details = { day: Math.floor(now / DAY), lots: e.lots, earliest: e.lots[0]!.expiresOn };
    const { rows } = await tx.raw.execute({
      sql: `INSERT INTO alerts (kind, item_id, location_id, status, opened_at, details) VALUES ('expiring', ?, ?, 'open', ?, ?)
            ON CONFLICT DO NOTHING RETURNING id`,
      args: [e.itemId, e.locationId, now, JSON.stringify(details)],
    });
    const id = rows[0]?.['id'];
    if (id === undefined) continue;
    opened++;
    await publish(tx, now, {
      topic: 'alert.opened',
      document: { type: 'alert', id: Number(id) },
      payload: { alertId: Number(id), kind: 'expiring', sku: e.sku, location: e.location, ...details },
    });
  }
  for (const a of plan.resolve) {
    const done = await tx.raw.execute({
      sql: `UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE id = ? AND status IN ('open', 'acknowledged')`,
      args: [now, a.id],
    });
    if (done.rowsAffected === 0) continue;
    resolved++;
    await publish(tx, now, { topic: 'alert.resolved', document: { type: 'alert', id: a.id }, payload: { alertId: a.id, kind: 'expiring', sku: a.sku, location: a.location } });
  }
  return { opened, resolved };
}
