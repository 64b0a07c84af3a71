/**
 * Daily demand forecasts per item and location: Holt-Winters exponential smoothing with
 * a damped additive trend and a multiplicative day-of-week profile, and, once a series
 * has more than a year of history, a yearly profile by week of the year. Fitted on the
 * ledger's per-day demand: units sold plus units refused for lack of stock, so that a
 * stock-out does not teach the model that nobody wanted the item.
 *
 * Days are day numbers (UTC days from the epoch, as in `balance_days`). Profiles are
 * kept by `day mod 7` and by 52nd of a 365.25-day year, so they need no calendar.
 * Pure: no I/O.
 */

/** A series shorter than this (from its first day with demand) is not forecast: callers fall back to velocity. */
export const MIN_HISTORY_DAYS = 28;
/** The smoothing is fitted on this many latest days; the yearly profile looks back up to `FIT_HISTORY_DAYS`. */
export const FIT_WINDOW_DAYS = 365;
export const FIT_HISTORY_DAYS = 3 * 364;
/** A yearly profile needs a whole year and a few weeks either side of it. */
const YEARLY_MIN_DAYS = 364 + 56;
/** The error is an exponentially weighted mean of squared one-day errors over about this many days. */
const ERROR_WEIGHT = 2 / (56 + 1);
/** Errors of the first days, while the model settles, count neither towards the fit nor the error. */
const BURN_IN_DAYS = 14;
/** The trend's damping per day: a trend seen over weeks is not extrapolated for ever. */
export const DAMPING = 0.98;
const WEEK = 7;
/** The yearly profile follows the calendar (a year of 365.25 days in 52 parts of about a week). */
const YEAR_DAYS = 365.25;
const YEAR_WEEKS = 52;

const ALPHAS = [0.01, 0.02, 0.05, 0.1, 0.3];
const BETAS = [0, 0.02];
const GAMMAS = [0.01, 0.05];

export interface ForecastParams {
  /** Smoothing of the level, the trend and the day-of-week profile. */
  alpha: number;
  beta: number;
  gamma: number;
}

/** A fitted model as of the end of `throughDay`: everything needed to forecast and to take in the next days. */
export interface ForecastModel extends ForecastParams {
  throughDay: number;
  /** The first day of the series (its first day with demand). */
  firstDay: number;
  /** Demand per day before the profiles, and its change per day. */
  level: number;
  trend: number;
  /** Day-of-week factors indexed by `day mod 7`, averaging 1. */
  season: number[];
  /** Factors for the 52 parts of the year (`day mod 365.25` in parts of 7.02 days), averaging 1; none with less than a year of history. */
  yearly: number[] | null;
  /** Mean squared one-day-ahead error (exponentially weighted), in units². */
  mse: number;
  /** Days taken in since the first day. */
  observed: number;
}

/**
 * Fits a model on `demand[i]` = the demand of day `firstDay + i` (negative figures,
 * returns beyond sales, count as 0), choosing the smoothing parameters with the least
 * one-day-ahead squared error over the last `FIT_WINDOW_DAYS`. `undefined` when the
 * series is shorter than `MIN_HISTORY_DAYS`.
 *
 * @example
 * const model = fitForecast(dailyDemand, firstDay);
 * forecastDays(model!, model!.throughDay + 1, 14);   // the next two weeks, day by day
 */
export function fitForecast(
  demand: readonly number[],
  firstDay: number,
): ForecastModel | undefined {
  if (demand.length < MIN_HISTORY_DAYS) return undefined;
  const all = demand.slice(-FIT_HISTORY_DAYS).map((y) => Math.max(0, y));
  const yearly = yearlyProfile(all, firstDay + demand.length - all.length);
  const ys = all.slice(-FIT_WINDOW_DAYS);
  const start = firstDay + demand.length - ys.length;
  const years = ys.map((_, i) => yearlyFactor(yearly, start + i));
  const initial = initialModel(ys, start, all, yearly, { alpha: 0, beta: 0, gamma: 0 });
  let best: { sse: number; model: ForecastModel } | undefined;
  for (const alpha of ALPHAS) {
    for (const beta of BETAS) {
      for (const gamma of GAMMAS) {
        const run = runFilter(
          { ...initial, alpha, beta, gamma, season: [...initial.season] },
          ys,
          years,
        );
        if (!best || run.sse < best.sse) best = run;
      }
    }
  }
  return { ...best!.model, firstDay, observed: demand.length };
}

