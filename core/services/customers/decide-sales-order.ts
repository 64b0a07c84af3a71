import {
  loadSalesOrder,
  releaseLines,
  subjectOf,
  toSalesOrderDto,
  type SalesOrderDto,
} from './sales-order-record.js';
import { decideAudited, type DecisionOutcome } from '../approvals/engine.js';
import type { DecisionInput } from '../approvals/step-dto.js';
import { withTransaction, type ServiceContext } from '../context.js';

/** Decides the credit override; a rejection releases the held stock. */
export async function decideSalesOrder({
  ctx,
  id,
  approve,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  approve: boolean;
  input: DecisionInput;
}): Promise<SalesOrderDto & { decided: DecisionOutcome }> {
  return withTransaction(ctx, async (tx) => {
    const o = await loadSalesOrder(tx, id);
    const { decided } = await decideAudited(tx, ctx, subjectOf(o), { approve, input }, () =>
      releaseLines(tx, ctx, o),
    );
    return { ...toSalesOrderDto(await loadSalesOrder(tx, id)), decided };
  });
}
