import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  eligibility,
  requiredLevels,
  requiredLevelsForLines,
  stepsDecided,
  type ApprovalPolicy,
} from '../../domain/approval.js';
import type { Role } from '../../domain/actor.js';
import { APPROVAL_KINDS, DOCUMENT_KINDS, type DocumentType } from '../../domain/documents.js';
import { fromE4 } from '../../domain/money.js';
import { approvalSteps, locations, users } from '../../db/schema.js';
import type { Queryable, Tx } from '../../db/types.js';
import { audit } from '../audit.js';
import { compareAndSet } from '../lifecycle/lifecycle.js';
import type { ServiceContext } from '../context.js';
import { forbidden, ServiceError } from '../errors.js';
import { publish } from '../outbox.js';
import { revokeDecisionLinks } from '../links/page-links.js';
import { loadPolicy } from './policies.js';

/** What the engine needs to know about a document, whatever its type. */
export interface ApprovalSubject {
  type: Extract<
    DocumentType,
    'transfer' | 'purchase_order' | 'stocktake_variance' | 'credit_override' | 'transfer_loss'
  >;
  id: number;
  version: number;
  status: string;
  requestedBy: number;
  /** Locations whose managers may approve (a transfer's both ends, an order's store). */
  locationIds: number[];
  quantity: number;
  valueE4: number;
  /**
   * For documents judged line by line (stocktake variances): a level applies when
   * one line meets it. Otherwise the totals above are judged.
   */
  lines?: ReadonlyArray<{ quantity: number; valueE4: number; percent: number | null }> | undefined;
  /** Where a rejection sends it, when that depends on the document (a write-off: back to receiving). */
  rejectedStatus?: string | undefined;
}

export interface StepRecord {
  id: number;
  /** Which submission asked for it: 1, then 2 after a rejected stocktake is resubmitted, … */
  round: number;
  level: number;
  role: Role;
  locationIds: number[];
  status: 'waiting' | 'pending' | 'approved' | 'rejected' | 'cancelled';
  decidedBy: number | null;
  decidedByName: string | null;
  decidedAt: number | null;
  comment: string | null;
  client: string | null;
}

/**
 * On submit: creates the steps the policy asks for and announces the first one.
 * Returns the document's next status: `approved` when no level applies.
 */
export async function openApprovals(
  tx: Tx,
  ctx: ServiceContext,
  subject: ApprovalSubject,
  /** The policy when none is set for the type (a credit override always needs someone). */
  fallback?: ApprovalPolicy,
): Promise<'pending_approval' | 'approved'> {
  const policy = (await loadPolicy(tx, subject.type)) ?? fallback;
  const levels = subject.lines
    ? requiredLevelsForLines(policy, subject.lines)
    : requiredLevels(policy, subject);
  if (levels.length === 0) return 'approved';
  const [last] = await tx
    .select({ round: sql<number>`coalesce(max(${approvalSteps.round}), 0)` })
    .from(approvalSteps)
    .where(
      and(eq(approvalSteps.documentType, subject.type), eq(approvalSteps.documentId, subject.id)),
    );
  await tx.insert(approvalSteps).values(
    levels.map((l, i) => ({
      documentType: subject.type,
      documentId: subject.id,
      round: (last?.round ?? 0) + 1,
      level: l.level,
      role: l.role,
      locationIds: JSON.stringify(subject.locationIds),
      status: i === 0 ? 'pending' : 'waiting',
    })),
  );
  await announce(tx, ctx, subject, levels[0]!);
  return 'pending_approval';
}

/** The expiry a policy sets for documents of this type submitted now, if any. */
export async function approvalExpiry(
  tx: Tx,
  type: ApprovalSubject['type'],
  now: number,
): Promise<number | null> {
  const policy = await loadPolicy(tx, type);
  return policy?.expiryHours ? now + policy.expiryHours * 3600_000 : null;
}

