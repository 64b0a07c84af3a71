import type { Client } from '@libsql/client';

export interface Mismatch {
  /** Which invariant failed (numbers as in DESIGN.md / README). */
  rule:
    | 'balance_equals_replay'
    | 'reserved_equals_holds'
    | 'item_sums_to_zero'
    | 'internal_not_negative'
    | 'lots_equal_replay'
    | 'lots_sum_to_balance'
    | 'returns_within_sale'
    | 'no_hold_on_quarantine';
  sku: string;
  location?: string;
  expected: number;
  actual: number;
}

export interface VerifyReport {
  ok: boolean;
  movements: number;
  balances: number;
  mismatches: Mismatch[];
}

/**
 * Replays every movement and compares with the stored figures, inside one read
 * transaction (a consistent snapshot while writes go on):
 *
 * 1. every item's on-hand sums to 0 over all locations;
 * 2. internal balances have 0 ≤ reserved ≤ on hand;
 * 3. each balance equals the sum of the movements into it minus those out of it;
 * 4. each balance's reserved equals its pending holds;
 * 5. lot-tracked items: each lot balance equals the replay of the movements' lot
 *    splits, and an item's lots add up to its balance at every location;
 * 6. no sale came back more than it went out: the returns against it plus its reversal
 *    are at most what it sold (`@customer` is virtual, so 1–3 cannot see a sale
 *    returned twice);
 * 7. nothing is held in a quarantine: no pending hold there, nothing reserved.
 *
 * Aggregates run in SQLite (one pass over the movements per side), so a million
 * movements take seconds, not minutes.
 */
