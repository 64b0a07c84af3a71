import { describe, expect, it } from 'vitest';
import {
  evaluateBalance,
  type AlertKind,
  type AlertRule,
  type BalanceFigures,
} from '../../core/domain/alerts.js';

const figures = (
  before: number,
  after: number,
  extra: Partial<BalanceFigures> = {},
): BalanceFigures => ({
  before: { onHand: before, available: before },
  after: { onHand: after, available: after },
  outflows: [],
  day: 100,
  dayInflow: 0,
  dayOutflow: 0,
  dayRefused: 0,
  ...extra,
});
const open = (...kinds: AlertKind[]) => kinds.map((kind) => ({ kind, openedDay: 99 }));
const decided = (rule: AlertRule, f: BalanceFigures, already: ReturnType<typeof open> = []) =>
  evaluateBalance(rule, f, already).map((d) => `${d.action} ${d.kind}`);

describe('evaluateBalance', () => {
  it.each<[string, AlertRule, BalanceFigures, ReturnType<typeof open>, string[]]>([
    ['below min opens', { min: 10 }, figures(12, 9), [], ['open below_min']],
    ['at min does not open', { min: 10 }, figures(12, 10), [], []],
    [
      'open below min stays inside the hysteresis',
      { min: 10 },
      figures(9, 10),
      open('below_min'),
      [],
    ],
    [
      'resolves at min + hysteresis',
      { min: 10 },
      figures(9, 11),
      open('below_min'),
      ['resolve below_min'],
    ],
    ['above max opens', { max: 20 }, figures(20, 21), [], ['open above_max']],
    ['zero stock opens when it goes to 0', {}, figures(3, 0), [], ['open zero_stock']],
    ['zero stock does not open when it was already 0', {}, figures(0, 0), [], []],
    ['zero stock switched off never opens', { zeroStock: false }, figures(3, 0), [], []],
    // A rule that no longer draws a line ends its alert (the min was removed, zero stock switched off).
    ['min removed resolves below_min', {}, figures(5, 5), open('below_min'), ['resolve below_min']],
    [
      'max removed resolves above_max',
      {},
      figures(50, 50),
      open('above_max'),
      ['resolve above_max'],
    ],
    [
      'zero stock switched off resolves it',
      { zeroStock: false },
      figures(0, 0),
      open('zero_stock'),
      ['resolve zero_stock'],
    ],
    [
      'refusals limit removed resolves it',
      {},
      figures(5, 5),
      open('refused_postings'),
      ['resolve refused_postings'],
    ],
    [
      'a large outflow opens',
      {},
      figures(20, 5, { outflows: [{ quantity: 15, onHandBefore: 20 }], dayOutflow: 15 }),
      [],
      ['open large_movement', 'open day_outflow'],
    ],
    [
      'too little on hand for an anomaly',
      {},
      figures(8, 1, { outflows: [{ quantity: 7, onHandBefore: 8 }], dayOutflow: 7 }),
      [],
      [],
    ],
  ])('%s', (_name, rule, f, already, expected) => {
    expect(decided(rule, f, already)).toEqual(expected);
  });
});
