import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { isAdmin } from '../../domain/actor.js';
import type { ApprovalPolicy } from '../../domain/approval.js';
import { DOCUMENT_TYPES, type DocumentType } from '../../domain/documents.js';
import { approvalPolicies } from '../../db/schema.js';
import type { Queryable } from '../../db/types.js';
import { audit } from '../audit.js';
import { reader, withTransaction, type ServiceContext } from '../context.js';
import { forbidden } from '../errors.js';
import { Money } from '../schemas.js';

export const ApprovalLevelInput = z.strictObject({
  minQuantity: z.number().int().min(0).max(1e12).optional(),
  minValue: Money().optional(),
  /** Stocktake variances only: lines whose difference is over this percentage of the book. */
  minVariancePercent: z.number().min(0).max(1e6).optional(),
  role: z.enum(['clerk', 'manager', 'admin']),
});

export const ApprovalPolicyDto = z
  .strictObject({
    documentType: z.enum(DOCUMENT_TYPES),
    levels: z.array(ApprovalLevelInput).max(10),
    expiryHours: z
      .number()
      .int()
      .positive()
      .max(24 * 365)
      .nullish(),
    /**
     * Default true: someone eligible for several levels in a row (an owner who is the
     * only admin) decides them with one approval. False: each level needs its own person.
     */
    combineLevels: z.boolean().default(true),
  })
  .superRefine((policy, ctx) => {
    policy.levels.forEach((level, i) => {
      if (level.minVariancePercent !== undefined && policy.documentType !== 'stocktake_variance') {
        ctx.addIssue({
          code: 'custom',
          path: ['levels', i, 'minVariancePercent'],
          params: { code: 'only_for_stocktake_variance' },
        });
      }
    });
  })
  .meta({ id: 'ApprovalPolicy' });
export type ApprovalPolicyDto = z.infer<typeof ApprovalPolicyDto>;

export const PutApprovalPoliciesInput = z
  .strictObject({ policies: z.array(ApprovalPolicyDto).max(DOCUMENT_TYPES.length) })
  .meta({ id: 'PutApprovalPoliciesInput' });
export type PutApprovalPoliciesInput = z.infer<typeof PutApprovalPoliciesInput>;

/** The policy for a document type; none means no approval is needed. */
export async function loadPolicy(
  q: Queryable,
  type: DocumentType,
): Promise<ApprovalPolicy | undefined> {
  const [row] = await q
    .select()
    .from(approvalPolicies)
    .where(eq(approvalPolicies.documentType, type));
  if (!row) return undefined;
  return {
    levels: JSON.parse(row.levels) as ApprovalPolicy['levels'],
    expiryHours: row.expiryHours,
    combineLevels: row.combineLevels,
  };
}

export async function listPolicies({ ctx }: { ctx: ServiceContext }): Promise<ApprovalPolicyDto[]> {
  const rows = await reader(ctx)
    .select()
    .from(approvalPolicies)
    .orderBy(approvalPolicies.documentType);
  return rows.map((r) => ({
    documentType: r.documentType as DocumentType,
    levels: JSON.parse(r.levels) as ApprovalPolicyDto['levels'],
    expiryHours: r.expiryHours,
    combineLevels: r.combineLevels,
  }));
}

/**
 * Replaces the policies of the document types given (admins only); types not given
 * keep theirs. A type given with no levels needs no approval. Documents already
 * waiting keep the steps they were given when submitted.
 */
export async function putPolicies({
  ctx,
  input,
}: {
  ctx: ServiceContext;
  input: PutApprovalPoliciesInput;
}) {
  if (!isAdmin(ctx.actor)) throw forbidden('admin_only');
  return withTransaction(ctx, async (tx) => {
    for (const policy of input.policies) {
      const [before] = await tx
        .select()
        .from(approvalPolicies)
        .where(eq(approvalPolicies.documentType, policy.documentType));
      const row = {
        documentType: policy.documentType,
        levels: JSON.stringify(policy.levels),
        expiryHours: policy.expiryHours ?? null,
        combineLevels: policy.combineLevels,
        updatedAt: ctx.now(),
        updatedBy: ctx.actor.id,
      };
      await tx
        .insert(approvalPolicies)
        .values(row)
        .onConflictDoUpdate({ target: approvalPolicies.documentType, set: row });
      await audit(tx, ctx, {
        action: 'approval_policy.put',
        entity: 'approval_policy',
        entityId: policy.documentType,
        before: before
          ? {
              levels: JSON.parse(before.levels),
              expiryHours: before.expiryHours,
              combineLevels: before.combineLevels,
            }
          : null,
        after: policy,
      });
    }
    return { items: await listPolicies({ ctx: { ...ctx, tx } }) };
  });
}
