import { decideAudited, type DecisionOutcome } from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
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
}): Promise<TransferDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const t = await loadTransfer(tx, id);
    const { decided } = await decideAudited(tx, ctx, transferSubject(t), 'transfer', { approve, input }, () => releaseHolds(tx, ctx, t, ctx.now()));
    return { ...toTransferDto(await loadTransfer(tx, id)), decided };
  });
}
