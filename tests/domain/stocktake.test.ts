import { describe, expect, it } from 'vitest';
import { requiredLevelsForLines } from '../../core/domain/approval.js';
import { canStart, STOCKTAKE_MACHINE, STOCKTAKE_STATUSES } from '../../core/domain/documents.js';
import { E4 } from '../../core/domain/money.js';
import { accuracy, applyCount, lineVariance, seesBook } from '../../core/domain/stocktake.js';

describe('stocktake counts', () => {
  it.each([
    // counted so far, entry, → result
    [null, 12, 'set', 12],
    [null, 12, 'add', 12],
    [12, 5, 'set', 5],
    [12, 5, 'add', 17],
    [12, -2, 'add', 10],
    [12, 0, 'set', 0],
    [12, -12, 'add', 0],
  ] as const)('%s then %s (%s) → %s', (counted, quantity, mode, expected) => {
    expect(applyCount(counted, { quantity, mode })).toEqual({ ok: true, counted: expected });
  });

  it.each([
    [12, -13, 'add', 'count_below_zero'],
    [null, -1, 'add', 'count_below_zero'],
    [12, -1, 'set', 'too_small'],
    [1, 1_000_000_000_000, 'add', 'quantity_too_large'],
  ] as const)('%s then %s (%s) is refused: %s', (counted, quantity, mode, code) => {
    const result = applyCount(counted, { quantity, mode });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.issue.code).toBe(code);
  });
});

describe('variance and accuracy', () => {
  it.each([
    [95, 100, -5, -5],
    [110, 100, 10, 10],
    [3, 0, 3, null],
    [0, 0, 0, 0],
    [2, 3, -1, -33.33],
  ])('counted %s on a book of %s: variance %s (%s %%)', (counted, book, variance, percent) => {
    expect(lineVariance({ counted, bookAtCount: book })).toEqual({ variance, percent });
  });

  it('measures lines exactly right and units off', () => {
    expect(accuracy([])).toEqual({ lines: 100, quantity: 100 });
    expect(
      accuracy([
        { bookAtCount: 100, variance: -5 },
        { bookAtCount: 40, variance: 0 },
      ]),
    ).toEqual({ lines: 50, quantity: 96.43 });
    expect(accuracy([{ bookAtCount: 0, variance: 4 }])).toEqual({ lines: 0, quantity: 0 });
    expect(accuracy([{ bookAtCount: 2, variance: 10 }])).toEqual({ lines: 0, quantity: 0 });
  });

  it('hides the book of a blind stocktake below manager', () => {
    expect([
      seesBook('clerk', true),
      seesBook('viewer', true),
      seesBook('manager', true),
      seesBook('admin', true),
      seesBook('clerk', false),
    ]).toEqual([false, false, true, true, true]);
  });
});

describe('stocktake state machine', () => {
  const allowed: Record<string, string[]> = {
    count: ['open'],
    submit: ['open'],
    approve: ['submitted'],
    reject: ['submitted'],
    post: ['approved'],
    cancel: ['open', 'submitted', 'approved'],
  };
  for (const [action, from] of Object.entries(allowed)) {
    it.each(STOCKTAKE_STATUSES.map((s) => [s, from.includes(s)] as const))(
      `${action} from %s: %s`,
      (status, ok) => {
        expect(canStart(STOCKTAKE_MACHINE, action as keyof typeof STOCKTAKE_MACHINE, status)).toBe(
          ok,
        );
      },
    );
  }
});

describe('variance approval levels, line by line', () => {
  const policy = {
    levels: [
      { minVariancePercent: 10, role: 'manager' as const },
      { minValue: 1000, role: 'admin' as const },
    ],
  };
  it.each([
    ['every line small', [{ quantity: -1, valueE4: -5 * E4, percent: -2 }], []],
    [
      'one line over 10 %',
      [
        { quantity: -1, valueE4: 0, percent: -2 },
        { quantity: 3, valueE4: 30 * E4, percent: 15 },
      ],
      ['manager'],
    ],
    [
      'a surplus over 1,000 in value',
      [{ quantity: 400, valueE4: 1200 * E4, percent: 4 }],
      ['admin'],
    ],
    [
      'a shortage over both',
      [{ quantity: -400, valueE4: -1200 * E4, percent: -40 }],
      ['manager', 'admin'],
    ],
    ['counted on a book of 0', [{ quantity: 2, valueE4: 0, percent: null }], ['manager']],
    ['nothing off on a book of 0', [{ quantity: 0, valueE4: 0, percent: 0 }], []],
  ])('%s', (_name, lines, roles) => {
    expect(requiredLevelsForLines(policy, lines).map((l) => l.role)).toEqual(roles);
  });
  it('needs nothing without a policy', () => {
    expect(requiredLevelsForLines(undefined, [{ quantity: 99, valueE4: 0, percent: 99 }])).toEqual(
      [],
    );
  });
});
