import type { Actor, Role } from './actor.js';
import { E4 } from './money.js';

/**
 * One level of an approval policy. It applies to a document when every condition it
 * states holds ("over" means strictly more); a level with no condition always applies.
 * `role` must approve: that role or a higher one (an admin may approve a manager's
 * level), with a scope that covers one of the document's locations.
 */
export interface ApprovalLevel {
  minQuantity?: number | undefined;
  /** In currency units (quantity × unit cost). */
  minValue?: number | undefined;
  /**
   * Stocktake variances only: |counted − book| as a percentage of the book quantity
   * (a line counted on a book of 0 is over every percentage).
   */
  minVariancePercent?: number | undefined;
  role: Exclude<Role, 'viewer'>;
}

export interface ApprovalPolicy {
  levels: readonly ApprovalLevel[];
  /**
   * Default true: a decider eligible for several levels in a row decides them with one
   * approval (a shop with one owner is never stuck). False: every level needs its own person.
   */
  combineLevels?: boolean | undefined;
  /** A document still waiting after this long is cancelled (transfers). */
  expiryHours?: number | null | undefined;
}

/**
 * The levels a document with these totals needs, in order.
 *
 * @example
 * // Purchase orders over 5,000 need a manager; over 20,000 also an admin.
 * const policy = { levels: [{ minValue: 5000, role: 'manager' }, { minValue: 20000, role: 'admin' }] };
 * requiredLevels(policy, { quantity: 10, valueE4: 8_000 * E4 })  // → [{ level: 0, role: 'manager' }]
 * requiredLevels(policy, { quantity: 10, valueE4: 25_000 * E4 }) // → manager, then admin
 */
export function requiredLevels(
  policy: ApprovalPolicy | undefined,
  totals: { quantity: number; valueE4: number; percent?: number | null | undefined },
): Array<{ level: number; role: ApprovalLevel['role'] }> {
  if (!policy) return [];
  return policy.levels.flatMap((l, level) => {
    const byQuantity = l.minQuantity === undefined || totals.quantity > l.minQuantity;
    const byValue = l.minValue === undefined || totals.valueE4 > Math.round(l.minValue * E4);
    const byPercent =
      l.minVariancePercent === undefined ||
      totals.percent === undefined ||
      (totals.percent === null ? totals.quantity > 0 : totals.percent > l.minVariancePercent);
    return byQuantity && byValue && byPercent ? [{ level, role: l.role }] : [];
  });
}

/**
 * The levels a document judged line by line needs: a level applies when at least one
 * line meets every condition it states. Quantities and values are compared as sizes
 * (a shortage of 8 is as large as a surplus of 8); `percent` null means the line's
 * book was 0.
 *
 * @example
 * // Stocktake lines over 10 % need a manager.
 * const policy = { levels: [{ minVariancePercent: 10, role: 'manager' }] };
 * requiredLevelsForLines(policy, [{ quantity: -1, valueE4: 0, percent: -5 }])   // → []
 * requiredLevelsForLines(policy, [{ quantity: -3, valueE4: 0, percent: -30 }])  // → [{ level: 0, role: 'manager' }]
 */
export function requiredLevelsForLines(
  policy: ApprovalPolicy | undefined,
  lines: ReadonlyArray<{ quantity: number; valueE4: number; percent: number | null }>,
): Array<{ level: number; role: ApprovalLevel['role'] }> {
  const wanted = new Map<number, ApprovalLevel['role']>();
  for (const line of lines) {
    const size = {
      quantity: Math.abs(line.quantity),
      valueE4: Math.abs(line.valueE4),
      percent: line.percent === null ? null : Math.abs(line.percent),
    };
    for (const l of requiredLevels(policy, size)) wanted.set(l.level, l.role);
  }
  return [...wanted].sort(([a], [b]) => a - b).map(([level, role]) => ({ level, role }));
}

const RANK: Record<Role, number> = { viewer: 0, clerk: 1, manager: 2, admin: 3 };

export type Eligibility =
  | 'ok'
  | 'own_document'
  | 'already_decided'
  | 'role_too_low'
  | 'location_out_of_scope';

/**
 * May this actor decide this step? Never on their own document (separation of
 * duties), never twice on one document (two levels need two people).
 */
export function eligibility(
  actor: Actor,
  step: { role: Role; locationIds: readonly number[] },
  document: { requestedBy: number; decidedBy: readonly number[] },
): Eligibility {
  if (actor.id === document.requestedBy) return 'own_document';
  if (document.decidedBy.includes(actor.id)) return 'already_decided';
  if (RANK[actor.role] < RANK[step.role]) return 'role_too_low';
  if (actor.role === 'admin' || actor.locationIds === null) return 'ok';
  return step.locationIds.some((id) => actor.locationIds!.includes(id))
    ? 'ok'
    : 'location_out_of_scope';
}

/**
 * The steps one approval decides: the pending one, and when the policy combines levels,
 * each next waiting step this actor may also decide, in order, up to the first they may
 * not. A rejection decides the pending step only (it ends the round).
 *
 * @example
 * // An owner (admin) approving a manager level followed by an admin level decides both.
 * stepsDecided(owner, [{ level: 0, role: 'manager', … }, { level: 1, role: 'admin', … }], doc, { approve: true, combine: true }) // → both
 */
export function stepsDecided<S extends { role: Role; locationIds: readonly number[] }>(
  actor: Actor,
  /** The pending step first, then the waiting ones in level order. */
  open: readonly S[],
  document: { requestedBy: number; decidedBy: readonly number[] },
  options: { approve: boolean; combine: boolean },
): S[] {
  const [pending, ...waiting] = open;
  if (!pending) return [];
  const decided = [pending];
  if (!options.approve || !options.combine) return decided;
  for (const step of waiting) {
    if (eligibility(actor, step, document) !== 'ok') break;
    decided.push(step);
  }
  return decided;
}
