import { z } from 'zod';
import { daysToExpiry, isExpired } from '../../domain/lots.js';
import { dayDate, localDay } from '../../domain/time.js';
import { rawReader, reader, type ServiceContext } from '../context.js';
import { notFound } from '../errors.js';
import { RefResolver } from '../refs.js';
import { shopZone } from '../settings/read-settings.js';
import { loadMovements } from '../movements/load-movements.js';
import { MovementDto, toMovementDto } from '../movements/movement-dto.js';
import { LocationCode, LotCode, QueryInt, Sku } from '../schemas.js';

export const LotBalanceDto = z
  .object({
    sku: z.string(),
    lot: z.string(),
    expiresOn: z.string(),
    daysToExpiry: z.number().int().describe('0: expires today; negative: expired'),
    expired: z.boolean(),
    location: z.string(),
    onHand: z.number().int(),
  })
  .meta({ id: 'LotBalance' });

export const ListLotsInput = z.strictObject({
  sku: Sku.optional(),
  location: LocationCode.optional(),
  /** Only lots expiring within this many days (expired ones included). */
  expiringWithinDays: QueryInt(0, 3650).optional(),
  limit: QueryInt(1, 5000).default(1000),
});
export type ListLotsInput = z.infer<typeof ListLotsInput>;

/** Stock per lot at stores and warehouses, soonest expiry first. */
export async function listLots({ ctx, input }: { ctx: ServiceContext; input: ListLotsInput }) {
  const refs = await new RefResolver(rawReader(ctx)).load({
    skus: input.sku ? [input.sku] : [],
    locations: input.location ? [input.location] : [],
  });
  const item = input.sku ? refs.item(input.sku) : undefined;
  if (input.sku && !item) throw notFound('item', input.sku);
  const location = input.location ? refs.location(input.location) : undefined;
  if (input.location && !location) throw notFound('location', input.location);
  const now = ctx.now();
  const zone = await shopZone(rawReader(ctx));
  const until =
    input.expiringWithinDays === undefined
      ? null
      : dayDate(localDay(now, zone) + input.expiringWithinDays);
  const { rows } = await rawReader(ctx).execute({
    sql: `SELECT i.sku, l.code AS lot, l.expires_on, loc.code AS location, lb.on_hand
            FROM lot_balances lb JOIN lots l ON l.id = lb.lot_id JOIN items i ON i.id = lb.item_id JOIN locations loc ON loc.id = lb.location_id
           WHERE lb.is_virtual = 0 AND lb.on_hand > 0
             AND (?1 IS NULL OR lb.item_id = ?1) AND (?2 IS NULL OR lb.location_id = ?2) AND (?3 IS NULL OR l.expires_on <= ?3)
           ORDER BY l.expires_on, i.sku, l.code, loc.code LIMIT ?4`,
    args: [item?.id ?? null, location?.id ?? null, until, input.limit],
  });
  return {
    items: rows.map((r) => {
      const expiresOn = String(r['expires_on']);
      return {
        sku: String(r['sku']),
        lot: String(r['lot']),
        expiresOn,
        daysToExpiry: daysToExpiry(expiresOn, now, zone),
        expired: isExpired(expiresOn, now, zone),
        location: String(r['location']),
        onHand: Number(r['on_hand']),
      };
    }),
  };
}

export const LotTrace = z
  .object({
    lot: z.string(),
    lots: z.array(
      z.object({
        sku: z.string(),
        expiresOn: z.string(),
        expired: z.boolean(),
        balances: z
          .array(z.object({ location: z.string(), onHand: z.number().int() }))
          .describe('Where it is now (stores, warehouses, in transit)'),
        movements: z
          .array(MovementDto)
          .describe(
            "Every movement that moved this lot, in ledger order; `quantity` is this lot's part",
          ),
      }),
    ),
  })
  .meta({ id: 'LotTrace' });

/**
 * Every movement of a lot, from its receipt on, and where it is now: for a recall.
 * The same code may be a lot of several items; `sku` narrows it to one.
 */
export async function traceLot({
  ctx,
  code,
  sku,
}: {
  ctx: ServiceContext;
  code: string;
  sku?: string | undefined;
}): Promise<z.infer<typeof LotTrace>> {
  const q = reader(ctx);
  const raw = rawReader(ctx);
  const { rows: found } = await raw.execute({
    sql: `SELECT l.id, l.expires_on, i.sku FROM lots l JOIN items i ON i.id = l.item_id WHERE l.code = ? AND (? IS NULL OR i.sku = ?) ORDER BY i.sku`,
    args: [code, sku ?? null, sku ?? null],
  });
  if (found.length === 0) throw notFound('lot', code);
  const now = ctx.now();
  const zone = await shopZone(raw);
  const lots = [];
  for (const f of found) {
    const lotId = Number(f['id']);
    const { rows: seqs } = await raw.execute({
      sql: `SELECT seq, quantity FROM movement_lots WHERE lot_id = ? ORDER BY seq`,
      args: [lotId],
    });
    const part = new Map(seqs.map((r) => [Number(r['seq']), Number(r['quantity'])]));
    const moved = [];
    const list = [...part.keys()];
    for (let i = 0; i < list.length; i += 500) {
      moved.push(...(await loadMovements(q, { seqs: list.slice(i, i + 500), limit: 500 })));
    }
    const { rows: balances } = await raw.execute({
      sql: `SELECT loc.code, lb.on_hand FROM lot_balances lb JOIN locations loc ON loc.id = lb.location_id
             WHERE lb.lot_id = ? AND lb.on_hand <> 0 AND (lb.is_virtual = 0 OR loc.code = '@transit') ORDER BY loc.code`,
      args: [lotId],
    });
    const expiresOn = String(f['expires_on']);
    lots.push({
      sku: String(f['sku']),
      expiresOn,
      expired: isExpired(expiresOn, now, zone),
      balances: balances.map((b) => ({
        location: String(b['code']),
        onHand: Number(b['on_hand']),
      })),
      movements: moved.map((m) => {
        const dto = toMovementDto(m, m.actorName);
        return {
          ...dto,
          quantity: part.get(m.seq)!,
          lots: dto.lots?.filter((l) => l.lot === code),
        };
      }),
    });
  }
  return { lot: code, lots };
}

export const TraceLotParams = z.object({ code: LotCode });
export const TraceLotQuery = z.strictObject({ sku: Sku.optional() });
