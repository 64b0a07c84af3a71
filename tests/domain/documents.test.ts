import { describe, expect, it } from 'vitest';
import type { Actor } from '../../core/domain/actor.js';
import {
  eligibility,
  requiredLevels,
  stepsDecided,
  type ApprovalPolicy,
} from '../../core/domain/approval.js';
import {
  canStart,
  heldAtSource,
  inTransit,
  PURCHASE_ORDER_MACHINE,
  PURCHASE_ORDER_STATUSES,
  receivableAtMost,
  receivedStatus,
  TRANSFER_MACHINE,
  TRANSFER_STATUSES,
} from '../../core/domain/documents.js';
import { E4, mergedAverageE4, movingAverageE4, toE4 } from '../../core/domain/money.js';

describe('transfer state machine', () => {
  const allowed: Record<string, string[]> = {
    submit: ['draft'],
    approve: ['pending_approval', 'loss_pending_approval'],
    reject: ['pending_approval', 'loss_pending_approval'],
    cancel: ['draft', 'pending_approval', 'approved'],
    expire: ['pending_approval'],
    ship: ['approved', 'in_transit', 'partially_received'],
    receive: ['in_transit', 'partially_received'],
    close: ['in_transit', 'partially_received'],
  };
  for (const [action, from] of Object.entries(allowed)) {
    it.each(TRANSFER_STATUSES.map((s) => [s, from.includes(s)] as const))(
      `${action} from %s: %s`,
      (status, ok) => {
        expect(canStart(TRANSFER_MACHINE, action as keyof typeof TRANSFER_MACHINE, status)).toBe(
          ok,
        );
      },
    );
  }

  it('counts what is held at the source and what is in transit per line', () => {
    expect(heldAtSource({ quantity: 10, shipped: 6, released: 1 })).toBe(3);
    expect(inTransit({ shipped: 6, received: 2, lost: 1 })).toBe(3);
  });

  it('says received only when every line is in', () => {
    expect(
      receivedStatus([
        { expected: 5, received: 5 },
        { expected: 2, received: 2 },
      ]),
    ).toBe('received');
    expect(
      receivedStatus([
        { expected: 5, received: 4 },
        { expected: 2, received: 2 },
      ]),
    ).toBe('partially_received');
  });

  it('lets purchase orders be received only once approved', () => {
    expect(canStart(PURCHASE_ORDER_MACHINE, 'receive', 'pending_approval')).toBe(false);
    expect(canStart(PURCHASE_ORDER_MACHINE, 'receive', 'approved')).toBe(true);
    expect(canStart(PURCHASE_ORDER_MACHINE, 'cancel', 'partially_received')).toBe(false);
  });
});

describe('purchase order state machine', () => {
  const allowed: Record<keyof typeof PURCHASE_ORDER_MACHINE, string[]> = {
    edit: ['draft'],
    submit: ['draft'],
    approve: ['pending_approval'],
    reject: ['pending_approval'],
    cancel: ['draft', 'pending_approval', 'approved'],
    receive: ['approved', 'partially_received'],
    close: ['partially_received'],
  };
  for (const [action, from] of Object.entries(allowed)) {
    it.each(PURCHASE_ORDER_STATUSES.map((s) => [s, from.includes(s)] as const))(
      `${action} from %s: %s`,
      (status, ok) => {
        expect(
          canStart(PURCHASE_ORDER_MACHINE, action as keyof typeof PURCHASE_ORDER_MACHINE, status),
        ).toBe(ok);
      },
    );
  }

  it.each([
    [10, 0, 10],
    [10, 10, 11],
    [15, 10, 16], // 1.5 rounds down: a tolerance never lets half a unit more in
    [24, 10, 26],
    [7, 100, 14],
  ])('a line of %i with a %i %% tolerance receives at most %i', (ordered, percent, most) => {
    expect(receivableAtMost(ordered, percent)).toBe(most);
  });
});

describe('approval policy', () => {
  const po: ApprovalPolicy = {
    levels: [
      { minValue: 5000, role: 'manager' },
      { minValue: 20000, role: 'admin' },
    ],
  };
  it.each([
    [3000, []],
    [5000, []],
    [5000.01, ['manager']],
    [8000, ['manager']],
    [20000, ['manager']],
    [25000, ['manager', 'admin']],
  ])('a purchase order worth %d needs %j', (value, roles) => {
    expect(
      requiredLevels(po, { quantity: 1, valueE4: Math.round(value * E4) }).map((l) => l.role),
    ).toEqual(roles);
  });

  it('applies a level when every condition it states holds', () => {
    const policy: ApprovalPolicy = {
      levels: [
        { minQuantity: 100, role: 'manager' },
        { role: 'clerk' },
        { minQuantity: 10, minValue: 10, role: 'admin' },
      ],
    };
    expect(requiredLevels(policy, { quantity: 50, valueE4: 0 }).map((l) => l.role)).toEqual([
      'clerk',
    ]);
    expect(requiredLevels(policy, { quantity: 150, valueE4: 11 * E4 }).map((l) => l.role)).toEqual([
      'manager',
      'clerk',
      'admin',
    ]);
    expect(requiredLevels(undefined, { quantity: 1e6, valueE4: 1e12 })).toEqual([]);
  });
});

