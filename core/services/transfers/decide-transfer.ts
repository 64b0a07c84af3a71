import { decide } from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { loadTransfer, toTransferDto, transferSubject, type TransferDto } from './transfer-record.js';
import { releaseHolds } from './transfer-rules.js';

/**
 * Approves or rejects the transfer's pending approval step. A rejection gives the
 * held stock back to the source.
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
}): Promise<TransferDto> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    const { status, step } = await decide(tx, ctx, transferSubject(t), { approve, version: input.version, comment: input.comment });
    if (status === 'rejected') await releaseHolds(tx, ctx, t, ctx.now());
    await audit(tx, ctx, {
      action: approve ? 'transfer.approve' : 'transfer.reject',
      entity: 'transfer',
      entityId: id,
      before: { status: t.status, version: t.version },
      after: { status, level: step.level, comment: input.comment ?? null },
    });
    return toTransferDto(await loadTransfer(tx, id));
  });
}
