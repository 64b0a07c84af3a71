import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { CLOSE_REASONS, heldAtSource, inTransit } from '../../domain/documents.js';
import { transferLines, transfers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { openApprovals } from '../approvals/engine.js';
import { audit } from '../audit.js';
import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { virtualLocation } from '../refs.js';
import { publish } from '../outbox.js';
import { Problems } from '../problems.js';
import { Sku, Text } from '../schemas.js';
import { postFromTransit } from './receive-transfer.js';
import {
  loadTransfer,
  lossSubject,
  toTransferDto,
  type TransferDto,
  type TransferRecord,
} from './transfer-record.js';
import { may, releaseHolds } from './transfer-rules.js';

export const CloseTransferInput = z
  .strictObject({
    /** Why what is still in transit will not arrive; the default for lines without their own. */
    reason: z.enum(CLOSE_REASONS).nullish(),
    note: Text(1000).nullish(),
    /** A reason (and note) per line written off; lines not named take `reason`. */
    lines: z
      .array(
        z.strictObject({ sku: Sku, reason: z.enum(CLOSE_REASONS), note: Text(1000).nullish() }),
      )
      .min(1)
      .max(500)
      .nullish(),
    version: z.number().int().positive().nullish(),
  })
  .meta({ id: 'CloseTransferInput' });
export type CloseTransferInput = z.infer<typeof CloseTransferInput>;

/**
 * Closes a transfer that will not arrive in full: what is still in transit is written
 * off (`@transit → @adjustment`) with each line's reason, and what was still held at the
 * source for a later shipment is released. A write-off over the `transfer_loss` policy
 * waits for approval first (`loss_pending_approval`): meanwhile the missing units stay
 * in `@transit` (in flight, owned, not available anywhere) and nothing is received or
 * shipped; approval writes them off, rejection gives the transfer back to its
 * receiving state.
 */
export async function closeTransfer({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: CloseTransferInput;
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (!may.receive(ctx.actor, t) && ctx.actor.role !== 'admin')
      throw forbidden('only_target_may_close');
    assertCan('transfer', t, 'close', input.version);

    const problems = new Problems();
    const named = new Map<number, { reason: string; note: string | null }>();
    (input.lines ?? []).forEach((l, i) => {
      const line = t.lines.find((x) => x.sku === l.sku);
      if (!line || inTransit(line) === 0)
        problems.add({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { reason: 'not_in_transit' },
        });
      else if (named.has(line.id))
        problems.add({
          path: `lines.${i}.sku`,
          code: 'invalid_value',
          params: { duplicate: l.sku },
        });
      else named.set(line.id, { reason: l.reason, note: l.note ?? null });
    });
    const missing = t.lines.filter((l) => inTransit(l) > 0);
    const unexplained = missing.filter((l) => !named.has(l.id));
    if (unexplained.length > 0 && !input.reason) {
      problems.add({
        path: 'reason',
        code: 'required',
        params: {
          allowed: CLOSE_REASONS.join(', '),
          skus: unexplained.map((l) => l.sku).join(', '),
        },
      });
    }
    problems.throwIfAny();

    const now = ctx.now();
    for (const line of missing) {
      const own = named.get(line.id);
      await tx
        .update(transferLines)
        .set({
          lossReason: own?.reason ?? input.reason!,
          lossNote: own ? own.note : (input.note ?? null),
        })
        .where(eq(transferLines.id, line.id));
    }
    await tx
      .update(transfers)
      .set({
        lossRequestedBy: ctx.actor.id,
        lossRequestedAt: now,
        closeReason: input.reason ?? null,
      })
      .where(eq(transfers.id, id));
    const requested = await loadTransfer(tx, id);
    const status =
      (await openApprovals(tx, ctx, lossSubject(requested))) === 'approved'
        ? 'closed_with_discrepancy'
        : 'loss_pending_approval';
    await transition(tx, 'transfer', t, 'close', status, now);
    const lost = writeOffLines(requested);
    await audit(tx, ctx, {
      action: status === 'closed_with_discrepancy' ? 'transfer.close' : 'transfer.close_requested',
      entity: 'transfer',
      entityId: id,
      before: { status: t.status },
      after: { status, reason: input.reason ?? null, note: input.note ?? null, lost },
    });
    if (status === 'closed_with_discrepancy') await writeOff(tx, ctx, requested, now);
    else
      await publish(tx, now, {
        topic: 'transfer.loss_pending_approval',
        document: { type: 'transfer', id },
        payload: { transferId: id, lost, by: ctx.actor.name },
      });
    return toTransferDto(await loadTransfer(tx, id));
  });
}

/** What a write-off takes: every line still in transit, with its reason. */
export function writeOffLines(t: TransferRecord) {
  return t.lines
    .filter((l) => inTransit(l) > 0)
    .map((l) => ({ sku: l.sku, quantity: inTransit(l), reason: l.lossReason, note: l.lossNote }));
}

/**
 * Writes off what is still in transit (`transfer_loss`, `@transit → @adjustment`, each
 * line's reason on its movement) and releases what was still held at the source: the
 * transfer is closed. Its status was already changed by the caller.
 */
export async function writeOff(
  tx: Tx,
  ctx: ServiceContext,
  t: TransferRecord,
  now: number,
): Promise<void> {
  const missing = t.lines.filter((l) => inTransit(l) > 0);
  const [transit, adjustment] = await Promise.all([
    virtualLocation(tx.raw, '@transit'),
    virtualLocation(tx.raw, '@adjustment'),
  ]);
  await postFromTransit(
    tx,
    ctx,
    now,
    missing.map((line) => ({
      type: 'transfer_loss',
      item: { id: line.itemId, sku: line.sku },
      source: transit,
      target: adjustment,
      quantity: inTransit(line),
      occurredAt: now,
      reason: line.lossNote
        ? `${line.lossReason}: ${line.lossNote}`
        : (line.lossReason ?? undefined),
      reference: `transfer:${t.id}`,
      document: { type: 'transfer', id: t.id },
    })),
  );
  for (const line of missing)
    await tx
      .update(transferLines)
      .set({ lost: line.lost + inTransit(line) })
      .where(eq(transferLines.id, line.id));
  const keptBack = t.lines.filter((l) => heldAtSource(l) > 0);
  await releaseHolds(tx, ctx, { ...t, lines: keptBack }, now);
  for (const line of keptBack)
    await tx
      .update(transferLines)
      .set({ released: line.released + heldAtSource(line) })
      .where(eq(transferLines.id, line.id));
  await tx
    .update(transfers)
    .set({ closedBy: t.lossRequestedBy, closedAt: now })
    .where(eq(transfers.id, t.id));
  const lost = writeOffLines(t);
  await publish(tx, now, {
    topic: 'transfer.closed_with_discrepancy',
    document: { type: 'transfer', id: t.id },
    payload: { transferId: t.id, reason: t.closeReason, lost, by: ctx.actor.name },
  });
}
