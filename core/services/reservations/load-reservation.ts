import { eq } from 'drizzle-orm';
import { items, locations, reservations } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { notFound } from '../errors.js';
import type { ReservationRecord } from './reservation-dto.js';

export interface LoadedReservation extends ReservationRecord {
  itemId: number;
  locationId: number;
}

export async function loadReservation(q: Queryable, id: number): Promise<LoadedReservation> {
  const [row] = await q
    .select({
      id: reservations.id,
      status: reservations.status,
      itemId: reservations.itemId,
      locationId: reservations.locationId,
      sku: items.sku,
      location: locations.code,
      quantity: reservations.quantity,
      committedQuantity: reservations.committedQuantity,
      reference: reservations.reference,
      expiresAt: reservations.expiresAt,
      createdAt: reservations.createdAt,
      settledAt: reservations.settledAt,
      movementSeq: reservations.movementSeq,
    })
    .from(reservations)
    .innerJoin(items, eq(items.id, reservations.itemId))
    .innerJoin(locations, eq(locations.id, reservations.locationId))
    .where(eq(reservations.id, id));
  if (!row) throw notFound('reservation', id);
  return row;
}