describe('eligibility', () => {
  const actor = (id: number, role: Actor['role'], locationIds: number[] | null): Actor => ({
    id,
    name: `u${id}`,
    role,
    locationIds,
  });
  const step = { role: 'manager' as const, locationIds: [1, 2] };
  const doc = { requestedBy: 9, decidedBy: [7] };
  it.each([
    ['a manager of one of the locations', actor(1, 'manager', [2]), 'ok'],
    ['an unscoped manager', actor(1, 'manager', null), 'ok'],
    ['an admin anywhere', actor(1, 'admin', [5]), 'ok'],
    ['a manager elsewhere', actor(1, 'manager', [3]), 'location_out_of_scope'],
    ['a clerk', actor(1, 'clerk', null), 'role_too_low'],
    ['the requester, even an admin', actor(9, 'admin', null), 'own_document'],
    ['someone who decided an earlier level', actor(7, 'admin', null), 'already_decided'],
  ])('%s → %s', (_name, who, expected) => {
    expect(eligibility(who, step, doc)).toBe(expected);
  });
});

describe('steps one approval decides', () => {
  const actor = (id: number, role: Actor['role'], locationIds: number[] | null): Actor => ({
    id,
    name: `u${id}`,
    role,
    locationIds,
  });
  const levels = [
    { level: 0, role: 'manager' as const, locationIds: [1] },
    { level: 1, role: 'admin' as const, locationIds: [1] },
    { level: 2, role: 'manager' as const, locationIds: [1] },
  ];
  const doc = { requestedBy: 9, decidedBy: [] };
  it.each([
    [
      'an admin, combined: every level',
      actor(1, 'admin', null),
      { approve: true, combine: true },
      [0, 1, 2],
    ],
    [
      'a manager, combined: up to the admin level',
      actor(2, 'manager', [1]),
      { approve: true, combine: true },
      [0],
    ],
    [
      'an admin, not combined: the pending level',
      actor(1, 'admin', null),
      { approve: true, combine: false },
      [0],
    ],
    [
      'a rejection: the pending level',
      actor(1, 'admin', null),
      { approve: false, combine: true },
      [0],
    ],
  ])('%s', (_name, who, options, expected) => {
    expect(stepsDecided(who, levels, doc, options).map((s) => s.level)).toEqual(expected);
  });
  it('continues from where the round is', () => {
    expect(
      stepsDecided(
        actor(1, 'admin', null),
        levels.slice(1),
        { requestedBy: 9, decidedBy: [2] },
        { approve: true, combine: true },
      ).map((s) => s.level),
    ).toEqual([1, 2]);
  });
});

describe('money', () => {
  it('keeps four decimals exactly and refuses more', () => {
    expect(toE4(12.5)).toBe(125_000);
    expect(toE4(0.0001)).toBe(1);
    expect(toE4(19.99)).toBe(199_900);
    expect(toE4(0.00001)).toBeUndefined();
  });

  it('averages the cost of what is on hand with what arrives', () => {
    expect(movingAverageE4({ onHand: 10, avgE4: 100_000 }, { quantity: 10, costE4: 200_000 })).toBe(
      150_000,
    );
    expect(movingAverageE4({ onHand: 0, avgE4: 100_000 }, { quantity: 5, costE4: 80_000 })).toBe(
      80_000,
    );
    expect(movingAverageE4({ onHand: 3, avgE4: null }, { quantity: 5, costE4: 80_000 })).toBe(
      80_000,
    );
  });
});

describe('merged unit cost', () => {
  it.each([
    [{ onHand: 10, avgE4: 100_000 }, { onHand: 30, avgE4: 200_000 }, 175_000],
    [{ onHand: 10, avgE4: null }, { onHand: 30, avgE4: 200_000 }, 200_000],
    [{ onHand: 0, avgE4: 100_000 }, { onHand: 30, avgE4: 200_000 }, 200_000],
    [{ onHand: 10, avgE4: 100_000 }, { onHand: 0, avgE4: 200_000 }, 100_000],
    [{ onHand: 0, avgE4: null }, { onHand: 0, avgE4: null }, null],
  ])('%o + %o → %s', (a, b, expected) => {
    expect(mergedAverageE4(a, b)).toBe(expected);
  });
});
