import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createStocktake,
  CreateStocktakeInput,
} from '../../../core/services/stocktakes/create-stocktake.js';
import {
  recordCounts,
  RecordCountsInput,
} from '../../../core/services/stocktakes/record-counts.js';
import {
  cancelStocktake,
  postStocktake,
  submitStocktake,
  SubmitStocktakeInput,
} from '../../../core/services/stocktakes/stocktake-lifecycle.js';
import { refusal, serviceWorld, type ServiceWorld } from '../../helpers/service-world.js';

/* The rules stocktakes/ owns, called directly: counts against the book, submit, post as adjustments. */
let w: ServiceWorld;
beforeAll(async () => {
  w = await serviceWorld({ items: ['TEA', 'CUP'] });
  await w.receive('TEA', 'S1', 10);
  await w.receive('CUP', 'S1', 4);
});
afterAll(() => w.cleanup());

describe('stocktakes', () => {
  it('post the difference between count and book as adjustments, once', async () => {
    const s = await createStocktake({
      ctx: w.ctx,
      input: CreateStocktakeInput.parse({ location: 'S1' }),
    });
    const counted = await recordCounts({
      ctx: w.ctx,
      id: s.id,
      input: RecordCountsInput.parse({ lines: [{ sku: 'TEA', quantity: 8, mode: 'set' }] }),
    });
    const unsaid = await refusal(
      submitStocktake({ ctx: w.ctx, id: s.id, input: SubmitStocktakeInput.parse({}) }),
    );
    expect(unsaid.code).toBe('validation_failed');
    const submitted = await submitStocktake({
      ctx: w.ctx,
      id: s.id,
      input: SubmitStocktakeInput.parse({ uncounted: 'skip', version: counted.version }),
    });
    expect(submitted.status).toBe('approved');
    // Sold while counting: the book was taken at the count, so only the count's difference posts.
    await w.sell('TEA', 'S1', 1);
    expect((await postStocktake({ ctx: w.ctx, id: s.id })).status).toBe('posted');
    expect(await w.available('TEA', 'S1')).toBe(7);
    expect(await w.available('CUP', 'S1')).toBe(4);
    const twice = await refusal(postStocktake({ ctx: w.ctx, id: s.id }));
    expect(twice).toMatchObject({
      code: 'invalid_state',
      details: { entity: 'stocktake', status: 'posted' },
    });
  });

  it('take no counts once cancelled, and refuse a count on a stale version', async () => {
    const s = await createStocktake({
      ctx: w.ctx,
      input: CreateStocktakeInput.parse({ location: 'S1' }),
    });
    const stale = await refusal(
      recordCounts({
        ctx: w.ctx,
        id: s.id,
        input: RecordCountsInput.parse({
          lines: [{ sku: 'CUP', quantity: 1, mode: 'add' }],
          version: s.version + 1,
        }),
      }),
    );
    expect(stale).toMatchObject({ code: 'invalid_state', details: { reason: 'stale_version' } });
    await cancelStocktake({ ctx: w.ctx, id: s.id });
    const late = await refusal(
      recordCounts({
        ctx: w.ctx,
        id: s.id,
        input: RecordCountsInput.parse({ lines: [{ sku: 'CUP', quantity: 1, mode: 'add' }] }),
      }),
    );
    expect(late).toMatchObject({ code: 'invalid_state', details: { status: 'cancelled' } });
  });
});
