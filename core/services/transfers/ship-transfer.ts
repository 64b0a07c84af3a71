import { eq } from 'drizzle-orm';
import { transferLines, transfers } from '../../db/schema.js';
import { transition } from '../approvals/engine.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { virtualLocation } from '../ledger/refs.js';
import { publish } from '../outbox.js';
import { settleHolds } from '../reservations/hold-records.js';
import { loadTransfer, toTransferDto, type TransferDto } from './transfer-record.js';
import { assertCan, may } from './transfer-rules.js';

/**
 * Ships an approved transfer: each line's held stock moves `from → @transit`, so it
 * is counted in transit, not at either store, until it is received.
 */
export async function shipTransfer({ ctx, id, version }: { ctx: ServiceContext; id: number; version?: number | null }): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.ship(ctx.actor, t)) throw forbidden('only_source_may_ship');
    assertCan(t, 'ship', version);
    const now = ctx.now();
    if (!(await transition(tx, t, ['approved'], 'in_transit', now, t.version))) throw invalidState('transfer', t.status);

    const held = await settleHolds(tx, t.lines.flatMap((l) => (l.reservationId === null ? [] : [l.reservationId])), 'committed', now);
    if (held.length !== t.lines.length) throw invalidState('transfer', 'holds_not_pending');
    const transit = await virtualLocation(tx.raw, '@transit');
    const session = new LedgerSession(tx, { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client });
    await session.load(t.lines.flatMap((l) => [
      { item: { id: l.itemId, sku: l.sku }, location: t.from },
      { item: { id: l.itemId, sku: l.sku }, location: transit },
    ]));
    for (const line of t.lines) {
      session.post({
        type: 'transfer_out',
        item: { id: line.itemId, sku: line.sku },
        source: t.from,
        target: transit,
        quantity: line.quantity,
        occurredAt: now,
        reference: `transfer:${t.id}`,
        reservationId: line.reservationId ?? undefined,
        consumesReserved: line.quantity,
        document: { type: 'transfer', id: t.id },
      });
    }
    await session.flush();
    for (const line of t.lines) {
      await tx.update(transferLines).set({ shipped: line.quantity }).where(eq(transferLines.id, line.id));
    }
    await tx.update(transfers).set({ shippedBy: ctx.actor.id, shippedAt: now }).where(eq(transfers.id, id));
    await audit(tx, ctx, { action: 'transfer.ship', entity: 'transfer', entityId: id, before: { status: t.status }, after: { status: 'in_transit' } });
    await publish(tx, now, { topic: 'transfer.in_transit', document: { type: 'transfer', id }, payload: { transferId: id, status: 'in_transit', by: ctx.actor.name } });
    return toTransferDto(await loadTransfer(tx, id));
  });
}
