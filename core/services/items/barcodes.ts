import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, notFound } from '../errors.js';
import { BarcodeCode } from '../schemas.js';
import { withBarcodes, type ItemDto } from './item-dto.js';
import { assertMayEditItems } from './item-master.js';

export const AddBarcodeInput = z
  .strictObject({
    code: BarcodeCode,
    /** Base units per scan: 1 for each, 6 for an inner pack, 24 for a case. */
    multiplier: z.number().int().positive().max(1_000_000).default(1),
  })
  .meta({ id: 'AddBarcodeInput' });
export type AddBarcodeInput = z.infer<typeof AddBarcodeInput>;

/** Adds a barcode (each, inner pack, case) to an item; a code belongs to one item only. */
export async function addBarcode({
  ctx,
  sku,
  input,
}: {
  ctx: ServiceContext;
  sku: string;
  input: AddBarcodeInput;
}): Promise<ItemDto> {
  assertMayEditItems(ctx.actor);
  return withTransaction(ctx, async (tx) => {
    const item = await itemOf(tx, sku);
    const [taken] = await tx
      .select({ itemId: barcodes.itemId })
      .from(barcodes)
      .where(eq(barcodes.code, input.code));
    if (taken) throw alreadyExists('barcode', input.code);
    await tx.insert(barcodes).values({
      code: input.code,
      itemId: item.id,
      multiplier: input.multiplier,
      createdAt: ctx.now(),
    });
    await audit(tx, ctx, {
      action: 'barcode.add',
      entity: 'barcode',
      entityId: input.code,
      after: { sku, multiplier: input.multiplier },
    });
    const [dto] = await withBarcodes(tx, [item]);
    return dto!;
  });
}

/**
 * Removes a barcode from an item. Movements record the item, never the barcode it was
 * scanned with, so history reads the same afterwards; the audit log keeps the code.
 */
export async function removeBarcode({
  ctx,
  sku,
  code,
}: {
  ctx: ServiceContext;
  sku: string;
  code: string;
}): Promise<ItemDto> {
  assertMayEditItems(ctx.actor);
  return withTransaction(ctx, async (tx) => {
    const item = await itemOf(tx, sku);
    const [row] = await tx
      .select()
      .from(barcodes)
      .where(and(eq(barcodes.code, code), eq(barcodes.itemId, item.id)));
    if (!row) throw notFound('barcode', code);
    await tx.delete(barcodes).where(eq(barcodes.code, code));
    await audit(tx, ctx, {
      action: 'barcode.remove',
      entity: 'barcode',
      entityId: code,
      before: { sku, multiplier: row.multiplier },
    });
    const [dto] = await withBarcodes(tx, [item]);
    return dto!;
  });
}

async function itemOf(tx: Tx, sku: string) {
  const [item] = await tx.select().from(items).where(eq(items.sku, sku));
  if (!item) throw notFound('item', sku);
  return item;
}
