import { describe, expect, it } from 'vitest';
import {
  documentTotalE4,
  fromE4,
  MAX_AMOUNT,
  MAX_AMOUNT_E4,
  movingAverageE4,
  toE4,
  valueE4,
} from '../../core/domain/money.js';

describe('amounts at the maximum', () => {
  it.each([
    [MAX_AMOUNT, MAX_AMOUNT_E4],
    [99_999_999_999.9999, 999_999_999_999_999],
    [-99_999_999_999.9999, -999_999_999_999_999],
    [12_345_678_901.2345, 123_456_789_012_345],
  ])('%d is kept exactly, there and back', (amount, e4) => {
    expect(toE4(amount)).toBe(e4);
    expect(fromE4(e4)).toBe(amount);
    expect(fromE4(BigInt(e4))).toBe(amount);
  });

  it.each([
    [MAX_AMOUNT + 1],
    [1e12],
    [1e300],
    [Number.NaN],
    [Infinity],
    [1_000_000.00001],
    [0.00001],
  ])('%d is refused', (amount) => {
    expect(toE4(amount)).toBeUndefined();
  });

  it('turns any bigint sum into the nearest number, once', () => {
    expect(fromE4(10n ** 19n)).toBe(1e15);
    expect(fromE4(-12_345n)).toBe(-1.2345);
    expect(valueE4(1e12, 1e13)).toBe(10n ** 25n);
  });

  it('says which lines, or the total, pass the maximum', () => {
    expect(documentTotalE4([{ quantity: 100, unitE4: 1e13 }])).toEqual({
      ok: true,
      totalE4: MAX_AMOUNT_E4,
    });
    expect(
      documentTotalE4([
        { quantity: 1, unitE4: 1 },
        { quantity: 1e12, unitE4: 1e13 },
      ]),
    ).toEqual({ ok: false, lines: [1], total: false });
    expect(
      documentTotalE4([
        { quantity: 100, unitE4: 1e13 },
        { quantity: 1, unitE4: 1 },
      ]),
    ).toEqual({ ok: false, lines: [], total: true });
  });
});

describe('the moving average at large figures', () => {
  it('is exact where doubles are not, rounded half up', () => {
    // Found by comparing with the double formula on random figures: it gave 9339071840603.
    expect(
      movingAverageE4(
        { onHand: 87_645_762_933, avgE4: 6_138_088_785_930 },
        { quantity: 986_838_754_231, costE4: 9_623_366_109_306 },
      ),
    ).toBe(9_339_071_840_602);
    expect(movingAverageE4({ onHand: 1, avgE4: 1 }, { quantity: 1, costE4: 2 })).toBe(2); // 1.5 → 2
    expect(movingAverageE4({ onHand: 3, avgE4: 1 }, { quantity: 1, costE4: 2 })).toBe(1); // 1.25 → 1
    expect(
      movingAverageE4({ onHand: 2 ** 52, avgE4: 1e13 }, { quantity: 2 ** 52, costE4: 1e13 - 1 }),
    ).toBe(1e13); // 1e13 − 0.5 → up
  });
});
