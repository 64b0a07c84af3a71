import { metrics } from '../../observability/metrics.js';
import { recordRefusal } from '../alerts/record-refusal.js';
import type { ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';

/**
 * Runs a posting and counts its refusal: by code in `ledger_postings_rejected_total`,
 * and, for lack of stock, per item, location and day for the `refused_postings` alert.
 */
export async function countRefusals<T>(ctx: ServiceContext, post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (error instanceof ServiceError) noteRefusal(ctx, error);
    throw error;
  }
}

export function noteRefusal(ctx: ServiceContext, error: ServiceError): void {
  metrics.rejected.inc({ code: error.code });
  if (error.code === 'insufficient_stock') {
    const { sku, location } = error.details as { sku: string; location: string };
    recordRefusal(ctx.database, { sku, location }, ctx.now(), ctx.requestId);
  }
}
