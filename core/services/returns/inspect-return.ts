import { assertCan, transition } from '../lifecycle/lifecycle.js';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Issue } from '../../domain/codes.js';
import { MAX_QUANTITY } from '../../domain/codes.js';
import { returnLines } from '../../db/schema.js';
import { audit } from '../audit.js';
import { withTransaction, type ServiceContext } from '../context.js';
import { validationFailed } from '../errors.js';
import { postAll } from '../ledger/ledger-session.js';
import { virtualLocation } from '../refs.js';
import { LotCode, Sku } from '../schemas.js';
import { requireWriteAt } from '../scope.js';
import { loadReturn, loadReturnRecord, quarantineOf, type ReturnDto } from './return-record.js';

export const InspectReturnInput = z
  .strictObject({
    lines: z
      .array(
        z.strictObject({
          sku: Sku,
          lot: LotCode.optional(),
          /** Back to the shelf: available again. */
          accept: z.number().int().min(0).max(MAX_QUANTITY).default(0),
          /** Not sellable: to `@scrap`. */
          scrap: z.number().int().min(0).max(MAX_QUANTITY).default(0),
        }),
      )
      .min(1)
      .max(500),
    version: z.number().int().positive().nullish(),
  })
  .meta({ id: 'InspectReturnInput' });
export type InspectReturnInput = z.infer<typeof InspectReturnInput>;

/**
 * Decides what came back into quarantine: accepted units go back to the shelf
 * (`return_accept`, available again), the rest to `@scrap`. In parts if need be;
 * the return is `inspected` once nothing is left in quarantine.
 */
export async function inspectReturn({
  ctx,
  id,
  input,
}: {
  ctx: ServiceContext;
  id: number;
  input: InspectReturnInput;
}): Promise<ReturnDto> {
  return withTransaction(ctx, async (tx) => {
    const now = ctx.now();
    const r = await loadReturnRecord(tx, id);
    requireWriteAt(ctx.actor, [r.location.id]);
    assertCan('return', r, 'inspect', input.version);

    const issues: Issue[] = [];
    const decided = input.lines.flatMap((l, i) => {
      const matches = r.lines.filter(
        (x) => x.sku === l.sku && (l.lot === undefined || x.lot?.code === l.lot),
      );
      if (matches.length !== 1) {
        issues.push({
          path: `lines.${i}.${matches.length === 0 ? 'sku' : 'lot'}`,
          code: matches.length === 0 ? 'not_on_return' : 'required',
          params: { sku: l.sku },
        });
        return [];
      }
      const line = matches[0]!;
      const pending = line.quantity - line.accepted - line.scrapped;
      if (l.accept + l.scrap === 0)
        issues.push({ path: `lines.${i}.accept`, code: 'quantity_must_be_positive' });
      else if (l.accept + l.scrap > pending)
        issues.push({ path: `lines.${i}.accept`, code: 'too_big', params: { maximum: pending } });
      return [{ line, accept: l.accept, scrap: l.scrap }];
    });
    if (issues.length > 0) throw validationFailed(issues);

    const quarantine = await quarantineOf(tx, ctx, r.location);
    const scrap = await virtualLocation(tx.raw, '@scrap');
    const common = { occurredAt: now, reference: `return:${id}`, document: { type: 'return', id } };
    await postAll(
      tx,
      { actorId: ctx.actor.id, now, requestId: ctx.requestId, client: ctx.client },
      decided.flatMap(({ line, accept, scrap: scrapped }) => {
        const item = { id: line.itemId, sku: line.sku };
        const lot = line.lot ? { lot: line.lot } : {};
        return [
          ...(accept > 0
            ? [
                {
                  ...common,
                  ...lot,
                  type: 'return_accept' as const,
                  item,
                  source: quarantine,
                  target: r.location,
                  quantity: accept,
                },
              ]
            : []),
          ...(scrapped > 0
            ? [
                {
                  ...common,
                  ...lot,
                  type: 'scrap' as const,
                  item,
                  source: quarantine,
                  target: scrap,
                  quantity: scrapped,
                  reason: 'failed inspection',
                },
              ]
            : []),
        ];
      }),
    );
    for (const { line, accept, scrap: scrapped } of decided) {
      await tx
        .update(returnLines)
        .set({ accepted: line.accepted + accept, scrapped: line.scrapped + scrapped })
        .where(eq(returnLines.id, line.id));
    }
    const left =
      r.lines.reduce((sum, l) => sum + l.quantity - l.accepted - l.scrapped, 0) -
      decided.reduce((sum, d) => sum + d.accept + d.scrap, 0);
    await transition(tx, 'return', r, 'inspect', left === 0 ? 'inspected' : 'inspecting', now);
    await audit(tx, ctx, {
      action: 'return.inspect',
      entity: 'return',
      entityId: id,
      before: { status: r.status },
      after: { lines: input.lines },
    });
    return loadReturn(tx, id);
  });
}
