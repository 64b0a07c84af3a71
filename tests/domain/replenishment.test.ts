import { describe, expect, it } from 'vitest';
import { daysOfCover, orderQuantity, rebalance, reorderPoint } from '../../core/domain/replenishment.js';

describe('purchase suggestions', () => {
  const base = { velocity: 2, leadTimeDays: 7, reviewDays: 7, safetyStock: 10, max: null, packSize: 1, position: 0 };
  it.each([
    ['empty shelf: up to the reorder point', { ...base }, 38],
    ['position at the reorder point: nothing', { ...base, position: 38 }, 0],
    ['just below', { ...base, position: 37 }, 1],
    ['up to max when set', { ...base, position: 20, max: 60 }, 40],
    ['rounded up to the pack', { ...base, position: 20, max: 60, packSize: 12 }, 48],
    ['no sales, no min: nothing', { ...base, velocity: 0, safetyStock: 0 }, 0],
    ['no sales, below min', { ...base, velocity: 0, position: 4 }, 6],
    ['fractional velocity rounds the order up', { ...base, velocity: 0.5, safetyStock: 0, position: 1 }, 6],
  ])('%s', (_name, figures, expected) => {
    expect(orderQuantity(figures)).toBe(expected);
  });
  it('computes the reorder point the documented way', () => {
    expect(reorderPoint(base)).toBe(2 * (7 + 7) + 10);
  });
});

describe('rebalancing', () => {
  const opts = { targetDays: 14, surplusDays: 60, leadTimeDays: 2 };
  it('moves from a store with too much to one running out', () => {
    expect(
      rebalance(
        [
          { location: 'S1', available: 100, inbound: 0, velocity: 1, min: 0 },
          { location: 'S2', available: 2, inbound: 0, velocity: 2, min: 0 },
        ],
        opts,
      ),
    ).toEqual([{ from: 'S1', to: 'S2', quantity: 26 }]);
  });

  it('never takes what a giver needs within its own lead time and target, nor its min', () => {
    const moves = rebalance(
      [
        { location: 'S1', available: 70, inbound: 0, velocity: 1, min: 60 },
        { location: 'S2', available: 0, inbound: 0, velocity: 5, min: 0 },
      ],
      opts,
    );
    expect(moves).toEqual([{ from: 'S1', to: 'S2', quantity: 10 }]);
  });

  it('counts what is already on its way, serves the most urgent first, and splits across givers when needed', () => {
    const moves = rebalance(
      [
        { location: 'W1', available: 30, inbound: 0, velocity: 0, min: 0 },
        { location: 'S1', available: 40, inbound: 0, velocity: 0.5, min: 5 },
        { location: 'S2', available: 10, inbound: 0, velocity: 3, min: 0 },
        { location: 'S3', available: 0, inbound: 20, velocity: 3, min: 0 },
      ],
      opts,
    );
    // S2 (3.3 days) before S3 (6.7 days, counting the 20 on their way); S1 can spare
    // 40 − max(5, 0.5 × 16) = 32, W1 all 30 (it sells nothing).
    expect(moves).toEqual([
      { from: 'S1', to: 'S2', quantity: 32 },
      { from: 'W1', to: 'S3', quantity: 22 },
    ]);
    // One giver short: the rest comes from the next.
    expect(
      rebalance(
        [
          { location: 'A', available: 20, inbound: 0, velocity: 0, min: 0 },
          { location: 'B', available: 15, inbound: 0, velocity: 0, min: 0 },
          { location: 'C', available: 0, inbound: 0, velocity: 2, min: 0 },
        ],
        opts,
      ),
    ).toEqual([
      { from: 'A', to: 'C', quantity: 20 },
      { from: 'B', to: 'C', quantity: 8 },
    ]);
    expect(daysOfCover(0, 0)).toBe(0);
    expect(daysOfCover(5, 0)).toBe(Infinity);
  });
});
