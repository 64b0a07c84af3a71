import { z } from 'zod';
import { RESERVATION_STATUSES, effectiveStatus } from '../../domain/reservation.js';

export const ReservationDto = z
  .object({
    id: z.number().int(),
    status: z.enum(RESERVATION_STATUSES),
    sku: z.string(),
    location: z.string(),
    quantity: z.number().int(),
    committedQuantity: z.number().int(),
    reference: z.string().nullable(),
    expiresAt: z.string().nullable(),
    createdAt: z.string(),
    settledAt: z.string().nullable(),
    movementId: z.number().int().nullable(),
  })
  .meta({ id: 'Reservation' });
export type ReservationDto = z.infer<typeof ReservationDto>;

export interface ReservationRecord {
  id: number;
  status: (typeof RESERVATION_STATUSES)[number];
  sku: string;
  location: string;
  quantity: number;
  committedQuantity: number;
  reference: string | null;
  expiresAt: number | null;
  createdAt: number;
  settledAt: number | null;
  movementSeq: number | null;
}

/** A hold as clients see it; one past its expiry shows as expired even before the sweep. */
export function toReservationDto(r: ReservationRecord, now: number): ReservationDto {
  return {
    id: r.id,
    status: effectiveStatus(r, now),
    sku: r.sku,
    location: r.location,
    quantity: r.quantity,
    committedQuantity: r.committedQuantity,
    reference: r.reference,
    expiresAt: iso(r.expiresAt),
    createdAt: new Date(r.createdAt).toISOString(),
    settledAt: iso(r.settledAt),
    movementId: r.movementSeq,
  };
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
