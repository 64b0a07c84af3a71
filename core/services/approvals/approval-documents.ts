import type { Queryable } from '../../db/types.js';
import { loadSalesOrder, subjectOf as salesOrderSubject } from '../customers/sales-order-record.js';
import { loadPurchaseOrder, purchaseOrderSubject } from '../purchase-orders/po-record.js';
import { loadStocktake, stocktakeSubject } from '../stocktakes/stocktake-record.js';
import { loadTransfer, lossSubject, transferSubject } from '../transfers/transfer-record.js';
import { currentRound, type ApprovalSubject, type StepRecord } from './engine.js';

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

/** Loads any document the approval engine decides on, by its approval type. */
export async function loadApprovalDocument(
  q: Queryable,
  type: string,
  id: number,
): Promise<ApprovalDocument> {
  switch (type) {
    case 'transfer': {
      const t = await loadTransfer(q, id);
      return {
        subject: transferSubject(t),
        codes: [t.from.code, t.to.code],
        requester: t.requestedByName,
        createdAt: t.createdAt,
        steps: t.steps,
      };
    }
    case 'transfer_loss': {
      const t = await loadTransfer(q, id);
      return {
        subject: lossSubject(t),
        codes: [t.from.code, t.to.code],
        requester: t.lossRequestedByName ?? t.requestedByName,
        createdAt: t.lossRequestedAt ?? t.createdAt,
        steps: currentRound(t.lossSteps),
      };
    }
    case 'purchase_order': {
      const po = await loadPurchaseOrder(q, id);
      return {
        subject: purchaseOrderSubject(po),
        codes: [po.location.code],
        requester: po.requestedByName,
        createdAt: po.createdAt,
        steps: po.steps,
      };
    }
    case 'stocktake_variance': {
      const s = await loadStocktake(q, id);
      return {
        subject: stocktakeSubject(s),
        codes: [s.location.code],
        requester: s.requestedByName,
        createdAt: s.submittedAt ?? s.createdAt,
        steps: currentRound(s.steps),
      };
    }
    case 'credit_override': {
      const o = await loadSalesOrder(q, id);
      return {
        subject: salesOrderSubject(o),
        codes: [o.location.code],
        requester: o.requestedByName,
        createdAt: o.createdAt,
        steps: o.steps,
      };
    }
    default:
      throw new Error(`no approval document type ${type}`);
  }
}
