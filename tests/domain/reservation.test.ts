import { describe, expect, it } from 'vitest';
import { decideHold, effectiveStatus, type HoldState } from '../../core/domain/reservation.js';

const NOW = 1_000_000;
const pending: HoldState = { status: 'pending', quantity: 5, expiresAt: null };

describe('decideHold', () => {
  it.each([
    [
      'commit all',
      pending,
      'commit',
      undefined,
      { ok: true, committed: 5, released: 0, status: 'committed' },
    ],
    [
      'commit part, release the rest',
      pending,
      'commit',
      3,
      { ok: true, committed: 3, released: 2, status: 'committed' },
    ],
    [
      'release',
      pending,
      'release',
      undefined,
      { ok: true, committed: 0, released: 5, status: 'released' },
    ],
    [
      'commit more than held',
      pending,
      'commit',
      6,
      { ok: false, code: 'quantity_exceeds_hold', held: 5 },
    ],
    [
      'commit twice',
      { ...pending, status: 'committed' },
      'commit',
      undefined,
      { ok: false, code: 'invalid_state', status: 'committed' },
    ],
    [
      'release after commit',
      { ...pending, status: 'committed' },
      'release',
      undefined,
      { ok: false, code: 'invalid_state', status: 'committed' },
    ],
    [
      'release twice',
      { ...pending, status: 'released' },
      'release',
      undefined,
      { ok: false, code: 'invalid_state', status: 'released' },
    ],
    [
      'commit an expired hold',
      { ...pending, expiresAt: NOW },
      'commit',
      undefined,
      { ok: false, code: 'invalid_state', status: 'expired' },
    ],
    [
      'commit just before expiry',
      { ...pending, expiresAt: NOW + 1 },
      'commit',
      1,
      { ok: true, committed: 1, released: 4, status: 'committed' },
    ],
  ] as const)('%s', (_name, hold, action, quantity, expected) => {
    expect(decideHold(hold, action, quantity, NOW)).toEqual(expected);
  });

  it('shows a pending hold past its expiry as expired', () => {
    expect(effectiveStatus({ ...pending, expiresAt: NOW - 1 }, NOW)).toBe('expired');
    expect(effectiveStatus({ ...pending, expiresAt: NOW + 1 }, NOW)).toBe('pending');
    expect(effectiveStatus({ ...pending, status: 'committed', expiresAt: NOW - 1 }, NOW)).toBe(
      'committed',
    );
  });
});
