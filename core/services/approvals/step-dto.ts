import { z } from 'zod';
import type { StepRecord } from './engine.js';

export const ApprovalStepDto = z
  .object({
    round: z
      .number()
      .int()
      .describe('Which submission asked for it (a rejected stocktake is resubmitted)'),
    level: z.number().int(),
    role: z.string(),
    status: z.enum(['waiting', 'pending', 'approved', 'rejected', 'cancelled']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    comment: z.string().nullable(),
  })
  .meta({ id: 'ApprovalStep' });
export type ApprovalStepDto = z.infer<typeof ApprovalStepDto>;

export function toStepDto(s: StepRecord): ApprovalStepDto {
  return {
    round: s.round,
    level: s.level,
    role: s.role,
    status: s.status,
    decidedBy: s.decidedByName,
    decidedAt: s.decidedAt === null ? null : new Date(s.decidedAt).toISOString(),
    comment: s.comment,
  };
}

/** A decision: the version of the document it was made on, and why. */
export const DecisionInput = z
  .strictObject({ version: z.number().int().positive(), comment: z.string().max(1000).nullish() })
  .meta({ id: 'DecisionInput' });
export type DecisionInput = z.infer<typeof DecisionInput>;

/** Other transitions may name the version they expect (recommended for clients that show it). */
export const TransitionInput = z
  .strictObject({ version: z.number().int().positive().nullish() })
  .meta({ id: 'TransitionInput' });
export type TransitionInput = z.infer<typeof TransitionInput>;

/** What a decision did: with combined levels one approval may decide several. */
export const DecisionOutcomeDto = z
  .object({
    decision: z.enum(['approved', 'rejected']),
    levels: z.array(z.number().int()).describe('The levels this decision decided, lowest first'),
  })
  .meta({ id: 'DecisionOutcome' });

/** A document's answer to a decision: the document, and what the decision decided. */
export const withDecision = <T extends z.ZodObject>(dto: T) =>
  dto.extend({ decided: DecisionOutcomeDto });
