import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { reservations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { countRefusals } from '../movements/refusals.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, notFound, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { RefResolver } from '../refs.js';
import { LocationCode, Reference, Sku, Quantity } from '../schemas.js';
import { toReservationDto, type ReservationDto } from './reservation-dto.js';
import { requireWriteAt } from '../scope.js';

/** Holds last at most 30 days; longer promises belong on a document. */
export const MAX_HOLD_SECONDS = 30 * 24 * 3600;

export const CreateReservationInput = z
  .strictObject({
    sku: Sku,
    location: LocationCode,
    quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)),
    reference: Reference.nullish(),
    expiresInSeconds: z.number().int().positive().max(MAX_HOLD_SECONDS).nullish(),
  })
  .meta({ id: 'CreateReservationInput' });
export type CreateReservationInput = z.infer<typeof CreateReservationInput>;

/**
 * Holds stock for an order: it stays on hand but is no longer available to anyone
 * else. The availability check is the hold itself (`reserved += q WHERE available
 * >= q`), so concurrent holds for the last units can never all succeed.
 */
export async function createReservation({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: CreateReservationInput;
}): Promise<ReservationDto> {
  return countRefusals(ctx, () =>
    withTransaction(ctx, async (tx) => {
      if (ctx.actor.role === 'viewer') throw forbidden('role_cannot_write');
      const refs = await new RefResolver(tx.raw).load({
        skus: [input.sku],
        locations: [input.location],
      });
      const item = refs.item(input.sku);
      if (!item) throw notFound('item', input.sku);
      const location = refs.location(input.location);
      if (!location) throw notFound('location', input.location);
      if (location.isVirtual)
        throw validationFailed([{ path: 'location', code: 'location_must_be_internal' }]);
      requireWriteAt(ctx.actor, [location.id]);

      const now = ctx.now();
      const session = await new LedgerSession(tx, {
        actorId: ctx.actor.id,
        now,
        requestId: ctx.requestId,
        client: ctx.client,
      }).load([{ item, location }]);
      session.hold(item, location, input.quantity);
      await session.flush();

      const expiresAt = input.expiresInSeconds ? now + input.expiresInSeconds * 1000 : null;
      const [row] = await tx
        .insert(reservations)
        .values({
          itemId: item.id,
          locationId: location.id,
          quantity: input.quantity,
          status: 'pending',
          reference: input.reference ?? null,
          expiresAt,
          createdAt: now,
          actorId: ctx.actor.id,
        })
        .returning({ id: reservations.id });
      const dto = toReservationDto(
        {
          id: row!.id,
          status: 'pending',
          sku: item.sku,
          location: location.code,
          quantity: input.quantity,
          committedQuantity: 0,
          reference: input.reference ?? null,
          expiresAt,
          createdAt: now,
          settledAt: null,
          movementSeq: null,
        },
        now,
      );
      await audit(tx, ctx, {
        action: 'reservation.create',
        entity: 'reservation',
        entityId: dto.id,
        after: dto,
      });
      return dto;
    }),
  );
}
