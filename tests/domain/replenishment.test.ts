import { describe, expect, it } from 'vitest';
import {
  daysOfCover,
  neededQuantity,
  orderQuantity,
  rebalance,
  reorderPoint,
  replenish,
  replenishmentCycle,
  roundUpToPack,
  sourcesOf,
  spareAt,
  type SupplyConfig,
} from '../../core/domain/replenishment.js';

describe('purchase suggestions', () => {
  const base = {
    velocity: 2,
    leadTimeDays: 7,
    reviewDays: 7,
    safetyStock: 10,
    max: null,
    packSize: 1,
    position: 0,
  };
  it.each([
    ['empty shelf: up to the reorder point', { ...base }, 38],
    ['position at the reorder point: nothing', { ...base, position: 38 }, 0],
    ['just below', { ...base, position: 37 }, 1],
    ['up to max when set', { ...base, position: 20, max: 60 }, 40],
    ['rounded up to the pack', { ...base, position: 20, max: 60, packSize: 12 }, 48],
    ['no sales, no min: nothing', { ...base, velocity: 0, safetyStock: 0 }, 0],
    ['no sales, below min', { ...base, velocity: 0, position: 4 }, 6],
    [
      'fractional velocity rounds the order up',
      { ...base, velocity: 0.5, safetyStock: 0, position: 1 },
      6,
    ],
  ])('%s', (_name, figures, expected) => {
    expect(orderQuantity(figures)).toBe(expected);
  });
  it('computes the reorder point the documented way', () => {
    expect(reorderPoint(base)).toBe(2 * (7 + 7) + 10);
  });
});

describe('the need, before packs', () => {
  const base = {
    velocity: 2,
    leadTimeDays: 7,
    reviewDays: 7,
    safetyStock: 10,
    max: null,
    position: 0,
  };
  it.each([
    ['empty shelf: up to the reorder point', base, 38],
    ['at the reorder point: none', { ...base, position: 38 }, 0],
    ['up to max', { ...base, position: 20, max: 60 }, 40],
    ['max below the reorder point still brings it to max', { ...base, position: 5, max: 30 }, 25],
    [
      'a fractional reorder point rounds up',
      { ...base, velocity: 0.5, safetyStock: 0, position: 1 },
      6,
    ],
  ])('%s', (_name, figures, expected) => {
    expect(neededQuantity(figures)).toBe(expected);
  });
  it.each([
    [13, 6, 18],
    [12, 6, 12],
    [0, 6, 0],
    [5, 0, 5],
  ])('%i in packs of %i is %i', (quantity, pack, expected) => {
    expect(roundUpToPack(quantity, pack)).toBe(expected);
  });
});

describe('where a location is replenished from', () => {
  const shop: SupplyConfig[] = [
    { code: 'W1', kind: 'warehouse', replenishFrom: null },
    { code: 'W2', kind: 'warehouse', replenishFrom: 'W1' },
    { code: 'S1', kind: 'store', replenishFrom: null },
    { code: 'S2', kind: 'store', replenishFrom: 'S1' },
    { code: 'S3', kind: 'store', replenishFrom: '@supplier' },
    { code: 'S4', kind: 'store', replenishFrom: 'S4' },
  ];
  const of = (code: string) => sourcesOf(shop.find((l) => l.code === code)!, shop);
  it.each([
    ['S1', ['W1', 'W2'], 'a store by default: every warehouse'],
    ['W1', [], 'a warehouse by default: suppliers only'],
    ['W2', ['W1'], 'a regional warehouse named its source'],
    ['S2', ['S1'], 'a store named another store (its flagship)'],
    ['S3', [], '@supplier: always buy'],
    ['S4', [], 'never itself'],
  ])('%s → %j (%s)', (code, expected) => {
    expect(of(code)).toEqual(expected);
  });

  it.each([
    ['S1', 'W1', null],
    ['W1', 'W2', ['W1', 'W2', 'W1']],
    ['S1', 'S2', ['S1', 'S2', 'S1']],
    ['S1', 'S1', ['S1', 'S1']],
    ['S5', '@supplier', null],
  ])('naming %s → %s closes the loop %j', (code, from, cycle) => {
    expect(replenishmentCycle(code, from, shop)).toEqual(cycle);
  });
});

describe('replenish: transfer from a source that can spare it all, else buy', () => {
  const store = {
    velocity: 2,
    leadTimeDays: 5,
    reviewDays: 7,
    safetyStock: 0,
    max: null,
    packSize: 12,
    position: 4,
  };
  it.each([
    [
      'no need: nothing',
      { ...store, position: 24 },
      [{ location: 'W1', available: 900, keeps: 10 }],
      { kind: 'none', needed: 0 },
    ],
    [
      'a warehouse holding plenty: a transfer of the need, not rounded to the pack',
      store,
      [{ location: 'W1', available: 900, keeps: 10 }],
      { kind: 'transfer', needed: 20, quantity: 20, from: 'W1' },
    ],
    [
      'a source that cannot spare it all: buy, in whole packs',
      store,
      [{ location: 'W1', available: 25, keeps: 10 }],
      { kind: 'purchase', needed: 20, quantity: 24 },
    ],
    [
      'exactly the need to spare is enough',
      store,
      [{ location: 'W1', available: 30, keeps: 10 }],
      { kind: 'transfer', needed: 20, quantity: 20, from: 'W1' },
    ],
    [
      'a fractional keep rounds up: 30 − 10.5 spares 19',
      store,
      [{ location: 'W1', available: 30, keeps: 10.5 }],
      { kind: 'purchase', needed: 20, quantity: 24 },
    ],
    ['no sources: buy', store, [], { kind: 'purchase', needed: 20, quantity: 24 }],
    [
      'the source with most to spare among those that can',
      store,
      [
        { location: 'W1', available: 40, keeps: 0 },
        { location: 'W2', available: 500, keeps: 0 },
        { location: 'W3', available: 5, keeps: 0 },
      ],
      { kind: 'transfer', needed: 20, quantity: 20, from: 'W2' },
    ],
    [
      'ties go by code',
      store,
      [
        { location: 'W2', available: 40, keeps: 0 },
        { location: 'W1', available: 40, keeps: 0 },
      ],
      { kind: 'transfer', needed: 20, quantity: 20, from: 'W1' },
    ],
  ])('%s', (_name, figures, sources, expected) => {
    expect(replenish(figures, sources)).toEqual(expected);
  });

  it('never spares below zero', () => {
    expect(spareAt({ location: 'W1', available: 3, keeps: 10 })).toBe(0);
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
