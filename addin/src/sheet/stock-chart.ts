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
