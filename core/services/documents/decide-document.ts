import { decideSalesOrder } from '../customers/decide-sales-order.js';
import { decidePurchaseOrder } from '../purchase-orders/purchase-order-lifecycle.js';
import { decideStocktake } from '../stocktakes/stocktake-lifecycle.js';
import { decideTransfer } from '../transfers/decide-transfer.js';
import type { ServiceContext } from '../context.js';
import type { ApprovalSubject, DecisionOutcome } from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';

export type ApprovalType = ApprovalSubject['type'];
export const APPROVAL_TYPES: readonly ApprovalType[] = [
  'transfer',
  'purchase_order',
  'stocktake_variance',
  'credit_override',
  'transfer_loss',
];

type Decide = (args: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}) => Promise<{ decided: DecisionOutcome }>;

/**
 * The verb that decides each kind of document the approval engine asks about: what a
 * Teams card's button, a chat robot's decision page and the API's approve/reject all
 * call, so every surface gets the same rules, version check and audit row.
 */
export const DECIDE_DOCUMENT: Record<ApprovalType, Decide> = {
  transfer: decideTransfer,
  purchase_order: decidePurchaseOrder,
  stocktake_variance: decideStocktake,
  credit_override: decideSalesOrder,
  // A write-off is decided on its transfer (its status says which approval is asked).
  transfer_loss: decideTransfer,
};

export function isApprovalType(type: string): type is ApprovalType {
  return (APPROVAL_TYPES as readonly string[]).includes(type);
}
