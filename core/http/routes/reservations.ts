import { z } from 'zod';
import {
  createReservation,
  CreateReservationInput,
} from '../../services/reservations/create-reservation.js';
import { getReservation } from '../../services/reservations/get-reservation.js';
import { ReservationDto } from '../../services/reservations/reservation-dto.js';
import {
  CommitReservationInput,
  settleReservation,
} from '../../services/reservations/settle-reservation.js';
import { Id } from '../../services/schemas.js';
import type { Api } from '../route.js';

const ById = z.object({ id: Id });

export function reservationRoutes(api: Api): void {
  api.add({
    method: 'post',
    path: '/reservations',
    tag: 'reservations',
    summary: 'Hold stock for an order',
    body: CreateReservationInput,
    success: {
      status: 201,
      description: 'The pending hold',
      schema: ReservationDto,
      location: '/reservations/{id}',
    },
    errors: ['forbidden', 'not_found', 'insufficient_stock'],
    handler: ({ ctx, body }) => createReservation({ ctx, input: body }),
  });
  api.add({
    method: 'get',
    path: '/reservations/:id',
    tag: 'reservations',
    summary: 'One hold',
    params: ById,
    success: { status: 200, description: 'The hold', schema: ReservationDto },
    errors: ['not_found'],
    handler: ({ ctx, params }) => getReservation({ ctx, id: params.id }),
  });
  api.add({
    method: 'post',
    path: '/reservations/:id/commit',
    tag: 'reservations',
    summary: 'Ship a hold (all, or `quantity` of it; the rest is released)',
    params: ById,
    body: CommitReservationInput,
    success: { status: 200, description: 'The committed hold', schema: ReservationDto },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params, body }) =>
      settleReservation({ ctx, id: params.id, action: 'commit', quantity: body.quantity }),
  });
  api.add({
    method: 'post',
    path: '/reservations/:id/release',
    tag: 'reservations',
    summary: 'Give a hold back to available stock',
    params: ById,
    body: z.strictObject({}),
    success: { status: 200, description: 'The released hold', schema: ReservationDto },
    errors: ['forbidden', 'not_found', 'invalid_state'],
    handler: ({ ctx, params }) => settleReservation({ ctx, id: params.id, action: 'release' }),
  });
}
