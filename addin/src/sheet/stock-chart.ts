/**
 * An item's stock at one location at the end of each of the last `days` days, from
 * today's on hand and the daily movements (`GET /reports/daily`), walking back: the
 * end of yesterday is the end of today less what came in today plus what went out.
 */
export function stockSeries(
  onHandNow: number,
  daily: ReadonlyArray<{ date: string; in: number; out: number }>,
  days: number,
  today: string,
): Array<[string, number]> {
  const byDate = new Map(daily.map((d) => [d.date, d]));
  const series: Array<[string, number]> = [];
  let onHand = onHandNow;
  let day = new Date(`${today}T00:00:00Z`);
  for (let i = 0; i < days; i++) {
    const date = day.toISOString().slice(0, 10);
    series.unshift([date, onHand]);
    const d = byDate.get(date);
    if (d) onHand = onHand - d.in + d.out;
    day = new Date(day.getTime() - 86_400_000);
  }
  return series;
}

/**
 * Rows for the demand chart: each past day's demand (sold + refused) next to what the
 * forecast said the day before (`GET /forecasts/{location}/{sku}`), then the days ahead
 * with the forecast only. Missing figures are null: the chart leaves a gap, not a 0.
 */
export function demandSeries(answer: {
  days: ReadonlyArray<{ date: string; demand: number; forecast: number | null }>;
  ahead: ReadonlyArray<{ date: string; forecast: number }>;
}): Array<[string, number | null, number | null]> {
  return [
    ...answer.days.map((d): [string, number | null, number | null] => [
      d.date,
      d.demand,
      d.forecast,
    ]),
    ...answer.ahead.map((a): [string, number | null, number | null] => [a.date, null, a.forecast]),
  ];
}
