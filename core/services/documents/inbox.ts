import { DOCUMENT_TYPES } from '../../domain/documents.js';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { eligibility } from '../../domain/approval.js';
import { fromE4 } from '../../domain/money.js';
import { approvalSteps } from '../../db/schema.js';
import { reader, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { loadApprovalDocument } from './approval-documents.js';

export const InboxInput = z.strictObject({
  /** true (default): only what the caller may decide; false: every pending step (admins, managers). */
  mine: z.enum(['true', 'false']).default('true'),
  documentType: z.enum(DOCUMENT_TYPES).optional(),
});
export type InboxInput = z.infer<typeof InboxInput>;

export const InboxItem = z
  .object({
    documentType: z.enum(DOCUMENT_TYPES),
    documentId: z.number().int(),
    version: z.number().int(),
    level: z.number().int(),
    role: z.string(),
    locations: z.array(z.string()),
    requestedBy: z.string(),
    quantity: z.number().int(),
    value: z.number(),
    createdAt: z.string(),
    canDecide: z.boolean(),
    why: z
      .string()
      .nullable()
      .describe('Why the caller may not decide it (own_document, role_too_low, …)'),
  })
  .meta({ id: 'InboxItem' });
export type InboxItem = z.infer<typeof InboxItem>;

/** Approval steps waiting for a decision: "my inbox" by default, oldest first. */
export async function listInbox({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: InboxInput;
}): Promise<InboxItem[]> {
  const mine = input.mine === 'true';
  if (!mine && ctx.actor.role !== 'admin' && ctx.actor.role !== 'manager')
    throw forbidden('admin_or_manager_only');
  const q = reader(ctx);
  const pending = await q
    .select()
    .from(approvalSteps)
    .where(eq(approvalSteps.status, 'pending'))
    .orderBy(asc(approvalSteps.id));
  const items: InboxItem[] = [];
  for (const step of pending) {
    if (input.documentType && step.documentType !== input.documentType) continue;
    const doc = await loadApprovalDocument(q, step.documentType, step.documentId);
    const decidedBy = doc.steps.flatMap((s) => (s.decidedBy === null ? [] : [s.decidedBy]));
    const verdict = eligibility(
      ctx.actor,
      { role: step.role as 'manager', locationIds: JSON.parse(step.locationIds) as number[] },
      { requestedBy: doc.subject.requestedBy, decidedBy },
    );
    if (mine && verdict !== 'ok') continue;
    items.push({
      documentType: doc.subject.type,
      documentId: doc.subject.id,
      version: doc.subject.version,
      level: step.level,
      role: step.role,
      locations: doc.codes,
      requestedBy: doc.requester,
      quantity: doc.subject.quantity,
      value: fromE4(doc.subject.valueE4),
      createdAt: new Date(doc.createdAt).toISOString(),
      canDecide: verdict === 'ok',
      why: verdict === 'ok' ? null : verdict,
    });
  }
  return items;
}
