import { z } from 'zod';
import { noteRefusals } from './refusals.js';
import { futureToleranceOf, withTransaction, type ServiceContext } from '../context.js';
import { ServiceError } from '../errors.js';
import { claimKeys, findKeys, requestHash, type StoredResponse } from '../idempotency.js';
import { LedgerSession } from '../ledger/ledger-session.js';
import type { Posting } from '../ledger/posting.js';
import { RefResolver } from '../refs.js';
import { IdempotencyKey } from '../schemas.js';
import { Problems } from '../problems.js';
import { parseRows, withRules } from '../validation.js';
import { toMovementDto, type MovementDto } from './movement-dto.js';
import { resolveLots } from '../ledger/lot-refs.js';
import {
  checkReferences,
  MovementFields,
  movementIssues,
  prepareMovement,
  referencedCodes,
  referencedLots,
} from './prepare-movement.js';

export const MAX_BATCH_ROWS = 10_000;

/** A batch row: a movement, and optionally its own idempotency key (a sheet row's). */
export const BatchRowInput = withRules(
  MovementFields.extend({ idempotencyKey: IdempotencyKey.nullish() }),
  (row) => movementIssues(row),
).meta({
  id: 'BatchRowInput',
});
export type BatchRowInput = z.infer<typeof BatchRowInput>;

/**
 * The envelope only: rows are checked one by one, so that every row's problems are
 * reported, a malformed row's beside the others' unknown skus and shortages (and, with
 * `atomic: false`, good rows still post).
 */
export const MovementBatchInput = z.strictObject({
  rows: z.array(z.unknown()).min(1).max(MAX_BATCH_ROWS),
  atomic: z.boolean().default(true),
  dryRun: z.boolean().default(false),
});
export type MovementBatchInput = z.infer<typeof MovementBatchInput>;

/** The documented shape of a batch request (rows typed), for the OpenAPI document. */
export const MovementBatchDoc = MovementBatchInput.extend({
  rows: z.array(BatchRowInput).min(1).max(MAX_BATCH_ROWS),
});

export type RowResult =
  | { index: number; status: 'posted'; movement: MovementDto; replayed?: true }
  | { index: number; status: 'valid' }
  | { index: number; status: 'rejected'; error: ServiceError };

export interface BatchOutcome {
  posted: number;
  dryRun: boolean;
  results: RowResult[];
}

/**
 * Posts up to 10,000 movements in one transaction.
 *
 * - `atomic` (default): every row posts, or none does. A refusal is `batch_rejected`
 *   whose `details.results` has every row's outcome and every failing row's error
 *   with all of that row's problems: its shape, what it names, its stock (`Problems`).
 * - `atomic: false`: good rows post, bad rows are reported.
 * - `dryRun`: every row is checked against the ledger as it would post, then nothing
 *   is written. Rows answer `valid` or `rejected`.
 *
 * Rows are checked in order against the stock as the rows before them leave it, so
 * a receipt on row 1 can feed an issue on row 2. A row with an `idempotencyKey` that
 * already posted answers with its first movement (`replayed: true`) and posts
 * nothing again; the same key with another row is `idempotency_key_reused`.
 */
