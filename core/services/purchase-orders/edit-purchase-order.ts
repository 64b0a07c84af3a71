import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { fromE4 } from '../../domain/money.js';
import { purchaseOrderLines, purchaseOrders } from '../../db/schema.js';
import { audit } from '../audit.js';
import { assertCan } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, staleVersion, validationFailed } from '../errors.js';
import { RefResolver } from '../refs.js';
import { Text } from '../schemas.js';
import {
  checkOrderLines,
  findSupplier,
  PurchaseOrderLinesInput,
  resolveOrderLines,
  SupplierRef,
} from './po-lines.js';
import { mayChange } from './purchase-order-lifecycle.js';
import {
  loadPurchaseOrder,
  toPurchaseOrderDto,
  type PurchaseOrderDto,
  type PurchaseOrderRecord,
} from './po-record.js';

export const EditPurchaseOrderInput = z
  .strictObject({
    /** The version the edit was made on: an edit of an order someone changed since is refused. */
    version: z.number().int().positive(),
    supplier: SupplierRef.optional(),
    /** `null` removes the note. */
    note: Text(1000).nullish(),
    /** Replaces every line (send them all, changed or not). */
    lines: PurchaseOrderLinesInput.optional(),
  })
  .meta({ id: 'EditPurchaseOrderInput' });
export type EditPurchaseOrderInput = z.infer<typeof EditPurchaseOrderInput>;

/**
 * Changes a draft: its supplier, note or lines (quantities, costs, items added or
 * removed). Only a draft: once submitted, approvers judge what they see, so a
 * submitted order is cancelled and made again instead. The edit names the version it
 * was made on and bumps it, so two people editing one draft never overwrite each
 * other unseen.
 */
export async function editPurchaseOrder({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: EditPurchaseOrderInput;
}): Promise<PurchaseOrderDto> {
  const checked = input.lines ? checkOrderLines(input.lines) : undefined;
  if (checked && checked.issues.length > 0) throw validationFailed(checked.issues);

  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (!mayChange(ctx, po)) throw forbidden('location_out_of_scope');
    assertCan('purchase_order', po, 'edit', input.version);
    const supplier =
      input.supplier === undefined ? undefined : await findSupplier(tx, input.supplier);
    const lines =
      input.lines && checked
        ? resolveOrderLines(
            await new RefResolver(tx.raw).load({ skus: input.lines.map((l) => l.sku) }),
            input.lines,
            checked.costsE4,
          )
        : undefined;

    const now = ctx.now();
    const changed = await tx
      .update(purchaseOrders)
      .set({
        ...(supplier ? { supplierId: supplier.id } : {}),
        ...(input.note !== undefined ? { note: input.note } : {}),
        version: po.version + 1,
        updatedAt: now,
      })
      .where(
        and(
          eq(purchaseOrders.id, id),
          eq(purchaseOrders.status, 'draft'),
          eq(purchaseOrders.version, po.version),
        ),
      )
      .returning({ id: purchaseOrders.id });
    if (changed.length !== 1) throw staleVersion('purchase_order', po);
    if (lines) {
      await tx.delete(purchaseOrderLines).where(eq(purchaseOrderLines.purchaseOrderId, id));
      await tx.insert(purchaseOrderLines).values(lines.map((l) => ({ ...l, purchaseOrderId: id })));
    }
    const after = await loadPurchaseOrder(tx, id);
    await audit(tx, ctx, {
      action: 'purchase_order.edit',
      entity: 'purchase_order',
      entityId: id,
      before: editable(po),
      after: editable(after),
    });
    return toPurchaseOrderDto(after);
  });
}

/** What an edit may change, as the audit trail records it. */
function editable(po: PurchaseOrderRecord) {
  return {
    version: po.version,
    supplier: po.supplier.name,
    note: po.note,
    lines: po.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitCost: fromE4(l.unitCostE4),
    })),
  };
}
