import { reader, type ServiceContext } from '../context.js';
import { loadReservation } from './load-reservation.js';
import { toReservationDto, type ReservationDto } from './reservation-dto.js';

export async function getReservation({
  ctx,
  id,
}: {
  ctx: ServiceContext;
  id: number;
}): Promise<ReservationDto> {
  return toReservationDto(await loadReservation(reader(ctx), id), ctx.now());
}
