import { fromE4 } from '../../domain/money.js';
import { type ServiceContext, reader } from '../context.js';
import { loadTransfer, toTransferDto } from './transfer-record.js';

/**
 * A transfer's write-off as an approver is shown it: while it waits, each line still
 * in transit with its reason; once written off, what was lost. Valued at the lines'
 * moving-average cost. The latest round of loss approvals only (a rejection sends the
 * transfer back to receiving, and a later close asks again).
 */
export async function getWriteOff({ ctx, id }: { ctx: ServiceContext; id: number }) {
  const record = await loadTransfer(reader(ctx), id);
  const transfer = toTransferDto(record);
  const round = Math.max(0, ...transfer.lossApprovals.map((s) => s.round));
  const writtenOff = transfer.status === 'closed_with_discrepancy';
  const lines = record.lines
    .map((l) => ({ l, quantity: l.shipped - l.received - l.lost || (writtenOff ? l.lost : 0) }))
    .filter(({ quantity }) => quantity > 0);
  return {
    transfer,
    approvals: transfer.lossApprovals.filter((s) => s.round === round),
    value: fromE4(
      lines.reduce((sum, { l, quantity }) => sum + quantity * (l.avgUnitCostE4 ?? 0), 0),
    ),
    lines: lines.map(({ l, quantity }) => ({
      sku: l.sku,
      quantity,
      reason: l.lossReason,
      note: l.lossNote,
    })),
  };
}
