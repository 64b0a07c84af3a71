/**
 * What an approval card shows about its document, read fresh from the ledger: lines
 * with the stock available at both ends, value, requester, and the decision once
 * taken. One place for the card sent to approvers, its updates, and the card that
 * answers a click, so all copies look the same.
 */
import { type Database, type ServiceContext, systemReader } from '../core/services/context.js';
import { customerExposure } from '../core/services/customers/customer-exposure.js';
import { getSalesOrder } from '../core/services/customers/get-sales-order.js';
import { getPurchaseOrder } from '../core/services/purchase-orders/list-purchase-orders.js';
import { getStocktake } from '../core/services/stocktakes/list-stocktakes.js';
import { getStock } from '../core/services/stock/get-stock.js';
import { getWriteOff } from '../core/services/transfers/get-write-off.js';
import { getTransfer } from '../core/services/transfers/list-transfers.js';
import type { ApprovalCardInput } from './src/cards.js';

export async function documentCard(
  database: Database,
  type: string,
  id: number,
): Promise<ApprovalCardInput> {
  // Approvers are shown the document whatever their own scope: the system reads it.
  const ctx = systemReader(database, `teams-card-${type}-${id}`);
  if (type === 'stocktake_variance') return stocktakeCard(ctx, id);
  if (type === 'credit_override') return creditCard(ctx, id);
  if (type === 'transfer_loss') return writeOffCard(ctx, id);
  const doc =
    type === 'transfer' ? await getTransfer({ ctx, id }) : await getPurchaseOrder({ ctx, id });
  const decided = decisionOf(doc.approvals, doc.status !== 'pending_approval');
  if ('from' in doc) {
    const lines = await Promise.all(
      doc.lines.map(async (l) => ({
        sku: l.sku,
        quantity: l.quantity,
        availableFrom: (await getStock({ ctx, location: doc.from, sku: l.sku })).available,
        availableTo: (await getStock({ ctx, location: doc.to, sku: l.sku })).available,
      })),
    );
    return {
      documentType: 'transfer',
      documentId: id,
      version: doc.version,
      from: doc.from,
      to: doc.to,
      requestedBy: doc.requestedBy,
      value: doc.totals.value,
      lines,
      ...(decided ? { decided } : {}),
    };
  }
  return {
    documentType: 'purchase_order',
    documentId: id,
    version: doc.version,
    to: doc.location,
    supplier: doc.supplier.name,
    requestedBy: doc.requestedBy,
    value: doc.totals.value,
    lines: doc.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(decided ? { decided } : {}),
  };
}

/** The last decision on a document no longer waiting, as the card shows it. */
function decisionOf(
  approvals: ReadonlyArray<{ status: string; decidedBy: string | null; decidedAt: string | null }>,
  settled: boolean,
): ApprovalCardInput['decided'] {
  const last = approvals.filter((s) => s.status === 'approved' || s.status === 'rejected').at(-1);
  return last && settled
    ? {
        decision: last.status as 'approved' | 'rejected',
        by: last.decidedBy ?? '',
        at: (last.decidedAt ?? '').replace('T', ' ').slice(0, 16),
      }
    : undefined;
}

/** A stocktake's differences, book figures included: approvers are managers. */
async function stocktakeCard(ctx: ServiceContext, id: number): Promise<ApprovalCardInput> {
  const s = await getStocktake({ ctx, id });
  const decided = decisionOf(s.approvals, s.status !== 'submitted');
  return {
    documentType: 'stocktake_variance',
    documentId: id,
    version: s.version,
    to: s.location,
    requestedBy: s.requestedBy,
    value: s.totals.absoluteVarianceValue ?? 0,
    lines: s.lines
      .filter((l) => l.variance !== null && l.variance !== 0)
      .map((l) => ({ sku: l.sku, quantity: l.variance!, counted: l.counted!, book: l.book! })),
    ...(decided ? { decided } : {}),
  };
}

/** A transfer's write-off: each line still in transit, with its reason; asked by whoever closed it. */
async function writeOffCard(ctx: ServiceContext, id: number): Promise<ApprovalCardInput> {
  const w = await getWriteOff({ ctx, id });
  const t = w.transfer;
  const decided = decisionOf(w.approvals, t.status !== 'loss_pending_approval');
  return {
    documentType: 'transfer_loss',
    documentId: id,
    version: t.version,
    from: t.from,
    to: t.to,
    requestedBy: t.lossRequestedBy ?? t.requestedBy,
    value: w.value,
    lines: w.lines,
    ...(decided ? { decided } : {}),
  };
}

/** A sales order over the customer's credit, with what the customer had left. */
async function creditCard(ctx: ServiceContext, id: number): Promise<ApprovalCardInput> {
  const o = await getSalesOrder({ ctx, id });
  const exposure = await customerExposure({ ctx, code: o.customer });
  const decided = decisionOf(o.approvals, o.status !== 'pending_approval');
  return {
    documentType: 'credit_override',
    documentId: id,
    version: o.version,
    to: o.location,
    customer: o.customer,
    creditLeft:
      exposure.remaining === null
        ? null
        : exposure.remaining +
          (o.status === 'pending_approval' || o.status === 'approved' ? o.value : 0),
    requestedBy: o.requestedBy,
    value: o.value,
    lines: o.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })),
    ...(decided ? { decided } : {}),
  };
}
