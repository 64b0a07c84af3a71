import { describe, expect, it } from 'vitest';
import {
  fitForecast,
  forecastDays,
  MIN_HISTORY_DAYS,
  updateForecast,
  weeklyProfile,
  type ForecastModel,
} from '../../core/domain/forecast.js';
import { forecastCover, horizonError, normalQuantile } from '../../core/domain/forecast-cover.js';

/** A seeded generator, so that every run sees the same "random" demand. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counting noise around a mean: a normal draw with variance = mean (Poisson's), rounded, never negative. */
function noisy(mean: number, next: () => number): number {
  const gauss = Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
  return Math.max(0, Math.round(mean + Math.sqrt(mean) * gauss));
}

const FIRST_DAY = 15_706; // 2013-01-01, a Tuesday
const weekday = (day: number) => new Date(day * 86_400_000).getUTCDay();

/** The mean demand of a day: level and trend × weekday factor (Sunday first) × a yearly wave. */
function meanOf(o: { level: number; trend: number; profile: number[]; yearly?: number }) {
  return (day: number) =>
    (o.level + o.trend * (day - FIRST_DAY)) *
    o.profile[weekday(day)]! *
    (1 + (o.yearly ?? 0) * Math.sin((2 * Math.PI * (day - FIRST_DAY)) / 365));
}

function series(mean: (day: number) => number, days: number, seed: number): number[] {
  const next = random(seed);
  return Array.from({ length: days }, (_, i) => noisy(mean(FIRST_DAY + i), next));
}

const normalizedProfile = (p: number[]) =>
  p.map((f) => (f * p.length) / p.reduce((a, b) => a + b, 0));

describe('the forecast recovers a known weekly profile', () => {
  const weekendPeak = normalizedProfile([1.4, 0.8, 0.85, 0.9, 0.95, 1.1, 1.3]);
  const midweek = normalizedProfile([0.6, 1.1, 1.2, 1.3, 1.2, 1.0, 0.6]);
  it.each([
    ['weekend peak, steady', { level: 60, trend: 0, profile: weekendPeak }, 2 * 364, 1],
    [
      'weekend peak, growing 10 % a year',
      { level: 40, trend: 0.012, profile: weekendPeak },
      2 * 364,
      2,
    ],
    [
      'midweek peak with a ±30 % yearly wave',
      { level: 80, trend: 0.02, profile: midweek, yearly: 0.3 },
      3 * 364,
      3,
    ],
    ['a slower item (30 a day)', { level: 30, trend: 0, profile: weekendPeak }, 3 * 364, 4],
  ])('%s: every weekday within 5 %', (_name, shape, days, seed) => {
    const model = fitForecast(series(meanOf(shape), days, seed), FIRST_DAY)!;
    const profile = weeklyProfile(model);
    profile.forEach((f, day) =>
      expect(
        Math.abs(f / shape.profile[day]! - 1),
        `weekday ${day}: ${f} vs ${shape.profile[day]}`,
      ).toBeLessThan(0.05),
    );
  });

  it('a flat week gives a flat profile', () => {
    const model = fitForecast(
      series(meanOf({ level: 50, trend: 0, profile: [1, 1, 1, 1, 1, 1, 1] }), 364, 5),
      FIRST_DAY,
    )!;
    for (const f of weeklyProfile(model)) expect(Math.abs(f - 1)).toBeLessThan(0.05);
  });
});

describe('forecasting the next days', () => {
  it('follows a trend and the yearly wave: the next four weeks within 5 % of the true mean', () => {
    const mean = meanOf({
      level: 80,
      trend: 0.03,
      profile: normalizedProfile([1.3, 0.8, 0.9, 0.9, 1, 1.1, 1.2]),
      yearly: 0.3,
    });
    for (const days of [3 * 364 + 40, 3 * 364 + 130, 3 * 364 + 220]) {
      const model = fitForecast(series(mean, days, days), FIRST_DAY)!;
      const ahead = forecastDays(model, FIRST_DAY + days, 28).reduce((s, d) => s + d, 0);
      const truth = Array.from({ length: 28 }, (_, i) => mean(FIRST_DAY + days + i)).reduce(
        (s, d) => s + d,
        0,
      );
      expect(Math.abs(ahead / truth - 1), `after ${days} days: ${ahead} vs ${truth}`).toBeLessThan(
        0.05,
      );
    }
  });

  it('a noiseless straight line is continued, damped only a little', () => {
    const demand = Array.from({ length: 200 }, (_, i) => 20 + 0.5 * i);
    const model = fitForecast(demand, FIRST_DAY)!;
    const [next] = forecastDays(model, FIRST_DAY + 200, 1);
    expect(Math.abs(next! / (20 + 0.5 * 200) - 1)).toBeLessThan(0.03);
  });

  it('taking days in one at a time or all at once gives the same model', () => {
    const demand = series(meanOf({ level: 30, trend: 0, profile: [1, 1, 1, 1, 1, 1, 1] }), 120, 7);
    const model = fitForecast(demand.slice(0, 90), FIRST_DAY)!;
    const atOnce = updateForecast(model, demand.slice(90));
    const oneByOne = demand
      .slice(90)
      .reduce((m: ForecastModel, y) => updateForecast(m, [y]), model);
    expect(oneByOne).toEqual(atOnce);
    expect(atOnce.throughDay).toBe(FIRST_DAY + 119);
    expect(model.throughDay).toBe(FIRST_DAY + 89);
  });
});

