import { fitForecast, forecastDays, MIN_HISTORY_DAYS, updateForecast } from './forecast.js';

/**
 * What the forecast said the day before, for each of the last `days` days of a series
 * (`demand[i]` is day `firstDay + i`): fitted on the days before them, then taking them
 * in one by one, each forecast made before its day was seen. `null` for days with too
 * little history before them. This is what a chart puts next to actual sales.
 *
 * @example
 * forecastBacktest(daily, firstDay, 90)   // → [null, …, 41.2, 38.9, …]: one per day of the last 90
 */
export function forecastBacktest(
  demand: readonly number[],
  firstDay: number,
  days: number,
): Array<number | null> {
  const start = Math.max(demand.length - days, MIN_HISTORY_DAYS);
  const out: Array<number | null> = Array.from(
    { length: Math.min(days, demand.length) },
    () => null,
  );
  let model = fitForecast(demand.slice(0, start), firstDay);
  if (!model) return out;
  const offset = demand.length - out.length;
  for (let i = start; i < demand.length; i++) {
    out[i - offset] = forecastDays(model, firstDay + i, 1)[0]!;
    model = updateForecast(model, [demand[i]!]);
  }
  return out;
}
