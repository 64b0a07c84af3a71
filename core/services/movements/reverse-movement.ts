import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { movements } from '../../db/schema.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState, notFound, ServiceError } from '../errors.js';
import { postOne } from '../ledger/ledger-session.js';
import { Text } from '../schemas.js';
import { cameBack } from './came-back.js';
import { loadMovements } from './load-movements.js';
import { countRefusals } from './refusals.js';
import { toMovementDto, type MovementDto } from './movement-dto.js';
import { requireWriteAt } from '../scope.js';

export const ReverseMovementInput = z.strictObject({ reason: Text(200).nullish() });
export type ReverseMovementInput = z.infer<typeof ReverseMovementInput>;

/**
 * Corrects a mistake the only way a ledger may: by a new movement that undoes it
 * (same item and quantity, source and target swapped). A movement is reversed at most
 * once (`invalid_state`, backed by a unique index); a reversal is not itself reversed
 * (post the movement again instead), nor a movement of a document (a transfer's or an
 * order's: act on the document). Stock that has since left the target cannot be
 * taken back (`insufficient_stock`).
 */
export async function reverseMovement({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: ReverseMovementInput;
}): Promise<MovementDto> {
  return countRefusals(ctx, () =>
    withTransaction(ctx, async (tx) => {
      if (ctx.actor.role === 'viewer') throw forbidden('role_cannot_write');
      const [original] = await loadMovements(tx, { seq: id, limit: 1 });
      if (!original) throw notFound('movement', id);
      if (original.type === 'reversal') throw invalidState('movement', 'is_reversal');
      // A document's movements are undone through the document (cancel, close), never alone.
      if (original.document) {
        const details = {
          entity: 'movement',
          status: 'part_of_document',
          reason: 'part_of_document',
          document: original.document.type,
        };
        throw new ServiceError('invalid_state', { params: details, details });
      }
      const [earlier] = await tx
        .select({ seq: movements.seq })
        .from(movements)
        .where(eq(movements.reversesSeq, id));
      if (earlier) throw invalidState('movement', 'reversed');
      // A reversal takes the whole sale back: what came back by a return would come back twice.
      if (original.type === 'issue') {
        const { returned, returns } = await cameBack(tx.raw, original.seq);
        if (returned > 0) throw alreadyReturned(original, returned, returns);
      }

      const internal = [original.source, original.target]
        .filter((l) => !l.isVirtual)
        .map((l) => l.id);
      requireWriteAt(ctx.actor, internal);

      const now = ctx.now();
      const posted = await postOne(
        tx,
        { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client },
        {
          type: 'reversal',
          item: original.item,
          source: original.target,
          target: original.source,
          quantity: original.quantity,
          occurredAt: now,
          reason: input.reason ?? undefined,
          reference: original.reference,
          reversesSeq: original.seq,
          // The same lots go back.
          ...(original.lots ? { lots: original.lots } : {}),
        },
      );
      return toMovementDto(posted, ctx.actor.name);
    }),
  );
}

/** A sale with returns against it: reversing it would bring those units back a second time. */
function alreadyReturned(
  sale: { seq: number; quantity: number; item: { sku: string } },
  returned: number,
  returns: number[],
): ServiceError {
  const params = {
    movement: sale.seq,
    sku: sale.item.sku,
    sold: sale.quantity,
    returned,
    returns: returns.join(', '),
  };
  return new ServiceError('already_returned', { params, details: { ...params, returns } });
}
