import { readFileSync } from 'node:fs';
import { DAY_MS } from '../../core/domain/alerts.js';

/** One store × item's daily demand, day 0 being `Demand.firstDay`. */
export interface Series {
  store: string;
  item: string;
  daily: number[];
}

export interface Demand {
  /** UTC day number of the first date in the file. */
  firstDay: number;
  days: number;
  series: Series[];
}

/**
 * Reads a demand history as `date, store, item, sales` rows (the Kaggle "Store Item
 * Demand" layout, any row order). Days without a row for a series are 0.
 * `limit` keeps the first series (in store, item order) and the first days.
 */
export function readDemand(
  path: string,
  limit: { series?: number | undefined; days?: number | undefined } = {},
): Demand {
  const [header, ...lines] = readFileSync(path, 'utf8').trim().split(/\r?\n/);
  const columns = header!.split(',').map((c) => c.trim().toLowerCase());
  const at = (name: string) => {
    const i = columns.indexOf(name);
    if (i < 0) throw new Error(`${path}: no '${name}' column (have ${columns.join(', ')})`);
    return i;
  };
  const [date, store, item, sales] = [at('date'), at('store'), at('item'), at('sales')];
  const rows = lines.map((line, n) => {
    const cells = line.split(',');
    const day = Math.floor(Date.parse(`${cells[date]!.trim()}T00:00:00Z`) / DAY_MS);
    const quantity = Number(cells[sales]);
    if (!Number.isFinite(day) || !Number.isInteger(quantity) || quantity < 0)
      throw new Error(`${path}:${n + 2}: bad row '${line}'`);
    return { day, store: cells[store]!.trim(), item: cells[item]!.trim(), quantity };
  });
  const firstDay = rows.reduce((m, r) => Math.min(m, r.day), Infinity);
  const allDays = rows.reduce((m, r) => Math.max(m, r.day), -Infinity) - firstDay + 1;
  const days = Math.min(allDays, limit.days ?? allDays);
  const byKey = new Map<string, Series>();
  for (const r of rows) {
    const key = `${r.store}\u0000${r.item}`;
    let s = byKey.get(key);
    if (!s)
      byKey.set(
        key,
        (s = { store: r.store, item: r.item, daily: new Array<number>(days).fill(0) }),
      );
    if (r.day - firstDay < days) s.daily[r.day - firstDay]! += r.quantity;
  }
  const natural = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });
  const series = [...byKey.values()]
    .sort((a, b) => natural(a.store, b.store) || natural(a.item, b.item))
    .slice(0, limit.series);
  return { firstDay, days, series };
}