/**
 * Takes in the days after `model.throughDay` (`demand[0]` is the day after), keeping the
 * parameters and profiles' shape: the incremental step run once a day between fits.
 */
export function updateForecast(model: ForecastModel, demand: readonly number[]): ForecastModel {
  return runFilter(
    { ...model, season: [...model.season] },
    demand.map((y) => Math.max(0, y)),
  ).model;
}

/** The forecast demand of each day from `fromDay` (after the model's last day) for `days` days. */
export function forecastDays(model: ForecastModel, fromDay: number, days: number): number[] {
  const out: number[] = [];
  for (let day = fromDay; day < fromDay + days; day++) {
    out.push(
      Math.max(
        0,
        (model.level + dampedSum(day - model.throughDay) * model.trend) * factor(model, day),
      ),
    );
  }
  return out;
}

/** The day-of-week profile, Sunday first (index 0 = Sunday, as `Date.getUTCDay`), averaging 1. */
export function weeklyProfile(model: ForecastModel): number[] {
  // Day 0 of the epoch (1970-01-01) was a Thursday (getUTCDay 4).
  return Array.from({ length: WEEK }, (_, weekday) => model.season[mod(weekday - 4, WEEK)]!);
}

/** φ + φ² + … + φ^steps: how far a damped trend has carried after `steps` days. */
export function dampedSum(steps: number): number {
  return steps <= 0 ? 0 : (DAMPING * (1 - DAMPING ** steps)) / (1 - DAMPING);
}

/** Both profiles' factor for a day. */
function factor(model: Pick<ForecastModel, 'season' | 'yearly'>, day: number): number {
  return model.season[mod(day, WEEK)]! * yearlyFactor(model.yearly, day);
}

/** The yearly factor of a day, interpolated between the centres of its week and the nearest other. */
function yearlyFactor(yearly: readonly number[] | null, day: number): number {
  if (!yearly) return 1;
  const position = mod(day, YEAR_DAYS) / (YEAR_DAYS / YEAR_WEEKS) - 0.5;
  const week = Math.floor(position);
  const share = position - week;
  return yearly[mod(week, YEAR_WEEKS)]! * (1 - share) + yearly[mod(week + 1, YEAR_WEEKS)]! * share;
}

/**
 * Each 52nd of the year's demand relative to the series' straight-line trend, averaged
 * over the years seen and smoothed over three parts; the line is fitted again on the
 * demand with that profile taken out (a part-year of high season tilts the first
 * line). Then shrunk towards 1 by as much as counting noise could explain, so that a
 * slow item gets no profile made of noise.
 */
function yearlyProfile(ys: readonly number[], firstDay: number): number[] | null {
  if (ys.length < YEARLY_MIN_DAYS) return null;
  const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
  if (mean <= 0) return null;
  const part = (i: number) =>
    Math.min(YEAR_WEEKS - 1, Math.floor(mod(firstDay + i, YEAR_DAYS) / (YEAR_DAYS / YEAR_WEEKS)));
  const counts = new Array<number>(YEAR_WEEKS).fill(0);
  ys.forEach((_, i) => counts[part(i)]!++);
  let profile = new Array<number>(YEAR_WEEKS).fill(1);
  for (let round = 0; round < 2; round++) {
    const line = straightLine(ys.map((y, i) => y / profile[part(i)]!));
    const sums = new Array<number>(YEAR_WEEKS).fill(0);
    ys.forEach((y, i) => (sums[part(i)]! += y / Math.max(1e-9, line.intercept + line.slope * i)));
    const raw = sums.map((s, w) => (counts[w]! > 0 ? s / counts[w]! : 1));
    profile = raw.map(
      (_, w) => (raw[mod(w - 1, YEAR_WEEKS)]! + raw[w]! + raw[mod(w + 1, YEAR_WEEKS)]!) / 3,
    );
  }
  // A smoothed factor averages about 3 × counts days; its counting noise is 1 / (mean × days).
  const noise =
    profile.reduce((s, _, w) => s + 1 / (mean * Math.max(1, 3 * counts[w]!)), 0) / YEAR_WEEKS;
  const spread = profile.reduce((s, f) => s + (f - 1) ** 2, 0) / YEAR_WEEKS;
  const keep = spread > 0 ? Math.max(0, 1 - noise / spread) : 0;
  return keep > 0 ? normalized(profile.map((f) => 1 + (f - 1) * keep)) : null;
}

