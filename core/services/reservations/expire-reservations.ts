import type { Database } from '../../db/client.js';
import { expireAllDueHolds } from '../ledger/holds.js';

/**
 * The sweeper: releases holds past their expiry, in bounded chunks. Reads and
 * postings already ignore such holds; sweeping keeps the stored figures tidy.
 * Returns how many holds it expired.
 */
export async function expireReservations(
  database: Database,
  now: number,
  requestId = 'sweeper',
): Promise<number> {
  let total = 0;
  for (;;) {
    const expired = await database.write((tx) =>
      expireAllDueHolds(tx, { actor: null, now: () => now, requestId, client: 'system' }),
    );
    total += expired;
    if (expired < 500) return total;
  }
}
