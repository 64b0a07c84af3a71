import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/types.js';
import { rawReader, type ServiceContext } from '../context.js';

/**
 * The ledger's epoch (see `ledger_meta`). Reads that give clients figures to keep
 * read it *before* the figures: should a restore land in between, the client gets
 * the old epoch with the new figures, and its next look at the head sees the new
 * epoch and reads everything again. The other order could pair stale figures with
 * the new epoch, which the client would then trust.
 */
export async function ledgerEpoch(q: Executor): Promise<string> {
  const { rows } = await q.execute('SELECT epoch FROM ledger_meta WHERE id = 1');
  return String(rows[0]?.['epoch'] ?? '');
}

/** A new epoch: 16 random bytes in hex, like the first one the migration writes. */
export function newEpoch(): string {
  return randomBytes(16).toString('hex');
}

/** `read`'s answer with the epoch it belongs to (read first, as above): for stock reads clients keep. */
export async function withEpoch<T extends object>(
  ctx: ServiceContext,
  read: () => Promise<T>,
): Promise<T & { epoch: string }> {
  const epoch = await ledgerEpoch(rawReader(ctx));
  return { ...(await read()), epoch };
}
