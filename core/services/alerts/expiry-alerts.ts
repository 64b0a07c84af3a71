import type { Database } from '../../db/client.js';
import type { Executor, Tx } from '../../db/types.js';
import { isoDay } from '../../domain/lots.js';
import { publish } from '../outbox.js';
import { ruleFieldSql } from './rule-scope.js';
import { shopZone } from '../settings/read-settings.js';

const DAY = 86_400_000;
type ExpiryKind = 'expired' | 'expiring';

interface Due {
  kind: ExpiryKind;
  itemId: number;
  locationId: number;
  sku: string;
  location: string;
  lots: Array<{ lot: string; expiresOn: string; onHand: number }>;
}

/**
 * Expiry alerts, per item and store/warehouse (never a quarantine):
 * - `expired`: a lot past its expiry date is still on hand there (whatever the rules
 *   say: it can no longer be sold, only scrapped); resolved once none is left.
 * - `expiring`: a lot that has not expired yet expires within the applicable rule's
 *   `expiryDays`; resolved once no such lot is left (sold, scrapped, moved, or expired,
 *   which turns it into `expired`).
 * Each names its lots, their expiry dates and quantities. Time alone moves a lot along,
 * so this runs as a sweep, not with postings. It reads first and writes only when an
 * alert must open or resolve; the partial unique index on open alerts and the status
 * conditions make two processes sweeping at once open or resolve each alert once.
 */
export async function sweepExpiryAlerts(
  database: Database,
  now: number,
): Promise<{ opened: number; resolved: number }> {
  const plan = await planExpiryAlerts(database.client, now);
  if (plan.open.length === 0 && plan.resolve.length === 0) return { opened: 0, resolved: 0 };
  return database.write(async (tx) => {
    const fresh = await planExpiryAlerts(tx.raw, now);
    return applyPlan(tx, now, fresh);
  });
}

/** The same sweep inside a transaction that changed rules, so new expiry days take effect at once. */
export async function sweepExpiryAlertsIn(
  tx: Tx,
  now: number,
): Promise<{ opened: number; resolved: number }> {
  return applyPlan(tx, now, await planExpiryAlerts(tx.raw, now));
}

async function planExpiryAlerts(q: Executor, now: number) {
  const zone = await shopZone(q);
  const today = isoDay(now, zone);
  const { rows } = await q.execute({
    sql: `SELECT lb.item_id, lb.location_id, i.sku, loc.code AS location, l.code AS lot, l.expires_on, lb.on_hand,
                 ${ruleFieldSql('expiryDays', 'lb.item_id', 'lb.location_id')} AS days
            FROM lot_balances lb JOIN lots l ON l.id = lb.lot_id JOIN items i ON i.id = lb.item_id JOIN locations loc ON loc.id = lb.location_id
           WHERE lb.is_virtual = 0 AND lb.on_hand > 0 AND loc.kind <> 'quarantine'
           ORDER BY l.expires_on, l.code`,
    args: [],
  });
  const due = new Map<string, Due>();
  for (const r of rows) {
    const expiresOn = String(r['expires_on']);
    let kind: ExpiryKind;
    if (expiresOn < today) kind = 'expired';
    else if (r['days'] !== null && expiresOn <= isoDay(now + Number(r['days']) * DAY, zone))
      kind = 'expiring';
    else continue;
    const key = `${kind}:${r['item_id']}:${r['location_id']}`;
    const entry = due.get(key) ?? {
      kind,
      itemId: Number(r['item_id']),
      locationId: Number(r['location_id']),
      sku: String(r['sku']),
      location: String(r['location']),
      lots: [],
    };
    entry.lots.push({ lot: String(r['lot']), expiresOn, onHand: Number(r['on_hand']) });
    due.set(key, entry);
  }
  const open =
    await q.execute(`SELECT a.id, a.kind, a.item_id, a.location_id, i.sku, loc.code AS location FROM alerts a
      JOIN items i ON i.id = a.item_id JOIN locations loc ON loc.id = a.location_id
     WHERE a.kind IN ('expired', 'expiring') AND a.status IN ('open', 'acknowledged')`);
  const keyOf = (r: Record<string, unknown>) => `${r['kind']}:${r['item_id']}:${r['location_id']}`;
  const isOpen = new Set(open.rows.map(keyOf));
  return {
    open: [...due.entries()].filter(([key]) => !isOpen.has(key)).map(([, e]) => e),
    resolve: open.rows
      .filter((r) => !due.has(keyOf(r)))
      .map((r) => ({
        id: Number(r['id']),
        kind: String(r['kind']) as ExpiryKind,
        sku: String(r['sku']),
        location: String(r['location']),
      })),
  };
}

async function applyPlan(tx: Tx, now: number, plan: Awaited<ReturnType<typeof planExpiryAlerts>>) {
  let opened = 0;
  let resolved = 0;
  for (const e of plan.open) {
    const quantity = e.lots.reduce((sum, l) => sum + l.onHand, 0);
    const details = {
      day: Math.floor(now / DAY),
      lots: e.lots,
      earliest: e.lots[0]!.expiresOn,
      quantity,
    };
    const { rows } = await tx.raw.execute({
      sql: `INSERT INTO alerts (kind, item_id, location_id, status, opened_at, details) VALUES (?, ?, ?, 'open', ?, ?)
            ON CONFLICT DO NOTHING RETURNING id`,
      args: [e.kind, e.itemId, e.locationId, now, JSON.stringify(details)],
    });
    const id = rows[0]?.['id'];
    if (id === undefined) continue;
    opened++;
    await publish(tx, now, {
      topic: 'alert.opened',
      document: { type: 'alert', id: Number(id) },
      payload: { alertId: Number(id), kind: e.kind, sku: e.sku, location: e.location, ...details },
    });
  }
  for (const a of plan.resolve) {
    const done = await tx.raw.execute({
      sql: `UPDATE alerts SET status = 'resolved', resolved_at = ? WHERE id = ? AND status IN ('open', 'acknowledged')`,
      args: [now, a.id],
    });
    if (done.rowsAffected === 0) continue;
    resolved++;
    await publish(tx, now, {
      topic: 'alert.resolved',
      document: { type: 'alert', id: a.id },
      payload: { alertId: a.id, kind: a.kind, sku: a.sku, location: a.location },
    });
  }
  return { opened, resolved };
}
