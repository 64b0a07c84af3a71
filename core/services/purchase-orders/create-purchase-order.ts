import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { canWriteAt } from '../../domain/actor.js';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import { MAX_UNIT_COST, toE4 } from '../../domain/money.js';
import { purchaseOrderLines, purchaseOrders, suppliers } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { RefResolver } from '../ledger/refs.js';
import { LocationCode, Sku, Text } from '../schemas.js';
import { submitPurchaseOrderLoaded } from './purchase-order-lifecycle.js';
import { loadPurchaseOrder, toPurchaseOrderDto, type PurchaseOrderDto } from './po-record.js';

export const CreatePurchaseOrderInput = z
  .strictObject({
    /** The supplier's id, or its name. */
    supplier: z.union([z.number().int().positive(), Text(200)]),
    location: LocationCode,
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          quantity: z.number().int().positive().max(MAX_QUANTITY),
          /** Per base unit, in currency units, at most 4 decimals. */
          unitCost: z.number().min(0).max(MAX_UNIT_COST),
        }),
      )
      .min(1)
      .max(500),
    note: Text(1000).nullish(),
    submit: z.boolean().default(true),
  })
  .meta({ id: 'CreatePurchaseOrderInput' });
export type CreatePurchaseOrderInput = z.infer<typeof CreatePurchaseOrderInput>;

/** Orders stock from a supplier for a location; submitted for approval unless `submit: false`. */
export async function createPurchaseOrder({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreatePurchaseOrderInput;
}): Promise<PurchaseOrderDto> {
  const issues: Issue[] = [];
  const costs = input.lines.map((l, i) => {
    const e4 = toE4(l.unitCost);
    if (e4 === undefined) issues.push({ path: `lines.${i}.unitCost`, code: 'invalid_value', params: { reason: 'at_most_4_decimals' } });
    if (input.lines.findIndex((x) => x.sku === l.sku) !== i) issues.push({ path: `lines.${i}.sku`, code: 'invalid_value', params: { duplicate: l.sku } });
    return e4 ?? 0;
  });
  if (issues.length > 0) throw validationFailed(issues);

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const [supplier] = await tx
      .select({ id: suppliers.id })
      .from(suppliers)
      .where(typeof input.supplier === 'number' ? eq(suppliers.id, input.supplier) : eq(suppliers.name, input.supplier));
    if (!supplier) throw notFound('supplier', input.supplier);
    const refs = await new RefResolver(tx.raw).load({ skus: input.lines.map((l) => l.sku), locations: [input.location] });
    const location = refs.internalLocation(input.location);
    const lines = input.lines.map((l, i) => {
      const item = refs.item(l.sku);
      if (!item) throw notFound('item', l.sku);
      return { itemId: item.id, quantity: l.quantity, unitCostE4: costs[i]! };
    });
    if (ctx.actor.role === 'viewer' || !canWriteAt(ctx.actor, [location.id])) throw forbidden('location_out_of_scope');

    const [created] = await tx
      .insert(purchaseOrders)
      .values({
        supplierId: supplier.id,
        locationId: location.id,
        status: 'draft',
        note: input.note ?? null,
        requestedBy: ctx.actor.id,
        createdAt: now,
        updatedAt: now,
      })
      .returning({ id: purchaseOrders.id });
    const id = created!.id;
    await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: id })));
    await audit(tx, ctx, { action: 'purchase_order.create', entity: 'purchase_order', entityId: id, after: input });
    if (input.submit) await submitPurchaseOrderLoaded(tx, ctx, await loadPurchaseOrder(tx, id));
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}