describe('edge cases', () => {
  it.each([
    ['too short to fit', Array(MIN_HISTORY_DAYS - 1).fill(10), undefined],
    ['just long enough', Array(MIN_HISTORY_DAYS).fill(10), 10],
    ['never any demand', Array(60).fill(0), 0],
  ] as const)('%s', (_name, demand, expected) => {
    const model = fitForecast(demand, FIRST_DAY);
    if (expected === undefined) return expect(model).toBeUndefined();
    for (const d of forecastDays(model!, FIRST_DAY + demand.length, 7))
      expect(d).toBeCloseTo(expected, 6);
  });

  it('a day when returns beyond sales is a day without demand, not negative demand', () => {
    const withReturns = [...Array(30).fill(10), -50, ...Array(29).fill(10)];
    const withZero = withReturns.map((y) => Math.max(0, y));
    expect(fitForecast(withReturns, FIRST_DAY)).toEqual(fitForecast(withZero, FIRST_DAY));
    expect(fitForecast(withReturns, FIRST_DAY)).not.toEqual(
      fitForecast(
        withReturns.map((y) => (y < 0 ? 10 : y)),
        FIRST_DAY,
      ),
    );
  });

  it('a constant series has no error and needs no safety stock', () => {
    const model = fitForecast(Array(100).fill(12), FIRST_DAY)!;
    const cover = forecastCover(model, { fromDay: FIRST_DAY + 100, days: 14, serviceLevel: 0.95 });
    expect(cover.demand).toBeCloseTo(168, 6);
    expect(cover.perDay).toBeCloseTo(12, 6);
    expect(cover.error).toBeCloseTo(0, 6);
    expect(cover.safetyStock).toBeCloseTo(0, 6);
  });
});

describe('the error over a horizon and the safety stock', () => {
  const model = (alpha: number, beta: number, mse: number): ForecastModel => ({
    alpha,
    beta,
    gamma: 0,
    throughDay: 100,
    firstDay: 0,
    level: 10,
    trend: 0,
    season: Array(7).fill(1),
    yearly: null,
    mse,
    observed: 100,
  });
  it.each([
    // With nothing carried into the level, days are independent: variance × days.
    ['independent days', model(0, 0, 4), 9, 0, 2 * 3],
    // Two days, α = 0.5: day 1's error also moves day 2 by 0.5 → (1.5² + 1²) × mse.
    ['a level that learns', model(0.5, 0, 1), 2, 0, Math.sqrt(1.5 ** 2 + 1)],
    // One day ahead of a model one day behind: the missed day's error carries α into it.
    ['a model one day behind', model(0.5, 0, 1), 1, 1, Math.sqrt(0.5 ** 2 + 1)],
    ['no days', model(0.5, 0, 1), 0, 0, 0],
  ])('%s', (_name, m, days, offset, expected) => {
    expect(horizonError(m, days, offset)).toBeCloseTo(expected, 9);
  });

  it('safety stock is the service level quantile of that error', () => {
    const m = model(0.1, 0.01, 9);
    const cover = forecastCover(m, { fromDay: 101, days: 14, serviceLevel: 0.95 });
    expect(cover.z).toBeCloseTo(1.6449, 4);
    expect(cover.safetyStock).toBeCloseTo(cover.z * horizonError(m, 14), 9);
    expect(cover.demand).toBeCloseTo(140, 9);
    // Asked two days late, the two days in between add their error.
    expect(forecastCover(m, { fromDay: 103, days: 14, serviceLevel: 0.95 }).error).toBeGreaterThan(
      cover.error,
    );
    expect(forecastCover(m, { fromDay: 101, days: 14, serviceLevel: 0.5 }).safetyStock).toBe(0);
  });

  it.each([
    [0.5, 0],
    [0.8413447, 1],
    [0.975, 1.959964],
    [0.99, 2.326348],
    [0.01, -2.326348],
    [0.999, 3.090232],
  ])('normal quantile of %f is %f', (p, z) => {
    expect(normalQuantile(p)).toBeCloseTo(z, 5);
  });

  it.each([0, 1, -0.1, Number.NaN])('refuses %f as a probability', (p) => {
    expect(() => normalQuantile(p)).toThrow(RangeError);
  });
});

describe('what the forecast said the day before', () => {
  it('gives one figure per day, null while the history is too short, each made before its day was seen', async () => {
    const { forecastBacktest } = await import('../../core/domain/forecast-history.js');
    const demand = series(
      meanOf({
        level: 40,
        trend: 0,
        profile: normalizedProfile([1.3, 0.8, 0.9, 0.9, 1, 1.1, 1.2]),
      }),
      120,
      11,
    );
    const said = forecastBacktest(demand, FIRST_DAY, 100);
    expect(said).toHaveLength(100);
    // The first 8 of those 100 days come before day 28: no forecast yet.
    expect(said.slice(0, 8).every((f) => f === null)).toBe(true);
    expect(said.slice(8).every((f) => typeof f === 'number' && f > 0)).toBe(true);
    // A spike on the last day changes nothing about what was said for it.
    const spiked = [...demand.slice(0, -1), 5000];
    expect(forecastBacktest(spiked, FIRST_DAY, 100).at(-1)).toBe(said.at(-1));
    // And the forecasts follow the weekday pattern: Sundays above Mondays.
    const sundays = said.filter(
      (f, i) => f !== null && weekday(FIRST_DAY + 20 + i) === 0,
    ) as number[];
    const mondays = said.filter(
      (f, i) => f !== null && weekday(FIRST_DAY + 20 + i) === 1,
    ) as number[];
    expect(Math.min(...sundays)).toBeGreaterThan(Math.max(...mondays));
    expect(forecastBacktest(demand.slice(0, 20), FIRST_DAY, 10)).toEqual(Array(10).fill(null));
  });
});
