import { and, eq, lte } from 'drizzle-orm';
import type { Database } from '../../db/client.js';
import { transfers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { approvalExpiry, cancelApprovals, openApprovals } from '../approvals/engine.js';
import { TRANSFER_MACHINE } from '../../domain/documents.js';
import { audit, type AuditContext } from '../audit.js';
import { assertCan, compareAndSet, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { publish } from '../outbox.js';
import {
  loadTransfer,
  toTransferDto,
  transferSubject,
  type TransferDto,
  type TransferRecord,
} from './transfer-record.js';
import { may, releaseHolds } from './transfer-rules.js';

/** Sends a draft for approval (or approves it at once when no policy level applies). */
export async function submitTransfer({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.request(ctx.actor, t.from.id, t.to.id)) throw forbidden('location_out_of_scope');
    assertCan('transfer', t, 'submit', version);
    await submitLoaded(tx, ctx, t);
    return toTransferDto(await loadTransfer(tx, id));
  });
}

export async function submitLoaded(tx: Tx, ctx: ServiceContext, t: TransferRecord): Promise<void> {
  const now = ctx.now();
  const status = await openApprovals(tx, ctx, transferSubject(t));
  await transition(tx, 'transfer', t, 'submit', status, now);
  if (status === 'pending_approval') {
    await tx
      .update(transfers)
      .set({ approvalExpiresAt: await approvalExpiry(tx, 'transfer', now) })
      .where(eq(transfers.id, t.id));
  }
  await audit(tx, ctx, {
    action: 'transfer.submit',
    entity: 'transfer',
    entityId: t.id,
    before: { status: t.status },
    after: { status },
  });
  await publish(tx, now, {
    topic: `transfer.${status}`,
    document: { type: 'transfer', id: t.id },
    payload: { transferId: t.id, status },
  });
}

/** Cancels a transfer that has not shipped, and gives its held stock back. */
export async function cancelTransfer({
  ctx,
  id,
  version,
}: {
  ctx: ServiceContext;
  id: number;
  version?: number | null;
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.cancel(ctx.actor, t)) throw forbidden('not_requester_or_manager');
    assertCan('transfer', t, 'cancel', version);
    await endWithoutShipping(tx, ctx, t, 'cancelled', 'transfer.cancel');
    return toTransferDto(await loadTransfer(tx, id));
  });
}

/**
 * Ends a transfer before shipping: status by compare-and-set, holds released, open
 * approval steps dropped. Used by cancel and by the expiry worker.
 */
export async function endWithoutShipping(
  tx: Tx,
  ctx: AuditContext,
  t: TransferRecord,
  status: 'cancelled',
  action: string,
): Promise<boolean> {
  const now = ctx.now();
  if (!(await compareAndSet(tx, 'transfer', t.id, TRANSFER_MACHINE.cancel.from, status, now)))
    return false;
  await releaseHolds(
    tx,
    { actor: ctx.actor ?? { id: t.requestedBy }, requestId: ctx.requestId, client: ctx.client },
    t,
    now,
  );
  await cancelApprovals(tx, t);
  await audit(tx, ctx, {
    action,
    entity: 'transfer',
    entityId: t.id,
    before: { status: t.status },
    after: { status },
  });
  await publish(tx, now, {
    topic: `transfer.${status}`,
    document: { type: 'transfer', id: t.id },
    payload: { transferId: t.id, status, action },
  });
  return true;
}

/**
 * The expiry worker: cancels transfers still waiting for approval past their
 * expiry, releasing their holds. Safe with several processes: each transfer changes
 * status by compare-and-set, so only one worker ends it. Returns how many it ended.
 */
export async function expireTransfers(database: Database, now: number): Promise<number> {
  const due = await database.db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.status, 'pending_approval'), lte(transfers.approvalExpiresAt, now)))
    .limit(100);
  let ended = 0;
  for (const { id } of due) {
    const done = await database.write(async (tx) => {
      const t = await loadTransfer(tx, id);
      if (t.status !== 'pending_approval') return false;
      const system: AuditContext = {
        actor: null,
        requestId: 'transfer-expiry',
        client: 'system',
        now: () => now,
      };
      return endWithoutShipping(tx, system, t, 'cancelled', 'transfer.expire');
    });
    if (done) ended++;
  }
  return ended;
}
