import { metrics } from '../../observability/metrics.js';
import { ServiceError } from '../errors.js';

/** Runs a posting and counts its refusal, by code, in `ledger_postings_rejected_total`. */
export async function countRefusals<T>(post: () => Promise<T>): Promise<T> {
  try {
    return await post();
  } catch (error) {
    if (error instanceof ServiceError) metrics.rejected.inc({ code: error.code });
    throw error;
  }
}
