import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { MAX_QUANTITY, type Issue } from '../../domain/codes.js';
import { documentTotalE4, documentTotalIssues, MAX_UNIT_COST, toE4 } from '../../domain/money.js';
import { suppliers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { notFound } from '../errors.js';
import type { RefResolver } from '../refs.js';
import { Money, Sku, Text, Quantity } from '../schemas.js';

/** The supplier's id, or its name. */
export const SupplierRef = z.union([z.number().int().positive(), Text(200)]);

export const PurchaseOrderLineInput = z.strictObject({
  sku: Sku,
  quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
  /** Per base unit; the line (quantity × unit cost) and the order stay within the largest amount kept exactly. */
  unitCost: Money(MAX_UNIT_COST, 'Per base unit, in currency units'),
});
// The line problems the fields alone do not show are checked in the same pass as the
// fields, so that a bad cost on one line does not hide a duplicate on another.
export const PurchaseOrderLinesInput = z
  .array(PurchaseOrderLineInput)
  .min(1)
  .max(500)
  .superRefine((lines, ctx) => {
    if (!lines.every((l) => typeof l?.sku === 'string')) return;
    const priced = lines.every(
      (l) =>
        Number.isSafeInteger(l.quantity) &&
        typeof l.unitCost === 'number' &&
        toE4(l.unitCost) !== undefined,
    );
    for (const issue of lineProblems(lines, '', priced)) {
      ctx.addIssue({
        code: 'custom',
        path: issue.path
          .split('.')
          .filter(Boolean)
          .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
        params: { code: issue.code, ...issue.params },
      });
    }
  });
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
export function checkOrderLines(
  lines: readonly PurchaseOrderLineInput[],
  path = 'lines',
): { costsE4: number[]; issues: Issue[] } {
  // The schema allowed each unit cost (at most 4 decimals): toE4 cannot fail on them.
  return { costsE4: lines.map((l) => toE4(l.unitCost)!), issues: lineProblems(lines, path) };
}

/** An item twice; a line or the order worth more than the ledger keeps exactly (when every line is `priced`). */
function lineProblems(
  lines: readonly PurchaseOrderLineInput[],
  path: string,
  priced = true,
): Issue[] {
  const at = (rest: string) => [path, rest].filter(Boolean).join('.');
  const issues: Issue[] = [];
  lines.forEach((l, i) => {
    if (lines.findIndex((x) => x.sku === l.sku) !== i)
      issues.push({ path: at(`${i}.sku`), code: 'invalid_value', params: { duplicate: l.sku } });
  });
  if (!priced) return issues;
  const total = documentTotalE4(
    lines.map((l) => ({ quantity: l.quantity, unitE4: toE4(l.unitCost)! })),
  );
  if (!total.ok)
    issues.push(
      ...documentTotalIssues(total, path).map((issue) => ({
        ...issue,
        path: issue.path.replace(/^\./, ''),
      })),
    );
  return issues;
}

/** The lines with their items resolved (`refs` loaded with their skus); an unknown sku is `not_found`. */
export function resolveOrderLines(
  refs: RefResolver,
  lines: readonly PurchaseOrderLineInput[],
  costsE4: readonly number[],
): OrderLine[] {
  return lines.map((l, i) => {
    const item = refs.item(l.sku);
    if (!item) throw notFound('item', l.sku);
    return { itemId: item.id, quantity: l.quantity, unitCostE4: costsE4[i]! };
  });
}

export async function findSupplier(
  tx: Tx,
  ref: z.infer<typeof SupplierRef>,
): Promise<{ id: number }> {
  const [supplier] = await tx
    .select({ id: suppliers.id })
    .from(suppliers)
    .where(typeof ref === 'number' ? eq(suppliers.id, ref) : eq(suppliers.name, ref));
  if (!supplier) throw notFound('supplier', ref);
  return supplier;
}
