import { canWriteAt } from '../../domain/actor.js';
import type { Tx } from '../../db/types.js';
import {
  cancelApprovals,
  decideAudited,
  openApprovals,
  type DecisionOutcome,
} from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { publish } from '../outbox.js';
import {
  loadPurchaseOrder,
  purchaseOrderSubject,
  toPurchaseOrderDto,
  type PurchaseOrderDto,
  type PurchaseOrderRecord,
} from './po-record.js';

/** A user who may write at the order's location (or its requester) may edit, submit, cancel or close it. */
export function mayChange(ctx: ServiceContext, po: PurchaseOrderRecord): boolean {
  return (
    ctx.actor.id === po.requestedBy ||
    (ctx.actor.role !== 'viewer' && canWriteAt(ctx.actor, [po.location.id]))
  );
}

export async function submitPurchaseOrderLoaded(
  tx: Tx,
  ctx: ServiceContext,
  po: PurchaseOrderRecord,
): Promise<void> {
  const status = await openApprovals(tx, ctx, purchaseOrderSubject(po));
  await transition(tx, 'purchase_order', po, 'submit', status, ctx.now());
  await audit(tx, ctx, {
    action: 'purchase_order.submit',
    entity: 'purchase_order',
    entityId: po.id,
    before: { status: po.status },
    after: { status },
  });
  await publish(tx, ctx.now(), {
    topic: `purchase_order.${status}`,
    document: po,
    payload: { purchaseOrderId: po.id, status },
  });
}

export async function submitPurchaseOrder({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<PurchaseOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (!mayChange(ctx, po)) throw forbidden('location_out_of_scope');
    assertCan('purchase_order', po, 'submit', version);
    await submitPurchaseOrderLoaded(tx, ctx, po);
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}

export async function cancelPurchaseOrder({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<PurchaseOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (!mayChange(ctx, po)) throw forbidden('location_out_of_scope');
    assertCan('purchase_order', po, 'cancel', version);
    await transition(tx, 'purchase_order', po, 'cancel', 'cancelled', ctx.now());
    await cancelApprovals(tx, po);
    await audit(tx, ctx, {
      action: 'purchase_order.cancel',
      entity: 'purchase_order',
      entityId: id,
      before: { status: po.status },
      after: { status: 'cancelled' },
    });
    await publish(tx, ctx.now(), {
      topic: 'purchase_order.cancelled',
      document: po,
      payload: { purchaseOrderId: id, status: 'cancelled' },
    });
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}

export async function decidePurchaseOrder({
  ctx,
  id,
  approve,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}): Promise<PurchaseOrderDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    const { decided } = await decideAudited(tx, ctx, purchaseOrderSubject(po), {
      approve,
      input,
    });
    return { ...toPurchaseOrderDto(await loadPurchaseOrder(tx, id)), decided };
  });
}
