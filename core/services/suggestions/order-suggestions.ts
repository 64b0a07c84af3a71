import { z } from 'zod';
import { withTransaction, type ServiceContext } from '../context.js';
import { createPurchaseOrder } from '../purchase-orders/create-purchase-order.js';
import type { PurchaseOrderDto } from '../purchase-orders/po-record.js';
import { Sku } from '../schemas.js';
import { purchaseSuggestions, PurchaseSuggestionsInput } from './purchase-suggestions.js';

export const OrderSuggestionsInput = PurchaseSuggestionsInput.extend({
  windowDays: z.number().int().min(1).max(365).default(28),
  reviewDays: z.number().int().min(0).max(365).default(7),
  leadTimeDays: z.number().int().min(0).max(365).default(7),
  /** The suggestions to order (all when omitted), optionally with another quantity. */
  lines: z.array(z.strictObject({ sku: Sku, quantity: z.number().int().positive().max(1e12).nullish() })).max(5000).nullish(),
}).meta({ id: 'OrderSuggestionsInput' });
export type OrderSuggestionsInput = z.infer<typeof OrderSuggestionsInput>;

export const OrderSuggestionsResult = z.object({
  orders: z.array(z.unknown()).describe('Draft purchase orders, one per supplier'),
  skipped: z.array(z.object({ sku: z.string(), reason: z.enum(['no_supplier_yet', 'not_suggested']) })),
});

/**
 * Turns selected purchase suggestions into draft purchase orders, one per supplier,
 * in one transaction, at each item's last purchase cost. Items never bought yet have
 * no supplier to order from and are listed as skipped.
 */
export async function orderSuggestions({ ctx, input }: { ctx: ServiceContext; input: OrderSuggestionsInput }) {
  return withTransaction(ctx, async (_tx, inner) => {
    const suggestions = await purchaseSuggestions({ ctx: inner, input });
    const wanted = input.lines ?? suggestions.map((s) => ({ sku: s.sku, quantity: null }));
    const skipped: Array<{ sku: string; reason: 'no_supplier_yet' | 'not_suggested' }> = [];
    const bySupplier = new Map<number, Array<{ sku: string; quantity: number; unitCost: number }>>();
    for (const line of wanted) {
      const suggestion = suggestions.find((s) => s.sku === line.sku);
      if (!suggestion && !line.quantity) {
        skipped.push({ sku: line.sku, reason: 'not_suggested' });
        continue;
      }
      if (!suggestion?.supplier) {
        skipped.push({ sku: line.sku, reason: 'no_supplier_yet' });
        continue;
      }
      const supplierId = suggestion.supplier.id;
      const list = bySupplier.get(supplierId) ?? [];
      list.push({ sku: line.sku, quantity: line.quantity ?? suggestion.quantity, unitCost: suggestion.supplier.lastUnitCost });
      bySupplier.set(supplierId, list);
    }
    const orders: PurchaseOrderDto[] = [];
    for (const [supplier, lines] of bySupplier) {
      orders.push(
        await createPurchaseOrder({
          ctx: inner,
          input: { supplier, location: input.location, lines, note: 'from purchase suggestions', submit: false },
        }),
      );
    }
    return { orders, skipped };
  });
}