/**
 * Records one decision on the step being asked. The decision names the version of
 * the document it was made on: a stale or second decision is `invalid_state`, so two
 * managers clicking at once record one decision. When the policy combines levels
 * (the default), an approval also decides each next level the same person may decide
 * (`stepsDecided`). Returns the document's new status and the steps decided.
 */
export async function decide(
  tx: Tx,
  ctx: ServiceContext,
  subject: ApprovalSubject,
  decision: { approve: boolean; version: number; comment?: string | null | undefined },
): Promise<{ status: string; steps: StepRecord[] }> {
  const kind = APPROVAL_KINDS[subject.type];
  if (subject.status !== kind.waiting || subject.version !== decision.version) {
    throw stale(subject);
  }
  const steps = currentRound(await stepsOf(tx, subject));
  const open = steps.filter((s) => s.status === 'pending' || s.status === 'waiting');
  if (open[0]?.status !== 'pending') throw stale(subject);
  const decidedBy = steps.flatMap((s) => (s.decidedBy === null ? [] : [s.decidedBy]));
  const document = { requestedBy: subject.requestedBy, decidedBy };
  const verdict = eligibility(ctx.actor, open[0], document);
  if (verdict !== 'ok') throw forbidden(verdict);
  const combine = (await loadPolicy(tx, subject.type))?.combineLevels ?? true;
  const decided = stepsDecided(ctx.actor, open, document, { approve: decision.approve, combine });

  const next = decision.approve ? open[decided.length] : undefined;
  const status = !decision.approve
    ? (subject.rejectedStatus ?? kind.rejected)
    : next
      ? kind.waiting
      : kind.approved;
  const now = ctx.now();
  if (
    !(await compareAndSet(
      tx,
      kind.document,
      subject.id,
      [kind.waiting],
      status,
      now,
      decision.version,
    ))
  )
    throw stale(subject);
  // The links in chat messages asking for this decision are spent, whoever decided.
  await revokeDecisionLinks(tx, subject, now);

  const verdictStatus = decision.approve ? 'approved' : 'rejected';
  await tx
    .update(approvalSteps)
    .set({
      status: verdictStatus,
      decidedBy: ctx.actor.id,
      decidedAt: now,
      comment: decision.comment ?? null,
      client: ctx.client,
    })
    .where(
      inArray(
        approvalSteps.id,
        decided.map((s) => s.id),
      ),
    );
  if (next) {
    await tx.update(approvalSteps).set({ status: 'pending' }).where(eq(approvalSteps.id, next.id));
    await announce(tx, ctx, { ...subject, version: subject.version + 1 }, next);
  }
  if (!decision.approve) await cancelApprovals(tx, subject);
  await publish(tx, now, {
    topic: 'approval.decided',
    document: subject,
    payload: {
      documentType: subject.type,
      documentId: subject.id,
      decision: verdictStatus,
      level: decided[0]!.level,
      levels: decided.map((s) => s.level),
      by: ctx.actor.name,
      comment: decision.comment ?? null,
      status,
      version: subject.version + 1,
    },
  });
  return {
    status,
    steps: decided.map((s) => ({
      ...s,
      status: verdictStatus,
      decidedBy: ctx.actor.id,
      decidedByName: ctx.actor.name,
      decidedAt: now,
    })),
  };
}

/** What a decision did, as its answer says: approved or rejected, and which levels. */
export interface DecisionOutcome {
  decision: 'approved' | 'rejected';
  levels: number[];
}

/**
 * `decide`, then what a rejection gives back (`onRejected`: released holds), then the
 * audit row `{entity}.approve|reject` (the entity of the document's descriptor): the
 * same few steps for every kind of document.
 * Returns the document's new status and what was decided.
 */
