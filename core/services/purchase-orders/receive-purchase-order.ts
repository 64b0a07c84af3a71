import { and, eq, sql } from 'drizzle-orm';
import { canWriteAt } from '../../domain/actor.js';
import type { Issue } from '../../domain/codes.js';
import { receivedStatus } from '../../domain/documents.js';
import { movingAverageE4 } from '../../domain/money.js';
import { balances, items, purchaseOrderLines } from '../../db/schema.js';
import { transition } from '../approvals/engine.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { virtualLocation } from '../ledger/refs.js';
import { publish } from '../outbox.js';
import type { ReceiveLinesInput } from '../transfers/receive-transfer.js';
import { assertCan } from './purchase-order-lifecycle.js';
import { loadPurchaseOrder, toPurchaseOrderDto, type PurchaseOrderDto } from './po-record.js';

/**
 * Receives ordered stock, in parts if need be: `@supplier → location` at the line's
 * unit cost. Each item's moving-average cost takes the receipt in: what is on hand
 * (in every store and warehouse) keeps its cost, what arrives brings its own.
 */
export async function receivePurchaseOrder({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ReceiveLinesInput;
}): Promise<PurchaseOrderDto> {
  return withTransaction(ctx, async (tx) => {
    const po = await loadPurchaseOrder(tx, id);
    if (ctx.actor.role === 'viewer' || !canWriteAt(ctx.actor, [po.location.id])) throw forbidden('location_out_of_scope');
    assertCan(po, 'receive', input.version);

    const issues: Issue[] = [];
    const arriving = input.lines.flatMap((l, i) => {
      const line = po.lines.find((x) => x.sku === l.sku);
      if (!line) issues.push({ path: `lines.${i}.sku`, code: 'invalid_value', params: { reason: 'not_on_order' } });
      else if (l.quantity > line.quantity - line.received) {
        issues.push({ path: `lines.${i}.quantity`, code: 'too_big', params: { maximum: line.quantity - line.received } });
      }
      if (input.lines.findIndex((x) => x.sku === l.sku) !== i) issues.push({ path: `lines.${i}.sku`, code: 'invalid_value', params: { duplicate: l.sku } });
      return line ? [{ line, quantity: l.quantity }] : [];
    });
    if (issues.length > 0) throw validationFailed(issues);

    const now = ctx.now();
    const status = receivedStatus(
      po.lines.map((l) => ({ expected: l.quantity, received: l.received + (arriving.find((a) => a.line.id === l.id)?.quantity ?? 0) })),
    );
    if (!(await transition(tx, po, ['approved', 'partially_received'], status, now, po.version))) throw invalidState('purchase_order', po.status);

    // The cost of what is on hand, before this receipt.
    for (const { line, quantity } of arriving) {
      const [before] = await tx
        .select({
          avg: items.avgUnitCostE4,
          onHand: sql<number>`coalesce((SELECT sum(${balances.onHand}) FROM ${balances}
            WHERE ${balances.itemId} = ${items.id} AND ${balances.isVirtual} = 0), 0)`,
        })
        .from(items)
        .where(eq(items.id, line.itemId));
      const avg = movingAverageE4({ onHand: before!.onHand, avgE4: before!.avg }, { quantity, costE4: line.unitCostE4 });
      await tx.update(items).set({ avgUnitCostE4: avg }).where(eq(items.id, line.itemId));
      await tx
        .update(purchaseOrderLines)
        .set({ received: line.received + quantity })
        .where(and(eq(purchaseOrderLines.id, line.id)));
    }

    const supplier = await virtualLocation(tx.raw, '@supplier');
    const session = new LedgerSession(tx, { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client });
    await session.load(arriving.flatMap(({ line }) => [
      { item: { id: line.itemId, sku: line.sku }, location: supplier },
      { item: { id: line.itemId, sku: line.sku }, location: po.location },
    ]));
    for (const { line, quantity } of arriving) {
      session.post({
        type: 'receipt',
        item: { id: line.itemId, sku: line.sku },
        source: supplier,
        target: po.location,
        quantity,
        occurredAt: now,
        reference: `purchase_order:${id}`,
        document: { type: 'purchase_order', id },
        unitCostE4: line.unitCostE4,
      });
    }
    await session.flush();
    await audit(tx, ctx, { action: 'purchase_order.receive', entity: 'purchase_order', entityId: id, before: { status: po.status }, after: { status, lines: input.lines } });
    await publish(tx, now, { topic: `purchase_order.${status}`, document: po, payload: { purchaseOrderId: id, status, by: ctx.actor.name } });
    return toPurchaseOrderDto(await loadPurchaseOrder(tx, id));
  });
}
