import type { Executor } from '../../db/types.js';

/**
 * What of a sale (an `issue`) has come back already, written once for both ways back:
 * by returns against it (how many units, and which returns) and by its reversal (which
 * undoes the whole of it). A return may take only the rest; a sale with returns is not
 * reversed (return the rest instead).
 */
export async function cameBack(
  q: Executor,
  seq: number,
): Promise<{ returned: number; returns: number[]; reversed: boolean }> {
  const { rows } = await q.execute({
    sql: `SELECT return_id, sum(quantity) AS n FROM return_lines WHERE original_seq = ? GROUP BY return_id ORDER BY return_id`,
    args: [seq],
  });
  const { rows: reversal } = await q.execute({
    sql: 'SELECT EXISTS (SELECT 1 FROM movements WHERE reverses_seq = ?) AS reversed',
    args: [seq],
  });
  return {
    returned: rows.reduce((sum, r) => sum + Number(r['n']), 0),
    returns: rows.map((r) => Number(r['return_id'])),
    reversed: Number(reversal[0]!['reversed']) === 1,
  };
}
