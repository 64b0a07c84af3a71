import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { decideHold, type ReservationAction } from '../../domain/reservation.js';
import { reservations } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { forbidden, invalidState, validationFailed } from '../errors.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import { virtualLocation } from '../refs.js';
import { loadReservation } from './load-reservation.js';
import { toReservationDto, type ReservationDto } from './reservation-dto.js';
import { Quantity } from '../schemas.js';
import { requireWriteAt } from '../scope.js';

export const CommitReservationInput = z
  .strictObject({ quantity: Quantity(z.number().int().positive().max(MAX_QUANTITY)).nullish() })
  .meta({ id: 'CommitReservationInput' });
export type CommitReservationInput = z.infer<typeof CommitReservationInput>;

/**
 * Commits a hold (all of it, or `quantity` of it: the rest is released) as an issue
 * `location → @customer`, or releases it. Each hold settles exactly once: the status
 * changes by compare-and-set, so a second commit or release is `invalid_state`.
 */
export async function settleReservation({
  ctx,
  id,
  action,
  quantity,
}: {
  ctx: ServiceContext;
  id: number;
  action: ReservationAction;
  quantity?: number | null | undefined;
}): Promise<ReservationDto> {
  return withTransaction(ctx, async (tx) => {
    if (ctx.actor.role === 'viewer') throw forbidden('role_cannot_write');
    const hold = await loadReservation(tx, id);
    requireWriteAt(ctx.actor, [hold.locationId]);

    const now = ctx.now();
    const decision = decideHold(hold, action, quantity ?? undefined, now);
    if (!decision.ok) {
      if (decision.code === 'quantity_exceeds_hold') {
        throw validationFailed([
          { path: 'quantity', code: 'too_big', params: { maximum: decision.held } },
        ]);
      }
      throw invalidState('reservation', decision.status);
    }

    const claimed = await tx
      .update(reservations)
      .set({ status: decision.status, committedQuantity: decision.committed, settledAt: now })
      .where(and(eq(reservations.id, id), eq(reservations.status, 'pending')))
      .run();
    if (claimed.rowsAffected !== 1) throw invalidState('reservation', 'settled');

    const item = { id: hold.itemId, sku: hold.sku };
    const location = { id: hold.locationId, code: hold.location, isVirtual: false };
    const customer = await virtualLocation(tx.raw, '@customer');
    const session = await new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    }).load([
      { item, location },
      { item, location: customer },
    ]);
    if (decision.committed > 0) {
      session.post({
        type: 'issue',
        item,
        source: location,
        target: customer,
        quantity: decision.committed,
        occurredAt: now,
        reference: hold.reference ?? undefined,
        reservationId: id,
        consumesReserved: hold.quantity,
      });
    } else {
      session.release(item, location, hold.quantity);
    }
    const [posted] = await session.flush();
    const movementSeq = posted?.seq ?? null;
    if (movementSeq !== null)
      await tx.update(reservations).set({ movementSeq }).where(eq(reservations.id, id));
    const dto = toReservationDto(
      {
        ...hold,
        status: decision.status,
        committedQuantity: decision.committed,
        settledAt: now,
        movementSeq,
      },
      now,
    );
    await audit(tx, ctx, {
      action: `reservation.${action}`,
      entity: 'reservation',
      entityId: id,
      before: toReservationDto(hold, now),
      after: dto,
    });
    return dto;
  });
}
