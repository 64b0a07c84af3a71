import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import { documentTotalE4, documentTotalIssues, MAX_UNIT_COST, toE4 } from '../../domain/money.js';
import { suppliers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { notFound } from '../errors.js';
import type { RefResolver } from '../ledger/refs.js';
import { Money, Sku, Text } from '../schemas.js';

/** The supplier's id, or its name. */
export const SupplierRef = z.union([z.number().int().positive(), Text(200)]);

export const PurchaseOrderLineInput = z.strictObject({
  sku: Sku,
  quantity: z.number().int().positive().max(MAX_QUANTITY),
  /** Per base unit; the line (quantity × unit cost) and the order stay within the largest amount kept exactly. */
  unitCost: Money(MAX_UNIT_COST, 'Per base unit, in currency units'),
});
export const PurchaseOrderLinesInput = z.array(PurchaseOrderLineInput).min(1).max(500);
export type PurchaseOrderLineInput = z.infer<typeof PurchaseOrderLineInput>;

/** An order line as stored: the item, how many, at what cost (1/10,000 of the currency unit). */
export interface OrderLine {
  itemId: number;
  quantity: number;
  unitCostE4: number;
}

/**
 * The problems of a set of order lines that need no database (an item twice, a line or
 * the order worth more than the ledger keeps exactly), every one of them, and each
 * line's cost in e4.
 */
export function checkOrderLines(lines: readonly PurchaseOrderLineInput[], path = 'lines'): { costsE4: number[]; issues: Issue[] } {
  const issues: Issue[] = [];
  // The schema allowed each unit cost (at most 4 decimals): toE4 cannot fail on them.
  const costsE4 = lines.map((l, i) => {
    if (lines.findIndex((x) => x.sku === l.sku) !== i) issues.push({ path: `${path}.${i}.sku`, code: 'invalid_value', params: { duplicate: l.sku } });
    return toE4(l.unitCost)!;
  });
  const total = documentTotalE4(lines.map((l, i) => ({ quantity: l.quantity, unitE4: costsE4[i]! })));
  if (!total.ok) issues.push(...documentTotalIssues(total, path));
  return { costsE4, issues };
}

/** The lines with their items resolved (`refs` loaded with their skus); an unknown sku is `not_found`. */
export function resolveOrderLines(refs: RefResolver, lines: readonly PurchaseOrderLineInput[], costsE4: readonly number[]): OrderLine[] {
  return lines.map((l, i) => {
    const item = refs.item(l.sku);
    if (!item) throw notFound('item', l.sku);
    return { itemId: item.id, quantity: l.quantity, unitCostE4: costsE4[i]! };
  });
}

export async function findSupplier(tx: Tx, ref: z.infer<typeof SupplierRef>): Promise<{ id: number }> {
  const [supplier] = await tx
    .select({ id: suppliers.id })
    .from(suppliers)
    .where(typeof ref === 'number' ? eq(suppliers.id, ref) : eq(suppliers.name, ref));
  if (!supplier) throw notFound('supplier', ref);
  return supplier;
}
