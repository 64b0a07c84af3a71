import { dampedSum, forecastDays, type ForecastModel } from './forecast.js';

/** What a forecast says about the days a replenishment must cover. */
export interface ForecastCover {
  /** Forecast demand over the days covered, and per day on average. */
  demand: number;
  perDay: number;
  /** Standard deviation of that total's error, in units. */
  error: number;
  /** The normal quantile of the service level, and safety stock = z × error. */
  z: number;
  safetyStock: number;
}

/**
 * Demand over `days` days from `fromDay` (lead time + review period, starting today)
 * and the safety stock that covers the forecast's own error at `serviceLevel` (the
 * chance of not running out before the next order arrives). When the model is behind
 * (its last day is before yesterday), the days in between are forecast too and their
 * error counts.
 *
 * @example
 * forecastCover(model, { fromDay: today, days: 7 + 7, serviceLevel: 0.95 })
 * // → { demand: 281.4, perDay: 20.1, error: 22.3, z: 1.645, safetyStock: 36.7 }
 */
export function forecastCover(
  model: ForecastModel,
  o: { fromDay: number; days: number; serviceLevel: number },
): ForecastCover {
  const offset = Math.max(0, o.fromDay - model.throughDay - 1);
  const days = Math.max(0, o.days);
  const demand = forecastDays(model, model.throughDay + 1 + offset, days).reduce(
    (s, d) => s + d,
    0,
  );
  const error = horizonError(model, days, offset);
  const z = normalQuantile(o.serviceLevel);
  return {
    demand,
    perDay: days > 0 ? demand / days : 0,
    error,
    z,
    safetyStock: Math.max(0, z * error),
  };
}

/**
 * The standard deviation of the error of the forecast total over `days` days starting
 * `offset + 1` days after the model's last day. One day's error ε moves every later
 * forecast by `alpha × (1 + beta × (φ + … + φ^j))` (the linear innovations form of
 * damped-trend exponential smoothing, Hyndman et al., *Forecasting with Exponential
 * Smoothing*, ch. 6), so within a horizon errors add up, not only their squares:
 * the total's variance is `mse × Σ_i (inHorizon(i) + Σ_{later j in horizon} carry(j − i))²`.
 */
export function horizonError(model: ForecastModel, days: number, offset = 0): number {
  if (days <= 0) return 0;
  const carry = (steps: number) => model.alpha * (1 + dampedSum(steps) * model.beta);
  const last = offset + days;
  let variance = 0;
  for (let k = 1; k <= last; k++) {
    let weight = k > offset ? 1 : 0;
    for (let later = Math.max(k + 1, offset + 1); later <= last; later++)
      weight += carry(later - k);
    variance += weight * weight;
  }
  return Math.sqrt(model.mse * variance);
}

/**
 * The standard normal quantile (Acklam's rational approximation, relative error below
 * 1.2e-9): 0.95 → 1.645, 0.5 → 0.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`probability out of (0, 1): ${p}`);
  const a = [
    -39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716,
    2.506628274631,
  ];
  const b = [
    -54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972,
    -13.28068155288572,
  ];
  const c = [
    -0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734,
    4.374664141464968, 2.938163982698783,
  ];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const tail = (q: number) =>
    (((((c[0]! * q + c[1]!) * q + c[2]!) * q + c[3]!) * q + c[4]!) * q + c[5]!) /
    ((((d[0]! * q + d[1]!) * q + d[2]!) * q + d[3]!) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return (
    ((((((a[0]! * r + a[1]!) * r + a[2]!) * r + a[3]!) * r + a[4]!) * r + a[5]!) * q) /
    (((((b[0]! * r + b[1]!) * r + b[2]!) * r + b[3]!) * r + b[4]!) * r + 1)
  );
}
