import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import type { Tx } from '../../db/types.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { ServiceError, validationFailed } from '../errors.js';
import { claimKey, findKey, requestHash } from '../idempotency.js';
import { applyMovement } from '../ledger/apply-movement.js';
import { RefResolver } from '../ledger/refs.js';
import { IdempotencyKey } from '../schemas.js';
import { zodIssues } from '../validation.js';
import { toMovementDto, type MovementDto } from './movement-dto.js';
import { MovementInput, prepareMovement, referencedCodes } from './prepare-movement.js';

export const MAX_BATCH_ROWS = 10_000;

/** A batch row: a movement, and optionally its own idempotency key (a sheet row's). */
export const BatchRowInput = MovementInput.extend({ idempotencyKey: IdempotencyKey.nullish() }).meta({
  id: 'BatchRowInput',
});
export type BatchRowInput = z.infer<typeof BatchRowInput>;

/**
 * The envelope only: rows are checked one by one, so that every row's problems are
 * reported (and, with `atomic: false`, good rows still post).
 */
export const MovementBatchInput = z.strictObject({
  rows: z.array(z.unknown()).min(1).max(MAX_BATCH_ROWS),
  atomic: z.boolean().default(true),
  dryRun: z.boolean().default(false),
});
export type MovementBatchInput = z.infer<typeof MovementBatchInput>;

/** The documented shape of a batch request (rows typed), for the OpenAPI document. */
export const MovementBatchDoc = MovementBatchInput.extend({ rows: z.array(BatchRowInput).min(1).max(MAX_BATCH_ROWS) });

export type RowResult =
  | { index: number; status: 'posted'; movement: MovementDto; replayed?: true }
  | { index: number; status: 'valid' }
  | { index: number; status: 'rejected'; error: ServiceError };

export interface BatchOutcome {
  posted: number;
  dryRun: boolean;
  results: RowResult[];
}

/** Thrown inside the transaction to roll it back after a dry run or a refused atomic batch. */
class RollBack extends Error {
  constructor(readonly outcome: BatchOutcome) {
    super('roll back');
  }
}

/**
 * Posts up to 10,000 movements in one transaction.
 *
 * - `atomic` (default): every row posts, or none does. A refusal is `batch_rejected`
 *   whose `details.results` has every row's outcome and every failing row's error.
 *   Rows that break request rules are refused as `validation_failed` up front, with
 *   every problem of every row (`rows.3.quantity`).
 * - `atomic: false`: good rows post, bad rows are reported.
 * - `dryRun`: every row is checked against the ledger as it would post, then nothing
 *   is kept. Rows answer `valid` or `rejected`.
 *
 * A row with an `idempotencyKey` that already posted answers with its first movement
 * (`replayed: true`) and posts nothing again; the same key with another row is
 * `idempotency_key_reused`.
 */
export async function postMovementBatch({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: MovementBatchInput;
}): Promise<BatchOutcome> {
  const parsed = input.rows.map((row, index) => parseRow(row, index));
  const rejectEarly = input.atomic && !input.dryRun;
  const allIssues = parsed.flatMap((row) => ('issues' in row ? row.issues : []));
  if (rejectEarly && allIssues.length > 0) throw validationFailed(allIssues);

  try {
    return await withTransaction(ctx, async (tx) => {
      const outcome = await postRows(tx, ctx, parsed, input.atomic && !input.dryRun);
      const refused = outcome.results.some((r) => r.status === 'rejected');
      if (input.dryRun || (input.atomic && refused)) throw new RollBack(outcome);
      return outcome;
    });
  } catch (error) {
    if (!(error instanceof RollBack)) throw error;
    // Nothing this transaction posted was kept: those rows were only valid.
    const results = error.outcome.results.map((r): RowResult =>
      r.status === 'posted' && !r.replayed ? { index: r.index, status: 'valid' } : r,
    );
    if (input.dryRun) return { posted: 0, dryRun: true, results };
    throw new ServiceError('batch_rejected', {
      params: { rejected: results.filter((r) => r.status === 'rejected').length },
      details: { results },
    });
  }
}

type ParsedRow = { index: number; row: BatchRowInput } | { index: number; issues: Issue[] };

function parseRow(row: unknown, index: number): ParsedRow {
  const result = BatchRowInput.safeParse(row);
  return result.success ? { index, row: result.data } : { index, issues: zodIssues(result.error, `rows.${index}`) };
}

async function postRows(tx: Tx, ctx: ServiceContext, parsed: ParsedRow[], atomic: boolean): Promise<BatchOutcome> {
  const now = ctx.now();
  const rows = parsed.flatMap((p) => ('row' in p ? [p.row] : []));
  const refs = await new RefResolver(tx).load(referencedCodes(rows));
  const results: RowResult[] = [];
  let posted = 0;

  for (const entry of parsed) {
    const { index } = entry;
    if ('issues' in entry) {
      results.push({ index, status: 'rejected', error: validationFailed(entry.issues.map(unprefix(index))) });
      continue;
    }
    const { idempotencyKey, ...movement } = entry.row;
    try {
      const hash = idempotencyKey ? requestHash('movement-row', movement) : '';
      if (idempotencyKey) {
        const seen = await findKey(tx, ctx.actor.id, idempotencyKey, hash);
        if (seen) {
          results.push({ index, status: 'posted', movement: JSON.parse(seen.body) as MovementDto, replayed: true });
          continue;
        }
      }
      const posting = prepareMovement(refs, ctx.actor, movement, now);
      // In a non-atomic batch a row must never half-apply, so it gets a savepoint.
      const apply = (t: Tx) => applyMovement(t, { actorId: ctx.actor.id, now }, posting);
      const done = atomic ? await apply(tx) : await tx.transaction(apply);
      const dto = toMovementDto(done, ctx.actor.name);
      if (idempotencyKey) await claimKey(tx, ctx, idempotencyKey, hash, { status: 201, body: JSON.stringify(dto) });
      results.push({ index, status: 'posted', movement: dto });
      posted++;
    } catch (error) {
      if (!(error instanceof ServiceError)) throw error;
      results.push({ index, status: 'rejected', error });
    }
  }
  return { posted, dryRun: false, results };
}

/** Row errors carry paths relative to the row (`quantity`), as a single posting would. */
function unprefix(index: number) {
  const prefix = `rows.${index}.`;
  return (issue: Issue): Issue => ({ ...issue, path: issue.path.startsWith(prefix) ? issue.path.slice(prefix.length) : issue.path });
}
