import { localDay } from '../../domain/time.js';
import type { Database } from '../../db/client.js';
import { availableSql } from '../stock-sql.js';
import { RefResolver } from '../refs.js';
import { balances } from '../../db/schema.js';
import { and, inArray } from 'drizzle-orm';
import { shopZone } from '../settings/read-settings.js';
import { evaluateAlerts } from './evaluate-alerts.js';

const CHUNK = 150;

/** A posting refused for lack of stock: what it asked for, and how much was there. */
export interface Refusal {
  sku: string;
  location: string;
  requested: number;
  available: number;
}

/**
 * Counts postings refused for lack of stock per item, location and (the shop's) day: how many
 * (for the `refused_postings` rule, which sees them at once) and how many units short
 * (requested − available: the demand that stock could not meet, which the forecast
 * adds to what was sold). The refused postings' own transaction rolled back, so this is
 * a write of its own, queued and not awaited: it never delays or changes the refusal
 * the client gets. All refusals of one request are one write.
 */
export function recordRefusals(
  database: Database,
  refusals: readonly Refusal[],
  now: number,
  requestId: string,
): void {
  if (refusals.length === 0) return;
  database
    .write(async (tx) => {
      const refs = await new RefResolver(tx.raw).load({
        skus: refusals.map((r) => r.sku),
        locations: refusals.map((r) => r.location),
      });
      const zone = await shopZone(tx.raw);
      const day = localDay(now, zone);
      const rows = new Map<
        string,
        {
          item: { id: number; sku: string };
          location: { id: number; code: string };
          count: number;
          short: number;
        }
      >();
      for (const r of refusals) {
        const item = refs.item(r.sku);
        const location = refs.location(r.location);
        if (!item || !location || location.isVirtual) continue;
        const key = `${item.id}:${location.id}`;
        const row = rows.get(key) ?? {
          item,
          location: { id: location.id, code: location.code },
          count: 0,
          short: 0,
        };
        row.count += 1;
        row.short += Math.max(0, r.requested - Math.max(0, r.available));
        rows.set(key, row);
      }
      const list = [...rows.values()];
      for (let i = 0; i < list.length; i += CHUNK) {
        const chunk = list.slice(i, i + CHUNK);
        // The instants, which a change of the shop's time zone derives days from again.
        await tx.raw.execute({
          sql: `INSERT INTO refusals (item_id, location_id, at, postings, short) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}`,
          args: chunk.flatMap((r) => [r.item.id, r.location.id, now, r.count, r.short]),
        });
        await tx.raw.execute({
          sql: `INSERT INTO balance_days (item_id, location_id, day, refused, refused_quantity) VALUES ${chunk.map(() => '(?, ?, ?, ?, ?)').join(', ')}
                ON CONFLICT (item_id, location_id, day) DO UPDATE SET refused = refused + excluded.refused,
                  refused_quantity = refused_quantity + excluded.refused_quantity`,
          args: chunk.flatMap((r) => [r.item.id, r.location.id, day, r.count, r.short]),
        });
        const figures = await tx
          .select({
            itemId: balances.itemId,
            locationId: balances.locationId,
            onHand: balances.onHand,
            available: availableSql(now, zone),
          })
          .from(balances)
          .where(
            and(
              inArray(
                balances.itemId,
                chunk.map((r) => r.item.id),
              ),
              inArray(
                balances.locationId,
                chunk.map((r) => r.location.id),
              ),
            ),
          );
        await evaluateAlerts(
          tx,
          { now, requestId },
          chunk.map((r) => {
            const row = figures.find(
              (f) => f.itemId === r.item.id && f.locationId === r.location.id,
            );
            const f = { onHand: row?.onHand ?? 0, available: row?.available ?? 0 };
            return { item: r.item, location: r.location, before: f, after: f, outflows: [], day };
          }),
        );
      }
    })
    .catch(() => {
      // Counting refusals must never make a request fail; a lost count only delays an alert.
    });
}
