import { and, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { fromE4 } from '../../domain/money.js';
import { purchaseOrders } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { validationFailed } from '../errors.js';
import { RefResolver } from '../refs.js';
import { createPurchaseOrder } from '../purchase-orders/create-purchase-order.js';
import { editPurchaseOrder } from '../purchase-orders/edit-purchase-order.js';
import {
  loadPurchaseOrder,
  PurchaseOrderDto,
  toPurchaseOrderDto,
  type PurchaseOrderRecord,
} from '../purchase-orders/po-record.js';
import { Sku, Quantity } from '../schemas.js';
import { ServiceLevelBody } from './demand.js';
import { purchaseSuggestions, PurchaseSuggestionsInput } from './purchase-suggestions.js';
import { suppliersOfItems } from './stock-figures.js';
import { requireWriteAt } from '../scope.js';

export const OrderSuggestionsInput = PurchaseSuggestionsInput.extend({
  windowDays: z.number().int().min(1).max(365).default(28),
  reviewDays: z.number().int().min(0).max(365).default(7),
  leadTimeDays: z.number().int().min(0).max(365).default(7),
  serviceLevel: ServiceLevelBody,
  /**
   * The items to order (every purchase suggestion when omitted). A `quantity` is what
   * the location's draft should hold of the item (set, not added: sending it twice
   * changes nothing); without one, the suggestion's quantity is added to it.
   */
  lines: z
    .array(
      z.strictObject({
        sku: Sku,
        quantity: Quantity(z.number().int().positive().max(1e12)).nullish(),
      }),
    )
    .max(5000)
    .nullish(),
}).meta({ id: 'OrderSuggestionsInput' });
export type OrderSuggestionsInput = z.infer<typeof OrderSuggestionsInput>;

const SKIP_REASONS = ['no_supplier_yet', 'not_suggested', 'transfer_suggested'] as const;
type Skipped = { sku: string; reason: (typeof SKIP_REASONS)[number]; from?: string };

export const OrderSuggestionsResult = z.object({
  orders: z
    .array(PurchaseOrderDto)
    .describe(
      'The drafts that hold the ordered items, one per supplier: made, added to, or already holding them',
    ),
  skipped: z.array(
    z.object({
      sku: z.string(),
      reason: z.enum(SKIP_REASONS),
      from: z.string().optional().describe('transfer_suggested: where from'),
    }),
  ),
});

/**
 * Turns purchase suggestions into draft purchase orders, at each item's last purchase
 * cost, idempotently per location and item: an item already on a draft of the
 * location is ordered on that draft (drafts count as on order, so a second click
 * finds nothing more to order), other items join the location's draft for their
 * supplier, or a new one. It all runs in one write transaction: the suggestions and
 * the drafts are read under the database's write lock, so two clicks at once, in any
 * service processes, see each other's drafts. Items a transfer should bring, and
 * items never bought yet (no supplier), are listed as skipped.
 */
export async function orderSuggestions({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: OrderSuggestionsInput;
}) {
  return withTransaction(ctx, async (tx, inner) => {
    const suggestions = await purchaseSuggestions({ ctx: inner, input });
    const wanted = input.lines ?? suggestions.map((s) => ({ sku: s.sku, quantity: null }));
    const refs = await new RefResolver(tx.raw).load({
      skus: wanted.map((l) => l.sku),
      locations: [input.location],
    });
    const location = refs.internalLocation(input.location);
    requireWriteAt(ctx.actor, [location.id]);
    const issues: Issue[] = wanted.flatMap((l, i) =>
      refs.item(l.sku)
        ? []
        : [{ path: `lines.${i}.sku`, code: 'unknown_sku', params: { sku: l.sku } }],
    );
    if (issues.length > 0) throw validationFailed(issues);

    const lastSuppliers = await suppliersOfItems(tx.raw);
    const drafts = await draftsAt(tx, location.id);
    const fresh = new Map<number, DraftLine[]>();
    const skipped: Skipped[] = [];
    for (const line of wanted) {
      const item = refs.item(line.sku)!;
      const suggestion = suggestions.find((s) => s.sku === item.sku);
      if (!line.quantity && !suggestion) {
        skipped.push({ sku: line.sku, reason: 'not_suggested' });
        continue;
      }
      if (!line.quantity && suggestion?.action === 'transfer') {
        skipped.push({ sku: line.sku, reason: 'transfer_suggested', from: suggestion.from! });
        continue;
      }
      const last = lastSuppliers.get(item.id);
      const supplier =
        suggestion?.supplier ??
        (last ? { id: last.supplierId, lastUnitCost: fromE4(last.lastUnitCostE4) } : null);
      if (!supplier) {
        skipped.push({ sku: line.sku, reason: 'no_supplier_yet' });
        continue;
      }
      const onDraft = drafts.find((d) => d.lines.some((l) => l.sku === item.sku));
      if (onDraft) {
        // Already ordered here: set the line, or add what is still suggested (nothing, on a second click).
        const draftLine = onDraft.lines.find((l) => l.sku === item.sku)!;
        const quantity = line.quantity ?? draftLine.quantity + suggestion!.quantity;
        onDraft.changed ||= quantity !== draftLine.quantity;
        draftLine.quantity = quantity;
        onDraft.touched = true;
        continue;
      }
      const newLine = {
        sku: item.sku,
        quantity: line.quantity ?? suggestion!.quantity,
        unitCost: supplier.lastUnitCost,
      };
      const draft = drafts.find((d) => d.record.supplier.id === supplier.id);
      if (draft)
        Object.assign(draft, { lines: [...draft.lines, newLine], changed: true, touched: true });
      else fresh.set(supplier.id, [...(fresh.get(supplier.id) ?? []), newLine]);
    }

    const orders: PurchaseOrderDto[] = [];
    for (const draft of drafts.filter((d) => d.touched)) {
      orders.push(
        draft.changed
          ? await editPurchaseOrder({
              ctx: inner,
              id: draft.record.id,
              input: { version: draft.record.version, lines: draft.lines },
            })
          : toPurchaseOrderDto(draft.record),
      );
    }
    for (const [supplier, lines] of fresh) {
      orders.push(
        await createPurchaseOrder({
          ctx: inner,
          input: {
            supplier,
            location: input.location,
            lines,
            note: 'from purchase suggestions',
            submit: false,
          },
        }),
      );
    }
    return { orders, skipped };
  });
}

interface DraftLine {
  sku: string;
  quantity: number;
  unitCost: number;
}

/** A draft of the location and what ordering the suggestions does to it. */
interface DraftPlan {
  record: PurchaseOrderRecord;
  lines: DraftLine[];
  changed: boolean;
  touched: boolean;
}

/** The location's drafts, newest first: the one an item is ordered on when several could take it. */
async function draftsAt(tx: Tx, locationId: number): Promise<DraftPlan[]> {
  const rows = await tx
    .select({ id: purchaseOrders.id })
    .from(purchaseOrders)
    .where(and(eq(purchaseOrders.locationId, locationId), eq(purchaseOrders.status, 'draft')))
    .orderBy(desc(purchaseOrders.id));
  const drafts: DraftPlan[] = [];
  for (const { id } of rows) {
    const record = await loadPurchaseOrder(tx, id);
    const lines = record.lines.map((l) => ({
      sku: l.sku,
      quantity: l.quantity,
      unitCost: fromE4(l.unitCostE4),
    }));
    drafts.push({ record, lines, changed: false, touched: false });
  }
  return drafts;
}
