import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, ServiceError } from '../errors.js';
import { Problems } from '../problems.js';
import { parseRows, textField } from '../validation.js';
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
export const UpsertItemsDoc = UpsertItemsInput.extend({
  rows: z.array(ItemRowInput).min(1).max(10_000),
});

export type ItemRowResult =
  | { index: number; status: 'created' | 'updated' | 'unchanged'; item: ItemDto }
  | { index: number; status: 'rejected'; error: ServiceError };

/**
 * Creates items that are new and updates the name and unit of those that exist,
 * adding the barcodes listed (a barcode already on another item is refused; barcodes
 * not listed stay). Atomic by default: one refused row and nothing is written, with
 * every row's outcome in `batch_rejected`.
 */
export async function upsertItems({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: UpsertItemsInput;
}): Promise<ItemRowResult[]> {
  assertMayEditItems(ctx.actor);
  const results: ItemRowResult[] = [];
  const rows = parseRows(ItemRowInput, input.rows);
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const existing = new Map(
      (
        await tx
          .select()
          .from(items)
          .where(
            inArray(
              items.sku,
              rows.flatMap((r) => ('value' in r ? [r.value.sku] : [])),
            ),
          )
      ).map((i) => [i.sku, i]),
    );
    // Every barcode any row names, malformed rows included: a taken one is reported beside their other problems.
    const named = rows.flatMap((r) => barcodeCodes('value' in r ? r.value : r.raw));
    const owners = new Map(
      (named.length > 0
        ? await tx.select().from(barcodes).where(inArray(barcodes.code, named))
        : []
      ).map((b) => [b.code, b.itemId]),
    );
    const seenSkus = new Set<string>();
    for (const entry of rows) {
      const { index } = entry;
      const problems = new Problems();
      const sku = textField('value' in entry ? entry.value : entry.raw, 'sku');
      if (sku && seenSkus.has(sku))
        problems.add({ path: 'sku', code: 'invalid_value', params: { duplicate: sku } });
      if (sku) seenSkus.add(sku);
      const ownerId = sku ? existing.get(sku)?.id : undefined;
      barcodeCodes('value' in entry ? entry.value : entry.raw).forEach((code, i) => {
        const owner = owners.get(code);
        if (owner !== undefined && owner !== ownerId)
          problems.refuse(`barcodes.${i}`, alreadyExists('barcode', code));
      });
      if ('issues' in entry) {
        results.push({
          index,
          status: 'rejected',
          error: new Problems()
            .add(...entry.issues)
            .refuseAll(problems)
            .answer()!,
        });
        continue;
      }
      const row = entry.value;
      // Without atomicity a refused row must leave nothing behind: a savepoint each.
      if (!input.atomic) await tx.raw.execute('SAVEPOINT item_row');
      try {
        let item = existing.get(row.sku);
        const lotTracked = row.lotTracked ?? item?.lotTracked ?? false;
        if (item && lotTracked !== item.lotTracked && (await hasMoved(tx, item.id))) {
          // Stock already on the books has no lots: switching would leave it without any.
          problems.add({
            path: 'lotTracked',
            code: 'lot_tracking_locked',
            params: { sku: row.sku },
          });
        }
        problems.throwIfAny();
        const codes = (row.barcodes ?? []).map((b) =>
          typeof b === 'string' ? { code: b, multiplier: 1 } : b,
        );
        let status: 'created' | 'updated' | 'unchanged' = 'unchanged';
        if (!item) {
          [item] = await tx
            .insert(items)
            .values({
              sku: row.sku,
              name: row.name,
              unit: row.unit ?? 'pcs',
              lotTracked,
              createdAt: now,
            })
            .returning();
          status = 'created';
        } else if (
          item.name !== row.name ||
          (row.unit && item.unit !== row.unit) ||
          lotTracked !== item.lotTracked
        ) {
          [item] = await tx
            .update(items)
            .set({ name: row.name, unit: row.unit ?? item.unit, lotTracked })
            .where(eq(items.id, item.id))
            .returning();
          status = 'updated';
        }
        const fresh = codes.filter((c) => !owners.has(c.code));
        if (fresh.length > 0) {
          await tx
            .insert(barcodes)
            .values(fresh.map((c) => ({ ...c, itemId: item!.id, createdAt: now })));
          for (const c of fresh) owners.set(c.code, item!.id);
          if (status === 'unchanged') status = 'updated';
        }
        const [dto] = await withBarcodes(tx, [item!]);
        if (status !== 'unchanged') {
          await audit(tx, ctx, {
            action: `item.${status === 'created' ? 'create' : 'update'}`,
            entity: 'item',
            entityId: row.sku,
            after: dto,
          });
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
      const report = results.map((r) =>
        r.status === 'rejected' ? r : { index: r.index, status: 'valid' as const },
      );
      throw new ServiceError('batch_rejected', {
        params: { rejected: results.filter((r) => r.status === 'rejected').length },
        details: { results: report },
      });
    }
    return results;
  });
}

/** The barcode codes a row lists (as text or `{code}`), whatever else is wrong with it. */
function barcodeCodes(row: unknown): string[] {
  const list =
    row !== null && typeof row === 'object'
      ? (row as Record<string, unknown>)['barcodes']
      : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((b) => (typeof b === 'string' ? [b] : (textField(b, 'code') ?? [])));
}

async function hasMoved(tx: Tx, itemId: number): Promise<boolean> {
  const { rows } = await tx.raw.execute({
    sql: `SELECT 1 FROM movements WHERE item_id = ? LIMIT 1`,
    args: [itemId],
  });
  return rows.length > 0;
}