export async function verifyLedger(client: Client, limit = 1000): Promise<VerifyReport> {
  const tx = await client.transaction('read');
  try {
    const count = async (table: string) =>
      Number((await tx.execute(`SELECT count(*) AS n FROM ${table}`)).rows[0]!['n']);
    const movements = await count('movements');
    const balances = await count('balances');
    const mismatches: Mismatch[] = [];
    const collect = async (rule: Mismatch['rule'], sql: string) => {
      const rows = (await tx.execute({ sql: `${sql} LIMIT ?`, args: [limit] })).rows;
      for (const r of rows) {
        mismatches.push({
          rule,
          sku: String(r['sku']),
          ...(r['location'] !== undefined && r['location'] !== null
            ? { location: String(r['location']) }
            : {}),
          expected: Number(r['expected']),
          actual: Number(r['actual']),
        });
      }
    };

    await collect(
      'item_sums_to_zero',
      `SELECT i.sku, 0 AS expected, sum(b.on_hand) AS actual
         FROM balances b JOIN items i ON i.id = b.item_id
        GROUP BY b.item_id HAVING sum(b.on_hand) <> 0`,
    );
    await collect(
      'internal_not_negative',
      `SELECT i.sku, l.code AS location, 0 AS expected, min(b.on_hand, b.reserved, b.on_hand - b.reserved) AS actual
         FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
        WHERE b.is_virtual = 0 AND (b.on_hand < 0 OR b.reserved < 0 OR b.reserved > b.on_hand)`,
    );
    await collect(
      'balance_equals_replay',
      `WITH flows AS (
          SELECT item_id, target_id AS location_id, sum(quantity) AS q FROM movements GROUP BY item_id, target_id
          UNION ALL
          SELECT item_id, source_id AS location_id, -sum(quantity) AS q FROM movements GROUP BY item_id, source_id
        ), replay AS (
          SELECT item_id, location_id, sum(q) AS on_hand FROM flows GROUP BY item_id, location_id
        ), compared AS (
          SELECT r.item_id, r.location_id, r.on_hand AS expected, coalesce(b.on_hand, 0) AS actual
            FROM replay r LEFT JOIN balances b ON b.item_id = r.item_id AND b.location_id = r.location_id
          UNION ALL
          SELECT b.item_id, b.location_id, 0 AS expected, b.on_hand AS actual
            FROM balances b
           WHERE NOT EXISTS (SELECT 1 FROM replay r WHERE r.item_id = b.item_id AND r.location_id = b.location_id)
        )
        SELECT i.sku, l.code AS location, c.expected, c.actual
          FROM compared c JOIN items i ON i.id = c.item_id JOIN locations l ON l.id = c.location_id
         WHERE c.expected <> c.actual`,
    );
    await collect(
      'reserved_equals_holds',
      `WITH holds AS (
          SELECT item_id, location_id, sum(quantity) AS q FROM reservations WHERE status = 'pending'
           GROUP BY item_id, location_id
        )
        SELECT i.sku, l.code AS location, coalesce(h.q, 0) AS expected, b.reserved AS actual
          FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
          LEFT JOIN holds h ON h.item_id = b.item_id AND h.location_id = b.location_id
         WHERE b.reserved <> coalesce(h.q, 0)
        UNION ALL
        SELECT i.sku, l.code, h.q, 0
          FROM holds h JOIN items i ON i.id = h.item_id JOIN locations l ON l.id = h.location_id
         WHERE NOT EXISTS (SELECT 1 FROM balances b WHERE b.item_id = h.item_id AND b.location_id = h.location_id)`,
    );
    await collect(
      'lots_equal_replay',
      `WITH flows AS (
          SELECT ml.lot_id, m.target_id AS location_id, sum(ml.quantity) AS q FROM movement_lots ml JOIN movements m ON m.seq = ml.seq GROUP BY ml.lot_id, m.target_id
          UNION ALL
          SELECT ml.lot_id, m.source_id AS location_id, -sum(ml.quantity) AS q FROM movement_lots ml JOIN movements m ON m.seq = ml.seq GROUP BY ml.lot_id, m.source_id
        ), replay AS (
          SELECT lot_id, location_id, sum(q) AS on_hand FROM flows GROUP BY lot_id, location_id
        ), compared AS (
          SELECT r.lot_id, r.location_id, r.on_hand AS expected, coalesce(b.on_hand, 0) AS actual
            FROM replay r LEFT JOIN lot_balances b ON b.lot_id = r.lot_id AND b.location_id = r.location_id
          UNION ALL
          SELECT b.lot_id, b.location_id, 0, b.on_hand FROM lot_balances b
           WHERE NOT EXISTS (SELECT 1 FROM replay r WHERE r.lot_id = b.lot_id AND r.location_id = b.location_id)
        )
        SELECT i.sku || ' lot ' || lt.code AS sku, l.code AS location, c.expected, c.actual
          FROM compared c JOIN lots lt ON lt.id = c.lot_id JOIN items i ON i.id = lt.item_id JOIN locations l ON l.id = c.location_id
         WHERE c.expected <> c.actual`,
    );
    await collect(
      'lots_sum_to_balance',
      `SELECT i.sku, l.code AS location, b.on_hand AS expected, coalesce((SELECT sum(lb.on_hand) FROM lot_balances lb
                WHERE lb.item_id = b.item_id AND lb.location_id = b.location_id), 0) AS actual
         FROM balances b JOIN items i ON i.id = b.item_id JOIN locations l ON l.id = b.location_id
        WHERE i.lot_tracked = 1 AND b.on_hand <> coalesce((SELECT sum(lb.on_hand) FROM lot_balances lb
                WHERE lb.item_id = b.item_id AND lb.location_id = b.location_id), 0)`,
    );
    await collect(
      'returns_within_sale',
      `WITH back AS (
          SELECT original_seq AS seq, sum(quantity) AS q FROM return_lines WHERE original_seq IS NOT NULL GROUP BY original_seq
          UNION ALL
          SELECT r.reverses_seq, o.quantity FROM movements r JOIN movements o ON o.seq = r.reverses_seq
           WHERE r.type = 'reversal' AND o.type = 'issue'
        ), totals AS (SELECT seq, sum(q) AS q FROM back GROUP BY seq)
        SELECT i.sku, l.code AS location, m.quantity AS expected, t.q AS actual
          FROM totals t JOIN movements m ON m.seq = t.seq JOIN items i ON i.id = m.item_id JOIN locations l ON l.id = m.source_id
         WHERE t.q > m.quantity`,
    );
    await collect(
      'no_hold_on_quarantine',
      `WITH held AS (
          SELECT r.item_id, r.location_id, sum(r.quantity) AS q FROM reservations r
           WHERE r.status = 'pending' GROUP BY r.item_id, r.location_id
          UNION ALL
          SELECT b.item_id, b.location_id, b.reserved FROM balances b WHERE b.reserved <> 0
        )
        SELECT i.sku, l.code AS location, 0 AS expected, max(h.q) AS actual
          FROM held h JOIN locations l ON l.id = h.location_id JOIN items i ON i.id = h.item_id
         WHERE l.kind = 'quarantine'
         GROUP BY h.item_id, h.location_id`,
    );
    return { ok: mismatches.length === 0, movements, balances, mismatches };
  } finally {
    tx.close();
  }
}