function straightLine(ys: readonly number[]): { intercept: number; slope: number } {
  const n = ys.length;
  let sx = 0,
    sy = 0,
    sxx = 0,
    sxy = 0;
  ys.forEach((y, i) => ((sx += i), (sy += y), (sxx += i * i), (sxy += i * y)));
  const slope = (n * sxy - sx * sy) / (n * sxx - sx * sx);
  return { intercept: (sy - slope * sx) / n, slope };
}

/**
 * The starting point: the mean of the first four weeks (without the yearly profile) as
 * level, no trend, and each weekday's share of its week averaged over every whole week
 * of the history (`ys` is its end), so that a small `gamma` starts from a settled profile.
 */
function initialModel(
  ys: readonly number[],
  firstDay: number,
  history: readonly number[],
  yearly: number[] | null,
  params: ForecastParams,
): ForecastModel {
  const historyStart = firstDay + ys.length - history.length;
  const plain = history.map((y, i) => y / yearlyFactor(yearly, historyStart + i));
  const season = new Array<number>(WEEK).fill(0);
  let counted = 0;
  for (let w = 0; (w + 1) * WEEK <= plain.length; w++) {
    const week = plain.slice(w * WEEK, (w + 1) * WEEK);
    const mean = week.reduce((s, y) => s + y, 0) / WEEK;
    if (mean <= 0) continue;
    week.forEach((y, i) => (season[mod(historyStart + w * WEEK + i, WEEK)]! += y / mean));
    counted++;
  }
  const start = ys.slice(0, MIN_HISTORY_DAYS).map((y, i) => y / yearlyFactor(yearly, firstDay + i));
  return {
    ...params,
    throughDay: firstDay - 1,
    firstDay,
    level: start.reduce((s, y) => s + y, 0) / start.length,
    trend: 0,
    season: counted > 0 ? normalized(season.map((s) => s / counted)) : season.fill(1),
    yearly,
    mse: 0,
    observed: 0,
  };
}

/**
 * Runs the smoothing equations over `ys` (the days after `model.throughDay`), in place:
 * the level and trend follow demand with both profiles taken out, the weekday's factor
 * follows its share of the level; the profile is kept averaging 1.
 */
function runFilter(
  model: ForecastModel,
  ys: readonly number[],
  years: readonly number[] = ys.map((_, i) => yearlyFactor(model.yearly, model.throughDay + 1 + i)),
): { sse: number; model: ForecastModel } {
  const { alpha, beta, gamma, season } = model;
  let { level, trend, mse, observed } = model;
  let sse = 0;
  let day = model.throughDay;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i]!;
    const year = years[i]!;
    day++;
    const s = season[mod(day, WEEK)]!;
    const damped = DAMPING * trend;
    const error = y - Math.max(0, (level + damped) * s * year);
    if (observed >= BURN_IN_DAYS) {
      sse += error * error;
      mse = observed === BURN_IN_DAYS ? error * error : mse + ERROR_WEIGHT * (error * error - mse);
    }
    const plain = y / year;
    const nextLevel = Math.max(0, alpha * (plain / s) + (1 - alpha) * (level + damped));
    trend = beta * (nextLevel - level) + (1 - beta) * damped;
    level = nextLevel;
    // A level near zero says nothing about the weekday's share.
    if (level > 1e-6)
      season[mod(day, WEEK)] = Math.min(
        WEEK,
        Math.max(0.01, gamma * (plain / level) + (1 - gamma) * s),
      );
    const mean = season.reduce((a, b) => a + b, 0) / WEEK;
    for (let i = 0; i < WEEK; i++) season[i]! /= mean;
    level *= mean;
    trend *= mean;
    observed++;
  }
  Object.assign(model, { level, trend, mse, observed, throughDay: day });
  return { sse, model };
}

function normalized(factors: number[]): number[] {
  const mean = factors.reduce((a, b) => a + b, 0) / factors.length;
  return mean > 0 ? factors.map((f) => f / mean) : factors.map(() => 1);
}

function mod(n: number, m: number): number {
  return ((n % m) + m) % m;
}
