import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, ServiceError, validationFailed } from '../errors.js';
import { zodIssues } from '../validation.js';
import { BarcodeInput } from './create-item.js';
import { withBarcodes, type ItemDto } from './item-dto.js';
import { Sku, Text } from '../schemas.js';
import { assertMayEditItems } from './item-master.js';

export const ItemRowInput = z
  .strictObject({
    sku: Sku,
    name: Text(200),
    unit: Text(32).nullish(),
    barcodes: z.array(BarcodeInput).max(50).nullish(),
    /** Omitted: left as it is (new items: not lot-tracked). Changes only while the item has never moved. */
    lotTracked: z.boolean().nullish(),
  })
  .meta({ id: 'ItemRowInput' });

export const UpsertItemsInput = z.strictObject({
  rows: z.array(z.unknown()).min(1).max(10_000),
  atomic: z.boolean().default(true),
});
export type UpsertItemsInput = z.infer<typeof UpsertItemsInput>;
export const UpsertItemsDoc = UpsertItemsInput.extend({ rows: z.array(ItemRowInput).min(1).max(10_000) });

export type ItemRowResult =
  | { index: number; status: 'created' | 'updated' | 'unchanged'; item: ItemDto }
  | { index: number; status: 'rejected'; error: ServiceError };

/**
 * Creates items that are new and updates the name and unit of those that exist,
 * adding the barcodes listed (a barcode already on another item is refused; barcodes
 * not listed stay). Atomic by default: one refused row and nothing is written, with
 * every row's outcome in `batch_rejected`.
 */
export async function upsertItems({ ctx, input }: { ctx: ServiceContext; input: UpsertItemsInput }): Promise<ItemRowResult[]> {
  assertMayEditItems(ctx.actor);
  const results: ItemRowResult[] = [];
  const rows = input.rows.map((raw, index) => {
    const parsed = ItemRowInput.safeParse(raw, { reportInput: true });
    if (!parsed.success) results.push({ index, status: 'rejected', error: validationFailed(zodIssues(parsed.error)) });
    return parsed.success ? { index, row: parsed.data } : undefined;
  });
  return withTransaction(ctx, async (tx) => {
      const now = ctx.now();
      const existing = new Map(
        (await tx.select().from(items).where(inArray(items.sku, rows.flatMap((r) => (r ? [r.row.sku] : []))))).map((i) => [i.sku, i]),
      );
      const seenSkus = new Set<string>();
      for (const entry of rows) {
        if (!entry) continue;
        const { index, row } = entry;
        // Without atomicity a refused row must leave nothing behind: a savepoint each.
        if (!input.atomic) await tx.raw.execute('SAVEPOINT item_row');
        try {
          if (seenSkus.has(row.sku)) throw validationFailed([{ path: 'sku', code: 'invalid_value', params: { duplicate: row.sku } }]);
          seenSkus.add(row.sku);
          const codes = (row.barcodes ?? []).map((b) => (typeof b === 'string' ? { code: b, multiplier: 1 } : b));
          let item = existing.get(row.sku);
          let status: 'created' | 'updated' | 'unchanged' = 'unchanged';
          if (!item) {
            [item] = await tx.insert(items).values({ sku: row.sku, name: row.name, unit: row.unit ?? 'pcs', lotTracked: row.lotTracked ?? false, createdAt: now }).returning();
            status = 'created';
          } else {
            const lotTracked = row.lotTracked ?? item.lotTracked;
            if (lotTracked !== item.lotTracked && (await hasMoved(tx, item.id))) {
              // Stock already on the books has no lots: switching would leave it without any.
              throw validationFailed([{ path: 'lotTracked', code: 'lot_tracking_locked', params: { sku: row.sku } }]);
            }
            if (item.name !== row.name || (row.unit && item.unit !== row.unit) || lotTracked !== item.lotTracked) {
              [item] = await tx.update(items).set({ name: row.name, unit: row.unit ?? item.unit, lotTracked }).where(eq(items.id, item.id)).returning();
              status = 'updated';
            }
          }
          if (codes.length > 0) {
            const taken = await tx.select().from(barcodes).where(inArray(barcodes.code, codes.map((c) => c.code)));
            const foreign = taken.find((b) => b.itemId !== item!.id);
            if (foreign) throw alreadyExists('barcode', foreign.code);
            const fresh = codes.filter((c) => !taken.some((b) => b.code === c.code));
            if (fresh.length > 0) {
              await tx.insert(barcodes).values(fresh.map((c) => ({ ...c, itemId: item!.id, createdAt: now })));
              if (status === 'unchanged') status = 'updated';
            }
          }
          const [dto] = await withBarcodes(tx, [item!]);
          if (status !== 'unchanged') {
            await audit(tx, ctx, { action: `item.${status === 'created' ? 'create' : 'update'}`, entity: 'item', entityId: row.sku, after: dto });
          }
          results.push({ index, status, item: dto! });
          if (!input.atomic) await tx.raw.execute('RELEASE item_row');
        } catch (error) {
          if (!(error instanceof ServiceError)) throw error;
          if (!input.atomic) await tx.raw.execute('ROLLBACK TO item_row');
          results.push({ index, status: 'rejected', error });
        }
      }
      results.sort((a, b) => a.index - b.index);
      if (input.atomic && results.some((r) => r.status === 'rejected')) {
        // Nothing was kept: the rows that would have gone in are only valid.
        const report = results.map((r) => (r.status === 'rejected' ? r : { index: r.index, status: 'valid' as const }));
        throw new ServiceError('batch_rejected', { params: { rejected: results.filter((r) => r.status === 'rejected').length }, details: { results: report } });
      }
      return results;
    });
}

async function hasMoved(tx: Tx, itemId: number): Promise<boolean> {
  const { rows } = await tx.raw.execute({ sql: `SELECT 1 FROM movements WHERE item_id = ? LIMIT 1`, args: [itemId] });
  return rows.length > 0;
}
