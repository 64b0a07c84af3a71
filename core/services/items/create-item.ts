import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { barcodes, items } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { alreadyExists, validationFailed } from '../errors.js';
import { BarcodeCode, Sku, Text } from '../schemas.js';
import { withBarcodes, type ItemDto } from './item-dto.js';
import { assertMayEditItems } from './item-master.js';

/** A barcode as a plain code (multiplier 1) or with its pack size. */
export const BarcodeInput = z.union([
  BarcodeCode,
  z.strictObject({ code: BarcodeCode, multiplier: z.number().int().positive().max(1_000_000) }),
]);

export const CreateItemInput = z
  .strictObject({
    sku: Sku,
    name: Text(200),
    unit: Text(32).default('pcs'),
    barcodes: z.array(BarcodeInput).max(50).default([]),
    /** Receipts carry a lot and expiry; stock is kept per lot, issued first-expiry-first-out. */
    lotTracked: z.boolean().default(false),
  })
  .meta({ id: 'CreateItemInput' });
export type CreateItemInput = z.infer<typeof CreateItemInput>;

/**
 * Creates an item with its barcodes. A barcode belongs to one item only: reusing one
 * is `already_exists`, as is an existing sku.
 */
export async function createItem({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateItemInput;
}): Promise<ItemDto> {
  assertMayEditItems(ctx.actor);
  const codes = input.barcodes.map((b) => (typeof b === 'string' ? { code: b, multiplier: 1 } : b));
  const dupes = codes.map((c) => c.code).filter((code, i, all) => all.indexOf(code) !== i);
  if (dupes.length > 0) {
    throw validationFailed(
      dupes.map((code) => ({
        path: 'barcodes',
        code: 'invalid_value',
        params: { duplicate: code },
      })),
    );
  }

  return withTransaction(ctx, async (tx) => {
    const [existing] = await tx
      .select({ id: items.id })
      .from(items)
      .where(eq(items.sku, input.sku));
    if (existing) throw alreadyExists('item', input.sku);
    if (codes.length > 0) {
      const [taken] = await tx
        .select({ code: barcodes.code })
        .from(barcodes)
        .where(
          inArray(
            barcodes.code,
            codes.map((c) => c.code),
          ),
        );
      if (taken) throw alreadyExists('barcode', taken.code);
    }
    const now = ctx.now();
    const [item] = await tx
      .insert(items)
      .values({
        sku: input.sku,
        name: input.name,
        unit: input.unit,
        lotTracked: input.lotTracked,
        createdAt: now,
      })
      .returning();
    if (codes.length > 0) {
      await tx
        .insert(barcodes)
        .values(codes.map((c) => ({ ...c, itemId: item!.id, createdAt: now })));
    }
    const [dto] = await withBarcodes(tx, [item!]);
    await audit(tx, ctx, { action: 'item.create', entity: 'item', entityId: dto!.sku, after: dto });
    return dto!;
  });
}
