import { metrics } from '../../observability/metrics.js';
import { recordRefusals, type Refusal } from '../alerts/record-refusal.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';

/**
 * Runs a posting and counts its refusal: by code in `ledger_postings_rejected_total`,
 * and, for lack of stock, per item, location and day (for the `refused_postings` alert
 * and the forecast's demand).
 */
export async function countRefusals<T>(ctx: ServiceContext, post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (error instanceof ServiceError) noteRefusals(ctx, [error]);
    throw error;
  }
}

/** Counts the refusals of one request (a batch has one per refused row), recording the stock ones in one write. */
export function noteRefusals(ctx: ServiceContext, errors: readonly ServiceError[]): void {
  const short: Refusal[] = [];
  for (const error of errors) {
    metrics.rejected.inc({ code: error.code });
    if (error.code !== 'insufficient_stock') continue;
    const details = error.details as Partial<Refusal> & { lines?: Array<Partial<Refusal>> };
    for (const line of details.lines ?? [details]) {
      const sku = line.sku ?? details.sku;
      const location = line.location ?? details.location;
      if (sku && location)
        short.push({
          sku,
          location,
          requested: line.requested ?? 0,
          available: line.available ?? 0,
        });
    }
  }
  recordRefusals(ctx.database, short, ctx.now(), ctx.requestId);
}
