import { describe, expect, it } from 'vitest';
import { ALL, availableToSell, expandLines, routeOrder } from '../../core/domain/channels.js';
import { parseCsv, parseLocalTime } from '../../core/domain/csv.js';
import { creditCheck } from '../../core/domain/credit.js';

const one = [{ itemId: 1, quantity: 1 }];

describe('available to sell', () => {
  it.each([
    // available, percent, maxShown, safetyFloor → shown
    [40, 100, null, 0, 40],
    [40, 50, null, 0, 20],
    [41, 50, null, 0, 20], // rounded down
    [40, 50, 15, 0, 15],
    [3, 100, null, 3, 0], // at the floor: 0
    [4, 100, null, 3, 4], // above it: all of it
    [4, 50, null, 3, 2],
    [0, 100, null, 0, 0],
    [-5, 100, null, 0, 0], // never negative
    [7, 0, null, 0, 0],
    [1, 30, null, 0, 0],
  ])(
    'available %s, %s %%, cap %s, floor %s → %s',
    (available, percent, maxShown, safetyFloor, shown) => {
      expect(
        availableToSell(one, new Map([[1, available]]), { percent, maxShown, safetyFloor }),
      ).toBe(shown);
    },
  );

  it.each([
    [
      'as many as the scarcest part allows',
      [
        { itemId: 1, quantity: 2 },
        { itemId: 2, quantity: 1 },
      ],
      [
        [1, 9],
        [2, 7],
      ],
      4,
    ],
    [
      'limited by the other part',
      [
        { itemId: 1, quantity: 2 },
        { itemId: 2, quantity: 1 },
      ],
      [
        [1, 20],
        [2, 3],
      ],
      3,
    ],
    [
      'a part with no stock',
      [
        { itemId: 1, quantity: 1 },
        { itemId: 2, quantity: 1 },
      ],
      [[1, 20]],
      0,
    ],
    ['a gift box of 6', [{ itemId: 1, quantity: 6 }], [[1, 17]], 2],
  ] as const)('bundles: %s', (_name, parts, stock, shown) => {
    expect(availableToSell(parts, new Map(stock as unknown as Array<[number, number]>), ALL)).toBe(
      shown,
    );
  });

  it('applies the rules to the bundle count', () => {
    expect(
      availableToSell([{ itemId: 1, quantity: 2 }], new Map([[1, 20]]), {
        percent: 50,
        maxShown: 4,
        safetyFloor: 1,
      }),
    ).toBe(4);
  });
});

describe('order routing', () => {
  const W1 = {
    id: 1,
    available: new Map([
      [10, 5],
      [11, 0],
    ]),
  };
  const S1 = {
    id: 2,
    available: new Map([
      [10, 2],
      [11, 4],
    ]),
  };
  const S2 = {
    id: 3,
    available: new Map([
      [10, 9],
      [11, 9],
    ]),
  };

  it('holds at the first location (by priority) that can fill the whole order', () => {
    expect(routeOrder([{ itemId: 10, quantity: 2 }], [W1, S1, S2], false)).toEqual({
      ok: true,
      holds: [{ itemId: 10, locationId: 1, quantity: 2 }],
    });
    expect(
      routeOrder(
        [
          { itemId: 10, quantity: 2 },
          { itemId: 11, quantity: 1 },
        ],
        [W1, S1, S2],
        false,
      ),
    ).toEqual({
      ok: true,
      holds: [
        { itemId: 10, locationId: 2, quantity: 2 },
        { itemId: 11, locationId: 2, quantity: 1 },
      ],
    });
  });

  it('prefers stock over priority: one parcel from a later location beats a split', () => {
    expect(routeOrder([{ itemId: 10, quantity: 7 }], [W1, S1, S2], true)).toEqual({
      ok: true,
      holds: [{ itemId: 10, locationId: 3, quantity: 7 }],
    });
  });

  it('splits across locations by priority only when allowed', () => {
    expect(routeOrder([{ itemId: 10, quantity: 7 }], [W1, S1], true)).toEqual({
      ok: true,
      holds: [
        { itemId: 10, locationId: 1, quantity: 5 },
        { itemId: 10, locationId: 2, quantity: 2 },
      ],
    });
    expect(routeOrder([{ itemId: 10, quantity: 7 }], [W1, S1], false)).toEqual({
      ok: false,
      short: [{ itemId: 10, requested: 7, available: 5 }],
    });
  });

  it('lists what is short; sums the same item over lines', () => {
    expect(
      routeOrder(
        [
          { itemId: 10, quantity: 8 },
          { itemId: 11, quantity: 1 },
          { itemId: 10, quantity: 1 },
        ],
        [W1, S1],
        true,
      ),
    ).toEqual({
      ok: false,
      short: [{ itemId: 10, requested: 9, available: 7 }],
    });
    // Each item fits somewhere, but no one place has both and splitting is not allowed.
    expect(
      routeOrder(
        [
          { itemId: 10, quantity: 5 },
          { itemId: 11, quantity: 4 },
        ],
        [W1, S1],
        false,
      ),
    ).toEqual({
      ok: false,
      short: [
        { itemId: 10, requested: 5, available: 5 },
        { itemId: 11, requested: 4, available: 4 },
      ],
    });
  });

  it('expands bundle lines into their parts', () => {
    expect(
      expandLines([
        {
          parts: [
            { itemId: 1, quantity: 2 },
            { itemId: 2, quantity: 1 },
          ],
          quantity: 3,
        },
      ]),
    ).toEqual([
      { itemId: 1, quantity: 6 },
      { itemId: 2, quantity: 3 },
    ]);
  });
});

