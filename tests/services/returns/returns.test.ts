import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reverseMovement } from '../../../core/services/movements/reverse-movement.js';
import { createReturn, CreateReturnInput } from '../../../core/services/returns/create-return.js';
import {
  inspectReturn,
  InspectReturnInput,
} from '../../../core/services/returns/inspect-return.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules returns/ owns, called directly: bounded by the sale, quarantine, inspection in parts. */
let w: ServiceWorld;
let sale: number;
beforeAll(async () => {
  w = await serviceWorld();
  await w.receive('TEA', 'S1', 10);
  sale = await w.sell('TEA', 'S1', 4);
});
afterAll(() => w.cleanup());

const back = (quantity: number, inspect = false) =>
  CreateReturnInput.parse({
    location: 'S1',
    inspect,
    lines: [{ sku: 'TEA', quantity, originalMovement: sale }],
  });

describe('returns', () => {
  it('take back no more than the sale took out, counting earlier returns', async () => {
    await createReturn({ ctx: w.ctx, input: back(3) });
    expect(await w.available('TEA', 'S1')).toBe(9);
    const e = await refusal(createReturn({ ctx: w.ctx, input: back(2) }));
    expect(e).toMatchObject({
      code: 'validation_failed',
      details: [
        { path: 'lines.0.quantity', code: 'more_than_sold', params: { sold: 4, returned: 3 } },
      ],
    });
    expect(await w.available('TEA', 'S1')).toBe(9);
  });

  it('make a sale with returns irreversible: the rest comes back by return', async () => {
    const e = await refusal(reverseMovement({ ctx: w.ctx, id: sale, input: {} }));
    expect(e).toMatchObject({ code: 'already_returned' });
  });

  it('wait in quarantine until inspected, in parts, then refuse further inspection', async () => {
    const r = await createReturn({ ctx: w.ctx, input: back(1, true) });
    expect(r).toMatchObject({ status: 'inspecting', quarantine: 'S1.quarantine' });
    expect(await w.available('TEA', 'S1')).toBe(9);
    const done = await inspectReturn({
      ctx: w.ctx,
      id: r.id,
      input: InspectReturnInput.parse({ lines: [{ sku: 'TEA', accept: 1 }], version: r.version }),
    });
    expect(done).toMatchObject({ status: 'inspected', version: r.version + 1 });
    expect(await w.available('TEA', 'S1')).toBe(10);
    const again = await refusal(
      inspectReturn({
        ctx: w.ctx,
        id: r.id,
        input: InspectReturnInput.parse({ lines: [{ sku: 'TEA', scrap: 1 }] }),
      }),
    );
    expect(again).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'return', status: 'inspected' },
    });
  });
});
