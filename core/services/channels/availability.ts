import { z } from 'zod';
import { availableToSell, type ListingParts } from '../../domain/channels.js';
import type { Database } from '../../db/client.js';
import type { Executor, Tx } from '../../db/types.js';
import { rawReader, reader, withTransaction, type ServiceContext } from '../context.js';
import { availableSqlText } from '../stock-sql.js';
import { publish } from '../outbox.js';
import { QueryInt } from '../schemas.js';
import { loadChannel, type ChannelRecord } from './channels.js';
import { shopZone } from '../settings/read-settings.js';

export const AvailabilityQuery = z.strictObject({
  /** Only listings whose figure changed after this change number (0 or omitted: all). */
  changedSinceSeq: QueryInt(0, Number.MAX_SAFE_INTEGER).default(0),
});

export const AvailabilityPage = z
  .object({
    channel: z.string(),
    /** Pass this as `changedSinceSeq` next time. */
    lastSeq: z.number().int(),
    items: z.array(
      z.object({
        productCode: z.string(),
        available: z.number().int(),
        changeSeq: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'ChannelAvailability' });
export type AvailabilityPage = z.infer<typeof AvailabilityPage>;

/**
 * What the channel may sell per listing, only the listings whose figure changed since
 * `changedSinceSeq`. The figures are checked first; only when one changed is a write
 * transaction taken to number the changes, so an idle poll never holds the write lock.
 * A change made after the check gets its number on the next poll: none is missed.
 */
export async function channelAvailability({
  ctx,
  code,
  changedSinceSeq,
}: {
  ctx: ServiceContext;
  code: string;
  changedSinceSeq: number;
}): Promise<AvailabilityPage> {
  const channel = await loadChannel(reader(ctx), code);
  if ((await listingChanges(rawReader(ctx), channel, ctx.now())).length > 0) {
    await withTransaction(ctx, async (tx) => refreshListings(tx, channel, ctx.now()));
  }
  const q = rawReader(ctx);
  const { rows } = await q.execute({
    sql: `SELECT product_code, figure, change_seq FROM channel_listings WHERE channel_id = ? AND change_seq > ? ORDER BY change_seq, product_code`,
    args: [channel.id, changedSinceSeq],
  });
  const last = await q.execute({
    sql: `SELECT coalesce(max(change_seq), 0) AS n FROM channel_listings WHERE channel_id = ?`,
    args: [channel.id],
  });
  return {
    channel: code,
    lastSeq: Number(last.rows[0]!['n']),
    items: rows.map((r) => ({
      productCode: String(r['product_code']),
      available: Number(r['figure']),
      changeSeq: Number(r['change_seq']),
    })),
  };
}

/**
 * Recomputes every listing of the channel from the available stock at its locations
 * (expired lots excluded); listings whose figure changed get the channel's next change
 * number and an outbox event `channel.availability` for connectors that push.
 * Returns how many changed.
 */
export async function refreshListings(
  tx: Tx,
  channel: ChannelRecord,
  now: number,
): Promise<number> {
  const changed = await listingChanges(tx.raw, channel, now);
  if (changed.length === 0) return 0;
  const next = await tx.raw.execute({
    sql: `SELECT coalesce(max(change_seq), 0) + 1 AS n FROM channel_listings WHERE channel_id = ?`,
    args: [channel.id],
  });
  const seq = Number(next.rows[0]!['n']);
  for (let i = 0; i < changed.length; i += 300) {
    const chunk = changed.slice(i, i + 300);
    await tx.raw.execute({
      sql: `WITH v(id, figure) AS (VALUES ${chunk.map(() => '(?, ?)').join(', ')})
            UPDATE channel_listings SET figure = (SELECT figure FROM v WHERE v.id = channel_listings.id), change_seq = ?, updated_at = ?
             WHERE id IN (SELECT id FROM v)`,
      args: [...chunk.flatMap((c) => [c.id, c.figure]), seq, now],
    });
  }
  await publish(
    tx,
    now,
    changed.map((c) => ({
      topic: 'channel.availability',
      payload: {
        channel: channel.code,
        productCode: c.productCode,
        available: c.figure,
        changeSeq: seq,
      },
    })),
  );
  return changed.length;
}

/** The listings whose figure is not what the stock says now, with their new figure. Reads only. */
async function listingChanges(
  q: Executor,
  channel: ChannelRecord,
  now: number,
): Promise<Array<{ id: number; productCode: string; figure: number }>> {
  const { rows: listings } = await q.execute({
    sql: `SELECT id, product_code, parts, figure FROM channel_listings WHERE channel_id = ?`,
    args: [channel.id],
  });
  if (listings.length === 0) return [];
  const locationIds = channel.locations.map((l) => l.id);
  const marks = locationIds.map(() => '?').join(', ');
  const available = availableSqlText(now, await shopZone(q), 'b');
  const { rows: stock } = await q.execute({
    sql: `SELECT b.item_id, sum(${available.sql}) AS available
            FROM balances b WHERE b.location_id IN (${marks})
             AND b.item_id IN (SELECT DISTINCT json_extract(p.value, '$.itemId') FROM channel_listings cl, json_each(cl.parts) p WHERE cl.channel_id = ?)
           GROUP BY b.item_id`,
    args: [...available.args, ...locationIds, channel.id],
  });
  const byItem = new Map(stock.map((r) => [Number(r['item_id']), Number(r['available'])]));
  return listings.flatMap((l) => {
    const figure = availableToSell(JSON.parse(String(l['parts'])) as ListingParts, byItem, channel);
    return l['figure'] === null || Number(l['figure']) !== figure
      ? [{ id: Number(l['id']), productCode: String(l['product_code']), figure }]
      : [];
  });
}

/**
 * The background worker: brings every channel's figures up to date (and so pushes
 * changes), taking the write lock only for a channel whose figures changed.
 */
export async function refreshAllChannels(database: Database, now: number): Promise<number> {
  const { rows } = await database.client.execute(`SELECT code FROM channels ORDER BY id`);
  let changed = 0;
  for (const r of rows) {
    const channel = await loadChannel(database.db, String(r['code']));
    if ((await listingChanges(database.client, channel, now)).length === 0) continue;
    changed += await database.write(async (tx) =>
      refreshListings(tx, await loadChannel(tx, channel.code), now),
    );
  }
  return changed;
}
