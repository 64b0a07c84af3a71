import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { balances, movements } from '../../db/schema.js';
import { rawReader, reader, type ServiceContext } from '../context.js';
import { shopZone } from '../settings/read-settings.js';
import { availableSql } from '../stock-sql.js';
import { ledgerEpoch } from '../ledger/epoch.js';
import { RefResolver } from '../refs.js';
import { LocationCode, Sku } from '../schemas.js';

export const StockQueryInput = z
  .strictObject({
    /** Each: an item at a location, or (no location) in every store and warehouse together. */
    lines: z
      .array(z.strictObject({ sku: Sku, location: LocationCode.nullish() }))
      .min(1)
      .max(5000),
  })
  .meta({ id: 'StockQueryInput' });
export type StockQueryInput = z.infer<typeof StockQueryInput>;

export const StockFigure = z.object({
  sku: z.string(),
  location: z.string().nullable(),
  onHand: z.number().int().nullable(),
  available: z.number().int().nullable(),
  error: z.enum(['unknown_item', 'unknown_location']).nullable(),
});
export type StockFigure = z.infer<typeof StockFigure>;

/**
 * Many stock figures in one request, for spreadsheet formulas: a workbook's cells
 * are answered together. Unknown codes answer per line, not for the whole request.
 */
export async function queryStock({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: StockQueryInput;
}): Promise<StockFigure[]> {
  const refs = await new RefResolver(rawReader(ctx)).load({
    skus: input.lines.map((l) => l.sku),
    locations: input.lines.flatMap((l) => (l.location ? [l.location] : [])),
  });
  const q = reader(ctx);
  const zone = await shopZone(rawReader(ctx));
  const out: StockFigure[] = [];
  for (const line of input.lines) {
    const item = refs.item(line.sku);
    const location = line.location ? refs.location(line.location) : undefined;
    const base = { sku: line.sku, location: line.location ?? null };
    if (!item) out.push({ ...base, onHand: null, available: null, error: 'unknown_item' });
    else if (line.location && (!location || location.isVirtual))
      out.push({ ...base, onHand: null, available: null, error: 'unknown_location' });
    else {
      const [row] = await q
        .select({
          onHand: sql<number>`coalesce(sum(${balances.onHand}), 0)`,
          available: sql<number>`coalesce(sum(${availableSql(ctx.now(), zone)}), 0)`,
        })
        .from(balances)
        .where(
          location
            ? sql`${balances.itemId} = ${item.id} AND ${balances.locationId} = ${location.id}`
            : sql`${balances.itemId} = ${item.id} AND ${balances.isVirtual} = 0`,
        );
      out.push({ ...base, onHand: row?.onHand ?? 0, available: row?.available ?? 0, error: null });
    }
  }
  return out;
}

export const LedgerHead = z
  .object({
    seq: z.number().int().describe('The latest movement; it only grows within an epoch'),
    epoch: z
      .string()
      .describe('Changes when the ledger is restored from a backup: read everything again'),
  })
  .meta({ id: 'LedgerHead' });
export type LedgerHead = z.infer<typeof LedgerHead>;

/**
 * The ledger's latest movement and its epoch: a cheap pair clients poll to know when
 * to refresh. A new seq means figures moved; a new epoch means the ledger was
 * restored and seqs already seen may come again, so everything must be read anew.
 */
export async function ledgerHead({ ctx }: { ctx: ServiceContext }): Promise<LedgerHead> {
  const epoch = await ledgerEpoch(rawReader(ctx));
  const [row] = await reader(ctx)
    .select({ seq: sql<number>`coalesce(max(${movements.seq}), 0)` })
    .from(movements);
  return { seq: row?.seq ?? 0, epoch };
}
