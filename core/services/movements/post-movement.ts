import { futureToleranceOf, withTransaction, type ServiceContext } from '../context.js';
import { countRefusals } from './refusals.js';
import { postOne } from '../ledger/ledger-session.js';
import { RefResolver } from '../refs.js';
import { toMovementDto, type MovementDto } from './movement-dto.js';
import { resolveLots } from '../ledger/lot-refs.js';
import {
  MovementInput,
  prepareMovement,
  referencedCodes,
  referencedLots,
} from './prepare-movement.js';

export { MovementInput };

/**
 * Posts one movement (receipt, issue, adjustment, move, scrap) and returns it.
 *
 * @example
 * await postMovement({ ctx, input: { type: 'receipt', sku: 'TEA-1', quantity: 10, location: 'W1' } });
 */
export async function postMovement({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: MovementInput;
}): Promise<MovementDto> {
  return countRefusals(ctx, () =>
    withTransaction(ctx, async (tx) => {
      const now = ctx.now();
      const refs = await new RefResolver(tx.raw).load(referencedCodes([input]));
      const wanted = referencedLots(refs, [input]);
      const lots =
        wanted.length > 0 ? await resolveLots(tx, wanted, { persist: true, now }) : undefined;
      const posting = prepareMovement(refs, ctx.actor, input, now, lots, futureToleranceOf(ctx));
      const posted = await postOne(
        tx,
        { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client },
        posting,
      );
      return toMovementDto(posted, ctx.actor.name);
    }),
  );
}
