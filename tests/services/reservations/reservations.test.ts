import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createReservation,
  CreateReservationInput,
} from '../../../core/services/reservations/create-reservation.js';
import { expireReservations } from '../../../core/services/reservations/expire-reservations.js';
import { getReservation } from '../../../core/services/reservations/get-reservation.js';
import { settleReservation } from '../../../core/services/reservations/settle-reservation.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules reservations/ owns, called directly: holds, commits, releases, expiry. */
let w: ServiceWorld;
beforeAll(async () => {
  w = await serviceWorld();
  await w.receive('TEA', 'S1', 10);
});
afterAll(() => w.cleanup());

const hold = (quantity: number, expiresInSeconds?: number) =>
  createReservation({
    ctx: w.ctx,
    input: CreateReservationInput.parse({ sku: 'TEA', location: 'S1', quantity, expiresInSeconds }),
  });

describe('reservations', () => {
  it('hold what is available, and refuse more with the figures', async () => {
    const h = await hold(6);
    expect(await w.available('TEA', 'S1')).toBe(4);
    const more = await refusal(hold(5));
    expect(more).toMatchObject({
      code: 'insufficient_stock',
      details: { sku: 'TEA', location: 'S1', requested: 5, available: 4 },
    });
    await settleReservation({ ctx: w.ctx, id: h.id, action: 'release' });
    expect(await w.available('TEA', 'S1')).toBe(10);
  });

  it('commit once: the stock leaves; a second settle is refused', async () => {
    const h = await hold(3);
    await settleReservation({ ctx: w.ctx, id: h.id, action: 'commit' });
    expect(await w.available('TEA', 'S1')).toBe(7);
    const again = await refusal(settleReservation({ ctx: w.ctx, id: h.id, action: 'release' }));
    expect(again.code).toBe('invalid_state');
    expect(await w.available('TEA', 'S1')).toBe(7);
  });

  it('stop counting a hold past its expiry at once, before the sweeper marks it', async () => {
    const h = await hold(2, 60);
    expect(await w.available('TEA', 'S1')).toBe(5);
    w.clock.now += 61_000;
    expect(await w.available('TEA', 'S1')).toBe(7);
    expect(await expireReservations(w.temp.database, w.clock.now)).toBe(1);
    expect((await getReservation({ ctx: w.ctx, id: h.id })).status).toBe('expired');
    expect(await w.available('TEA', 'S1')).toBe(7);
  });
});
