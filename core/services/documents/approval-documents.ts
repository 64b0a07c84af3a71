import type { Queryable } from '../../db/types.js';
import { currentRound, type ApprovalSubject, type StepRecord } from '../approvals/engine.js';
import { loadSalesOrder, subjectOf as salesOrderSubject } from '../customers/sales-order-record.js';
import { loadPurchaseOrder, purchaseOrderSubject } from '../purchase-orders/po-record.js';
import { loadStocktake, stocktakeSubject } from '../stocktakes/stocktake-record.js';
import { loadTransfer, lossSubject, transferSubject } from '../transfers/transfer-record.js';

/*
 * The registry of the documents approvals are asked on. Each kind's table, machine
 * and approval statuses are its descriptor in core/domain/documents.ts
 * (`DOCUMENT_KINDS`, `APPROVAL_KINDS`); its loader lives in its own folder. This
 * folder sits above them all, so that approvals/ (the engine) depends on the
 * descriptors only, and no document folder depends on another through it.
 */

/** A document waiting for approval, as the inbox and the notification channels show it. */
export interface ApprovalDocument {
  subject: ApprovalSubject;
  /** The codes of its locations. */
  codes: string[];
  requester: string;
  createdAt: number;
  /** The steps of its latest submission (the ones being decided). */
  steps: StepRecord[];
}

/** How each kind of approval reads its document: once per kind. */
const LOADERS: Record<
  ApprovalSubject['type'],
  (q: Queryable, id: number) => Promise<ApprovalDocument>
> = {
  transfer: async (q, id) => {
    const t = await loadTransfer(q, id);
    return {
      subject: transferSubject(t),
      codes: [t.from.code, t.to.code],
      requester: t.requestedByName,
      createdAt: t.createdAt,
      steps: t.steps,
    };
  },
  transfer_loss: async (q, id) => {
    const t = await loadTransfer(q, id);
    return {
      subject: lossSubject(t),
      codes: [t.from.code, t.to.code],
      requester: t.lossRequestedByName ?? t.requestedByName,
      createdAt: t.lossRequestedAt ?? t.createdAt,
      steps: currentRound(t.lossSteps),
    };
  },
  purchase_order: async (q, id) => {
    const po = await loadPurchaseOrder(q, id);
    return {
      subject: purchaseOrderSubject(po),
      codes: [po.location.code],
      requester: po.requestedByName,
      createdAt: po.createdAt,
      steps: po.steps,
    };
  },
  stocktake_variance: async (q, id) => {
    const s = await loadStocktake(q, id);
    return {
      subject: stocktakeSubject(s),
      codes: [s.location.code],
      requester: s.requestedByName,
      createdAt: s.submittedAt ?? s.createdAt,
      steps: currentRound(s.steps),
    };
  },
  credit_override: async (q, id) => {
    const o = await loadSalesOrder(q, id);
    return {
      subject: salesOrderSubject(o),
      codes: [o.location.code],
      requester: o.requestedByName,
      createdAt: o.createdAt,
      steps: o.steps,
    };
  },
};

/** Loads any document the approval engine decides on, by its approval type. */
export async function loadApprovalDocument(
  q: Queryable,
  type: string,
  id: number,
): Promise<ApprovalDocument> {
  const load = LOADERS[type as ApprovalSubject['type']];
  if (!load) throw new Error(`no approval document type ${type}`);
  return load(q, id);
}
