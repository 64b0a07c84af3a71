import { decideAudited, type DecisionOutcome } from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { eq } from 'drizzle-orm';
import { transferLines, transfers } from '../../db/schema.js';
import type { Tx } from '../../db/types.js';
import { writeOff } from './close-transfer.js';
import {
  loadTransfer,
  lossSubject,
  toTransferDto,
  transferSubject,
  type TransferDto,
  type TransferRecord,
} from './transfer-record.js';
import { releaseHolds } from './transfer-rules.js';

/**
 * Approves or rejects the transfer's pending approval step: the request's (a rejection
 * gives the held stock back to the source) or, while `loss_pending_approval`, the
 * write-off's (approval writes off what never arrived; rejection gives the transfer back
 * to receiving, the units still in transit).
 */
export async function decideTransfer({
  ctx,
  id,
  approve,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}): Promise<TransferDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    if (t.status === 'loss_pending_approval') {
      const { status, decided } = await decideAudited(
        tx,
        ctx,
        lossSubject(t),
        { approve, input },
        () => forgetWriteOff(tx, t),
      );
      if (status === 'closed_with_discrepancy') await writeOff(tx, ctx, t, ctx.now());
      return { ...toTransferDto(await loadTransfer(tx, id)), decided };
    }
    const { decided } = await decideAudited(tx, ctx, transferSubject(t), { approve, input }, () =>
      releaseHolds(tx, ctx, t, ctx.now()),
    );
    return { ...toTransferDto(await loadTransfer(tx, id)), decided };
  });
}

/** A rejected write-off leaves no reasons behind: the next close gives its own. */
async function forgetWriteOff(tx: Tx, t: TransferRecord): Promise<void> {
  await tx
    .update(transferLines)
    .set({ lossReason: null, lossNote: null })
    .where(eq(transferLines.transferId, t.id));
  await tx
    .update(transfers)
    .set({ lossRequestedBy: null, lossRequestedAt: null })
    .where(eq(transfers.id, t.id));
}