export async function postMovementBatch({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: MovementBatchInput;
}): Promise<BatchOutcome> {
  const rows = parseRows(BatchRowInput, input.rows);

  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const valid = rows.flatMap((r) => ('value' in r ? [r.value] : []));
    // Malformed rows name items and places too: look them up, to report them unknown.
    const refs = await new RefResolver(tx.raw).load(referencedCodes(input.rows));
    const wantedLots = referencedLots(refs, valid);
    const lots =
      wantedLots.length > 0
        ? await resolveLots(tx, wantedLots, { persist: !input.dryRun, now })
        : undefined;
    const keyed = valid.flatMap((r) => (r.idempotencyKey ? [r.idempotencyKey] : []));
    const seenKeys = keyed.length > 0 ? await findKeys(tx, ctx.actor.id, keyed) : new Map();

    // Check every row that can stand on its own, then against the stock, in order.
    const results: RowResult[] = [];
    const prepared: Array<{
      index: number;
      posting: Posting;
      key?: { key: string; hash: string };
    }> = [];
    const firstWithKey = new Map<string, { index: number; hash: string }>();
    const repeats: Array<{ index: number; of: number }> = [];
    for (const entry of rows) {
      const { index } = entry;
      if ('issues' in entry) {
        const problems = new Problems().add(...entry.issues);
        checkReferences(refs, entry.raw, problems);
        results[index] = { index, status: 'rejected', error: problems.answer()! };
        continue;
      }
      const { idempotencyKey, ...movement } = entry.value;
      try {
        let key: { key: string; hash: string } | undefined;
        if (idempotencyKey) {
          key = { key: idempotencyKey, hash: requestHash('movement-row', movement) };
          const seen = seenKeys.get(idempotencyKey);
          const earlier = firstWithKey.get(idempotencyKey);
          if ((seen && seen.requestHash !== key.hash) || (earlier && earlier.hash !== key.hash)) {
            throw keyReused(idempotencyKey);
          }
          if (seen) {
            results[index] = {
              index,
              status: 'posted',
              movement: JSON.parse(seen.body) as MovementDto,
              replayed: true,
            };
            continue;
          }
          if (earlier) {
            // The same row twice in one batch (a pasted duplicate): it is the first one again.
            repeats.push({ index, of: earlier.index });
            continue;
          }
          firstWithKey.set(idempotencyKey, { index, hash: key.hash });
        }
        prepared.push({
          index,
          posting: prepareMovement(refs, ctx.actor, movement, now, lots, futureToleranceOf(ctx)),
          ...(key ? { key } : {}),
        });
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        results[index] = { index, status: 'rejected', error };
      }
    }

    const session = await new LedgerSession(tx, {
      actorId: ctx.actor.id,
      now,
      requestId: ctx.requestId,
      client: ctx.client,
    }).load(
      prepared.flatMap(({ posting: p }) => [
        { item: p.item, location: p.source },
        { item: p.item, location: p.target },
      ]),
    );
    const accepted: typeof prepared = [];
    for (const entry of prepared) {
      try {
        session.post(entry.posting);
        accepted.push(entry);
        results[entry.index] = { index: entry.index, status: 'valid' };
      } catch (error) {
        if (!(error instanceof ServiceError)) throw error;
        results[entry.index] = { index: entry.index, status: 'rejected', error };
      }
    }

    // A check (dry run) posts nothing, so it refuses no sale either: only real postings count.
    if (!input.dryRun)
      noteRefusals(
        ctx,
        results.flatMap((r) => (r.status === 'rejected' ? [r.error] : [])),
      );
    const refused = results.filter((r) => r.status === 'rejected').length;
    if (input.dryRun) return { posted: 0, dryRun: true, results: withRepeats(results, repeats) };
    if (input.atomic && refused > 0) {
      throw new ServiceError('batch_rejected', {
        params: { rejected: refused },
        details: { results: withRepeats(results, repeats) },
      });
    }

    const posted = await session.flush();
    const claims: Array<{ key: string; hash: string; response: StoredResponse }> = [];
    accepted.forEach((entry, i) => {
      const movement = toMovementDto(posted[i]!, ctx.actor.name);
      results[entry.index] = { index: entry.index, status: 'posted', movement };
      if (entry.key)
        claims.push({ ...entry.key, response: { status: 201, body: JSON.stringify(movement) } });
    });
    if (claims.length > 0) await claimKeys(tx, ctx, claims);
    return { posted: posted.length, dryRun: false, results: withRepeats(results, repeats) };
  });
}

function keyReused(key: string): ServiceError {
  return new ServiceError('idempotency_key_reused', { params: { key }, details: { key } });
}

/** A row that repeated an earlier row's key answers with that row's outcome. */
function withRepeats(
  results: RowResult[],
  repeats: ReadonlyArray<{ index: number; of: number }>,
): RowResult[] {
  const out = [...results];
  for (const { index, of } of repeats) {
    const first = results[of]!;
    out[index] =
      first.status === 'posted' ? { ...first, index, replayed: true } : { ...first, index };
  }
  return out;
}