export async function decideAudited(
  tx: Tx,
  ctx: ServiceContext,
  subject: ApprovalSubject,
  decision: { approve: boolean; input: { version: number; comment?: string | null | undefined } },
  onRejected?: () => Promise<void>,
): Promise<{ status: string; decided: DecisionOutcome }> {
  const { approve, input } = decision;
  const { status, steps } = await decide(tx, ctx, subject, {
    approve,
    version: input.version,
    comment: input.comment,
  });
  if (!approve && onRejected) await onRejected();
  const levels = steps.map((s) => s.level);
  const { entity } = DOCUMENT_KINDS[APPROVAL_KINDS[subject.type].document];
  await audit(tx, ctx, {
    action: `${entity}.${approve ? 'approve' : 'reject'}`,
    entity,
    entityId: subject.id,
    before: { status: subject.status, version: subject.version },
    after: { status, level: levels[0], levels, comment: input.comment ?? null },
  });
  return { status, decided: { decision: approve ? 'approved' : 'rejected', levels } };
}

/** Steps not yet decided are dropped (the document was rejected, cancelled or expired). */
export async function cancelApprovals(
  tx: Tx,
  doc: Pick<ApprovalSubject, 'type' | 'id'>,
): Promise<void> {
  // The callers hold no clock here; when a link was revoked is shown to nobody.
  await revokeDecisionLinks(tx, doc, Date.now());
  await tx
    .update(approvalSteps)
    .set({ status: 'cancelled' })
    .where(
      and(
        eq(approvalSteps.documentType, doc.type),
        eq(approvalSteps.documentId, doc.id),
        inArray(approvalSteps.status, ['waiting', 'pending']),
      ),
    );
}

/** Every step the document was given, by submission and level: its approval history. */
export async function stepsOf(
  q: Queryable,
  doc: Pick<ApprovalSubject, 'type' | 'id'>,
): Promise<StepRecord[]> {
  const rows = await q
    .select({ s: approvalSteps, name: users.name })
    .from(approvalSteps)
    .leftJoin(users, eq(users.id, approvalSteps.decidedBy))
    .where(and(eq(approvalSteps.documentType, doc.type), eq(approvalSteps.documentId, doc.id)))
    .orderBy(asc(approvalSteps.round), asc(approvalSteps.level));
  return rows.map(({ s, name }) => ({
    id: s.id,
    round: s.round,
    level: s.level,
    role: s.role as Role,
    locationIds: JSON.parse(s.locationIds) as number[],
    status: s.status as StepRecord['status'],
    decidedBy: s.decidedBy,
    decidedByName: name,
    decidedAt: s.decidedAt,
    comment: s.comment,
    client: s.client,
  }));
}

/**
 * The steps of the latest submission: the ones being decided. Who decided an earlier,
 * rejected round may decide the next one.
 */
export function currentRound(steps: readonly StepRecord[]): StepRecord[] {
  const round = Math.max(0, ...steps.map((s) => s.round));
  return steps.filter((s) => s.round === round);
}

/** A new pending step: an event the notification channels deliver to the approvers. */
async function announce(
  tx: Tx,
  ctx: ServiceContext,
  subject: ApprovalSubject,
  step: { level: number; role: string },
) {
  const codes = await tx
    .select({ code: locations.code })
    .from(locations)
    .where(inArray(locations.id, subject.locationIds));
  const [requester] = await tx
    .select({ name: users.name })
    .from(users)
    .where(eq(users.id, subject.requestedBy));
  await publish(tx, ctx.now(), {
    topic: 'approval.requested',
    document: subject,
    payload: {
      documentType: subject.type,
      documentId: subject.id,
      version: subject.version,
      level: step.level,
      role: step.role,
      locations: codes.map((c) => c.code),
      requestedBy: requester?.name ?? null,
      quantity: subject.quantity,
      value: fromE4(subject.valueE4),
    },
  });
}

/**
 * A decision made on an old version (someone changed the document since it was read:
 * `reason: 'stale_version'`), or on a document no longer waiting.
 */
function stale(subject: ApprovalSubject): ServiceError {
  const waiting = subject.status === APPROVAL_KINDS[subject.type].waiting;
  const details = {
    entity: subject.type,
    status: subject.status,
    version: subject.version,
    ...(waiting ? { reason: 'stale_version' } : {}),
  };
  return new ServiceError('invalid_state', { params: details, details });
}
