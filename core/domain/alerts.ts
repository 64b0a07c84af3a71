/**
 * When stock alerts open and resolve. Pure: given a balance's figures before and
 * after a change, the rule that applies and the alerts already open, it says which
 * alerts to open and which to resolve.
 *
 * - `below_min`: available < min; resolves only once available ≥ min + hysteresis
 *   (default 10% of min, at least 1), so an alert does not flap around the line.
 * - `above_max`: on hand > max; resolves once on hand ≤ max − hysteresis.
 * - `zero_stock`: on hand went to 0; resolves once there is stock again.
 * - `large_movement`: one outgoing movement took more than `outflowPercent` (default
 *   50%) of what was on hand; `day_outflow`: the day's net outflow did.
 * - `refused_postings`: more than `refusedPerDay` postings were refused for lack of
 *   stock in a day.
 * The last three are about a day: they resolve on a later day when it is calm again.
 * Outflow anomalies are judged only where at least `anomalyMinOnHand` (default 10) was
 * on hand, so selling the last two units of a slow item is not an anomaly.
 */

export const ALERT_KINDS = [
  'below_min',
  'above_max',
  'zero_stock',
  'large_movement',
  'day_outflow',
  'refused_postings',
  'expiring',
  'expired',
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export const ALERT_STATUSES = ['open', 'acknowledged', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

export interface AlertRule {
  min?: number | null;
  max?: number | null;
  hysteresis?: number | null;
  outflowPercent?: number | null;
  zeroStock?: boolean | null;
  refusedPerDay?: number | null;
  anomalyMinOnHand?: number | null;
}

/** Applies where no rule does. */
export const DEFAULT_RULE: {
  outflowPercent: number;
  zeroStock: boolean;
  anomalyMinOnHand: number;
} = {
  outflowPercent: 50,
  zeroStock: true,
  anomalyMinOnHand: 10,
};

export interface BalanceFigures {
  before: { onHand: number; available: number };
  after: { onHand: number; available: number };
  /** Each outgoing movement: its quantity and what was on hand just before it. */
  outflows: ReadonlyArray<{ quantity: number; onHandBefore: number }>;
  /** The day the change belongs to, and that day's totals including it. */
  day: number;
  dayInflow: number;
  dayOutflow: number;
  dayRefused: number;
}

export interface OpenAlert {
  kind: AlertKind;
  /** The day it opened (for the day-bound kinds). */
  openedDay: number;
}

export type AlertDecision =
  | { action: 'open'; kind: AlertKind; details: Record<string, number> }
  | { action: 'resolve'; kind: AlertKind; details: Record<string, number> };

export function hysteresisOf(rule: AlertRule, line: number): number {
  return rule.hysteresis ?? Math.max(1, Math.ceil(line * 0.1));
}

/**
 * @example
 * evaluateBalance({ min: 10 }, { before: { onHand: 12, available: 12 }, after: { onHand: 9, available: 9 }, … }, [])
 * // → [{ action: 'open', kind: 'below_min', details: { available: 9, min: 10 } }]
 */
export function evaluateBalance(
  rule: AlertRule,
  f: BalanceFigures,
  open: readonly OpenAlert[],
): AlertDecision[] {
  const decisions: AlertDecision[] = [];
  const isOpen = (kind: AlertKind) => open.find((a) => a.kind === kind);
  const decide = (
    kind: AlertKind,
    opens: boolean,
    resolves: boolean,
    details: Record<string, number>,
  ) => {
    if (isOpen(kind)) {
      if (resolves) decisions.push({ action: 'resolve', kind, details });
    } else if (opens) decisions.push({ action: 'open', kind, details });
  };

  // An alert whose line no rule draws any more (the min was removed) is over.
  const noLonger = (kind: AlertKind, details: Record<string, number>) =>
    decide(kind, false, true, details);

  if (rule.min != null) {
    const back = rule.min + hysteresisOf(rule, rule.min);
    decide('below_min', f.after.available < rule.min, f.after.available >= back, {
      available: f.after.available,
      min: rule.min,
      resolvesAt: back,
    });
  } else noLonger('below_min', { available: f.after.available });
  if (rule.max != null) {
    const back = rule.max - hysteresisOf(rule, rule.max);
    decide('above_max', f.after.onHand > rule.max, f.after.onHand <= back, {
      onHand: f.after.onHand,
      max: rule.max,
      resolvesAt: back,
    });
  } else noLonger('above_max', { onHand: f.after.onHand });
  if (rule.zeroStock ?? DEFAULT_RULE.zeroStock) {
    decide('zero_stock', f.after.onHand === 0 && f.before.onHand > 0, f.after.onHand > 0, {
      onHand: f.after.onHand,
    });
  } else noLonger('zero_stock', { onHand: f.after.onHand });

  const percent = rule.outflowPercent ?? DEFAULT_RULE.outflowPercent;
  const floor = rule.anomalyMinOnHand ?? DEFAULT_RULE.anomalyMinOnHand;
  const laterDay = (kind: AlertKind) => (isOpen(kind)?.openedDay ?? f.day) < f.day;
  const big = f.outflows.find(
    (o) => o.onHandBefore >= floor && o.quantity * 100 > o.onHandBefore * percent,
  );
  decide('large_movement', big !== undefined, big === undefined && laterDay('large_movement'), {
    quantity: big?.quantity ?? 0,
    onHandBefore: big?.onHandBefore ?? 0,
    percent,
  });
  const netOut = f.dayOutflow - f.dayInflow;
  const startOfDay = f.after.onHand + netOut;
  const heavyDay = startOfDay >= floor && netOut * 100 > startOfDay * percent;
  decide('day_outflow', heavyDay, !heavyDay && laterDay('day_outflow'), {
    netOutflow: netOut,
    onHandAtDayStart: startOfDay,
    percent,
  });

  if (rule.refusedPerDay != null) {
    const many = f.dayRefused > rule.refusedPerDay;
    decide('refused_postings', many, !many && laterDay('refused_postings'), {
      refused: f.dayRefused,
      limit: rule.refusedPerDay,
    });
  } else noLonger('refused_postings', { refused: f.dayRefused });
  return decisions;
}

export const DAY_MS = 86_400_000;
/** The UTC day number of an instant (tests and tools). The service's days are the shop's: `localDay(ms, zone)` in core/domain/time.ts. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}