describe('CSV', () => {
  it.each([
    [
      'comma, CRLF, BOM',
      '\uFEFF订单号,商家编码,数量\r\nT1,TEA,2\r\n',
      ['订单号', '商家编码', '数量'],
      [['T1', 'TEA', '2']],
    ],
    [
      'quotes, commas and quotes inside, a line break inside',
      'a,b\n"x, ""y""","line1\nline2"\n',
      ['a', 'b'],
      [['x, "y"', 'line1\nline2']],
    ],
    ['tabs, no final newline', 'a\tb\n1\t2', ['a', 'b'], [['1', '2']]],
    ['semicolons and blank lines', 'a;b\n\n1;2\n\n', ['a', 'b'], [['1', '2']]],
    ['empty fields', 'a,b,c\n,,3\n', ['a', 'b', 'c'], [['', '', '3']]],
  ])('%s', (_name, text, header, rows) => {
    expect(parseCsv(text)).toEqual({ header, rows });
  });

  it.each([
    ['2026-11-01 10:05', 480, '2026-11-01T02:05:00.000Z'],
    ['2026/11/01 00:30:15', 480, '2026-10-31T16:30:15.000Z'],
    ['2026-11-01T10:05', 0, '2026-11-01T10:05:00.000Z'],
    ['2026-11-01', 480, '2026-10-31T16:00:00.000Z'],
    ['2026-02-30 10:00', 480, undefined],
    ['2026-11-01 24:00', 480, undefined],
    ['yesterday', 480, undefined],
  ] as const)('reads the time %s at UTC%+d', (text, offset, iso) => {
    expect(parseLocalTime(text, offset)).toBe(iso);
  });
});

describe('credit', () => {
  const E4 = 10_000;
  const exposure = (open: number, receivable: number) => ({
    openOrdersE4: open * E4,
    receivablesE4: receivable * E4,
    overdueE4: 0,
  });
  it.each([
    ['no limit', null, exposure(9e6, 9e6), 1e6, true, 0],
    ['well within', 10_000, exposure(2000, 3000), 4000, true, 0],
    ['exactly at the limit', 10_000, exposure(2000, 3000), 5000, true, 0],
    ['one over', 10_000, exposure(2000, 3000), 5000.01, false, 0.01],
    ['already over before this order', 10_000, exposure(8000, 3000), 1, false, 1001],
  ] as const)('%s', (_name, limit, e, order, within, overBy) => {
    const result = creditCheck(limit === null ? null : limit * E4, e, Math.round(order * E4));
    expect(result.withinLimit).toBe(within);
    expect(result.overByE4).toBe(Math.round(overBy * E4));
  });
});
