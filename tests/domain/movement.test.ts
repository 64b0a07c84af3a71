import { describe, expect, it } from 'vitest';
import { MAX_QUANTITY } from '../../core/domain/codes.js';
import { resolveMovement, type MovementRequest } from '../../core/domain/movement.js';

type Case = [name: string, request: MovementRequest, multiplier: number, expected: unknown];

const ok = (source: string, target: string, quantity: number) => ({
  ok: true,
  movement: { source, target, quantity },
});
const bad = (...issues: Array<[path: string, code: string]>) => ({
  ok: false,
  issues: issues.map(([path, code]) => expect.objectContaining({ path, code })),
});

const cases: Case[] = [
  [
    'receipt into a location',
    { type: 'receipt', quantity: 5, location: 'W1' },
    1,
    ok('@supplier', 'W1', 5),
  ],
  [
    'receipt names its location as "to"',
    { type: 'receipt', quantity: 5, to: 'W1' },
    1,
    ok('@supplier', 'W1', 5),
  ],
  [
    'receipt of two cases of 12',
    { type: 'receipt', quantity: 2, location: 'W1' },
    12,
    ok('@supplier', 'W1', 24),
  ],
  [
    'issue from a store',
    { type: 'issue', quantity: 3, location: 'S1' },
    1,
    ok('S1', '@customer', 3),
  ],
  [
    'issue names its location as "from"',
    { type: 'issue', quantity: 3, from: 'S1' },
    1,
    ok('S1', '@customer', 3),
  ],
  ['scrap', { type: 'scrap', quantity: 1, location: 'S1' }, 1, ok('S1', '@scrap', 1)],
  [
    'positive adjustment',
    { type: 'adjustment', quantity: 4, location: 'S1' },
    1,
    ok('@adjustment', 'S1', 4),
  ],
  [
    'negative adjustment',
    { type: 'adjustment', quantity: -4, location: 'S1' },
    1,
    ok('S1', '@adjustment', 4),
  ],
  [
    'move between stores',
    { type: 'move', quantity: 2, from: 'S1', to: 'S2' },
    1,
    ok('S1', 'S2', 2),
  ],
  [
    'zero quantity',
    { type: 'receipt', quantity: 0, location: 'W1' },
    1,
    bad(['quantity', 'quantity_must_be_positive']),
  ],
  [
    'negative receipt',
    { type: 'receipt', quantity: -1, location: 'W1' },
    1,
    bad(['quantity', 'quantity_must_be_positive']),
  ],
  [
    'zero adjustment',
    { type: 'adjustment', quantity: 0, location: 'W1' },
    1,
    bad(['quantity', 'quantity_must_not_be_zero']),
  ],
  [
    'barcode multiplier beyond the limit',
    { type: 'receipt', quantity: MAX_QUANTITY, location: 'W1' },
    12,
    bad(['quantity', 'quantity_too_large']),
  ],
  [
    'move to the same place',
    { type: 'move', quantity: 1, from: 'S1', to: 'S1' },
    1,
    bad(['to', 'locations_must_be_different']),
  ],
  ['move without a target', { type: 'move', quantity: 1, from: 'S1' }, 1, bad(['to', 'required'])],
  [
    'move with "location"',
    { type: 'move', quantity: 1, from: 'S1', to: 'S2', location: 'S3' },
    1,
    bad(['location', 'field_not_allowed']),
  ],
  [
    'receipt without a location',
    { type: 'receipt', quantity: 1 },
    1,
    bad(['location', 'required']),
  ],
  [
    'receipt into a virtual location',
    { type: 'receipt', quantity: 1, location: '@customer' },
    1,
    bad(['location', 'location_must_be_internal']),
  ],
  [
    'move out of transit by hand',
    { type: 'move', quantity: 1, from: '@transit', to: 'S1' },
    1,
    bad(['from', 'location_must_be_internal']),
  ],
  [
    'receipt with a "from"',
    { type: 'receipt', quantity: 1, location: 'W1', from: 'S1' },
    1,
    bad(['from', 'field_not_allowed']),
  ],
  [
    'issue with a "to"',
    { type: 'issue', quantity: 1, location: 'S1', to: 'S2' },
    1,
    bad(['to', 'field_not_allowed']),
  ],
  [
    'location and alias disagree',
    { type: 'receipt', quantity: 1, location: 'W1', to: 'W2' },
    1,
    bad(['to', 'fields_disagree']),
  ],
  [
    'every problem, not only the first',
    { type: 'move', quantity: -1, from: 'S1', to: 'S1', location: 'X' },
    1,
    bad(
      ['quantity', 'quantity_must_be_positive'],
      ['location', 'field_not_allowed'],
      ['to', 'locations_must_be_different'],
    ),
  ],
];

describe('resolveMovement', () => {
  it.each(cases)('%s', (_name, request, multiplier, expected) => {
    expect(resolveMovement(request, multiplier)).toEqual(expected);
  });
});
