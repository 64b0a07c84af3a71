import { localDay } from '../../core/domain/time.js';
import type { Executor } from '../../core/db/types.js';

/** The per-day figures as stored, in a stable order. */
export async function storedDays(q: Executor) {
  const { rows } = await q.execute(
    `SELECT i.sku, l.code, d.day, d.inflow, d.outflow, d.sold, d.refused, d.refused_quantity
       FROM balance_days d JOIN items i ON i.id = d.item_id JOIN locations l ON l.id = d.location_id
      ORDER BY i.sku, l.code, d.day`,
  );
  return rows.map((r) => ({ ...r }));
}

/** The same figures recomputed here from the movements and refusals, by the local date in `zone`. */
export async function recomputedDays(q: Executor, zone: string) {
  const days = new Map<string, Record<string, unknown>>();
  const row = (sku: string, code: string, day: number) => {
    const key = `${sku}|${code}|${String(day).padStart(8, '0')}`;
    let r = days.get(key);
    if (!r) {
      r = { sku, code, day, inflow: 0, outflow: 0, sold: 0, refused: 0, refused_quantity: 0 };
      days.set(key, r);
    }
    return r as Record<string, number>;
  };
  const { rows } = await q.execute(
    `SELECT i.sku, m.quantity, m.occurred_at, s.code AS source, s.is_virtual AS sv, g.code AS target, g.is_virtual AS gv
       FROM movements m JOIN items i ON i.id = m.item_id JOIN locations s ON s.id = m.source_id JOIN locations g ON g.id = m.target_id`,
  );
  for (const m of rows) {
    const day = localDay(Number(m['occurred_at']), zone);
    const q = Number(m['quantity']);
    if (!m['sv']) {
      const r = row(String(m['sku']), String(m['source']), day);
      r['outflow']! += q;
      if (m['target'] === '@customer') r['sold']! += q;
    }
    if (!m['gv']) {
      const r = row(String(m['sku']), String(m['target']), day);
      r['inflow']! += q;
      if (m['source'] === '@customer') r['sold']! -= q;
    }
  }
  const refused = await q.execute(
    `SELECT i.sku, l.code, r.at, r.postings, r.short FROM refusals r JOIN items i ON i.id = r.item_id JOIN locations l ON l.id = r.location_id`,
  );
  for (const r of refused.rows) {
    const d = row(String(r['sku']), String(r['code']), localDay(Number(r['at']), zone));
    d['refused']! += Number(r['postings']);
    d['refused_quantity']! += Number(r['short']);
  }
  return [...days.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, v]) => v);
}
