import { z } from 'zod';
import type { Actor } from '../../domain/actor.js';
import { authenticate } from '../auth/authenticate.js';
import type { Database } from '../context.js';
import { ServiceError, validationFailed } from '../errors.js';
import { zodIssues } from '../validation.js';
import { DECIDE_DOCUMENT, isApprovalType } from '../documents/decide-document.js';
import type { DecisionOutcome } from '../approvals/engine.js';
import { consumeLink, findLink, linkError, linkRefusal } from '../links/page-links.js';

/** What the approval page's form sends (`application/x-www-form-urlencoded`). */
export const PageDecisionInput = z.strictObject({
  decision: z.enum(['approve', 'reject']),
  version: z.coerce.number().int().positive(),
  comment: z.string().max(1000).optional(),
  /** The approver's own personal access token: who decides. */
  credential: z.string().min(1),
  nonce: z.string().min(1),
  lang: z.string().optional(),
});
export type PageDecisionInput = z.infer<typeof PageDecisionInput>;

/**
 * A decision from the approval page opened by a chat robot's link. A group robot
 * knows no person, so the link alone names the document, never the approver: the
 * approver says who they are with their own token, and the decision is theirs, through
 * the same verb, eligibility rules, version check and audit row as Teams and the API.
 *
 * One write transaction: the link is used up (a guarded UPDATE: of two processes
 * deciding with it at once, one does) and the document decided; any refusal (wrong
 * person, stale version, a link used meanwhile) leaves both as they were.
 */
export async function decideByLink({
  database,
  token,
  form,
  now,
  requestId,
}: {
  database: Database;
  token: string;
  form: unknown;
  now: () => number;
  requestId: string;
}): Promise<{ actor: Actor; decided: DecisionOutcome; documentType: string; documentId: number }> {
  const parsed = PageDecisionInput.safeParse(form);
  if (!parsed.success) throw validationFailed(zodIssues(parsed.error));
  const input = parsed.data;
  // What the link says comes first: a used or expired link is that, whoever tries it.
  const seen = await findLink(database.db, token);
  const closed = seen?.purpose === 'decide' ? linkRefusal(seen, now()) : 'link_unknown';
  if (closed) throw linkError(closed, seen);
  const actor = await authenticate(database, input.credential.trim());
  if (!actor)
    throw new ServiceError('unauthenticated', {
      details: [{ path: 'credential', code: 'invalid_value' }],
    });
  return database.write(async (tx) => {
    const at = now();
    // Again inside the transaction: another process may have used it meanwhile.
    const link = await findLink(tx, token);
    const refusal = link?.purpose === 'decide' ? linkRefusal(link, at) : 'link_unknown';
    if (refusal) throw linkError(refusal, link);
    const type = link!.documentType ?? '';
    if (!isApprovalType(type)) throw linkError('link_unknown');
    if (!(await consumeLink(tx, link!, input.nonce, actor.id, at))) {
      // Open a moment ago and in this very transaction: only the nonce can have failed.
      throw new ServiceError('invalid_state', {
        params: { entity: 'link', reason: 'page_outdated' },
        details: { entity: 'link', reason: 'page_outdated' },
      });
    }
    const ctx = { database, actor, requestId, client: 'page' as const, now: () => at, tx };
    const { decided } = await DECIDE_DOCUMENT[type]({
      ctx,
      id: link!.documentId!,
      approve: input.decision === 'approve',
      input: {
        version: input.version,
        comment: input.comment?.trim() ? input.comment.trim() : null,
      },
    });
    return { actor, decided, documentType: type, documentId: link!.documentId! };
  });
}
