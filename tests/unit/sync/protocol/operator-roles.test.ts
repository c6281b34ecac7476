/** Who may change what, and when sign-in stops listening: the pure rules the console API applies. */
import { describe, expect, it } from 'vitest';
import { canAdminister, canChange, canSeeStation, visibleStreet, type Operator } from '#protocol/operator-roles.ts';
import {
  FAILURE_WINDOW_MS,
  MAX_ACCOUNT_FAILURES,
  MAX_ADDRESS_FAILURES,
  locksAfterFailure,
  signInGate,
} from '#server/console/sign-in-policy.ts';

const op = (role: Operator['role'], street = ''): Operator => ({
  id: 1,
  username: 'x',
  displayName: 'x',
  role,
  street,
});

describe('operator roles', () => {
  it('gives a street supervisor its own street and nothing else', () => {
    const huamu = op('supervisor', '花木街道');
    expect(visibleStreet(huamu)).toBe('花木街道');
    expect(canSeeStation(huamu, '花木街道')).toBe(true);
    expect(canSeeStation(huamu, '陆家嘴街道')).toBe(false);
    expect(canChange(huamu, '花木街道')).toBe(true);
    expect(canChange(huamu, '陆家嘴街道')).toBe(false);
    // District-wide items, and stations without a street, are not a supervisor's.
    expect(canChange(huamu, null)).toBe(false);
    expect(canChange(op('supervisor', ''), '')).toBe(false);
    expect(canAdminister(huamu)).toBe(false);
  });

  it('lets a viewer see everything and change nothing, and the administrator do all', () => {
    expect(visibleStreet(op('viewer'))).toBeNull();
    expect(canChange(op('viewer'), '花木街道')).toBe(false);
    expect(canChange(op('viewer'), null)).toBe(false);
    expect(canChange(op('admin'), null)).toBe(true);
    expect(canAdminister(op('admin'))).toBe(true);
  });
});

describe('sign-in gate', () => {
  const now = 1_000_000_000;
  it('counts down the tries left and locks at the limit', () => {
    expect(signInGate({ accountFailures: 0, addressFailures: 0, lockedUntil: null, now })).toEqual({
      allowed: true,
      attemptsLeft: MAX_ACCOUNT_FAILURES,
    });
    expect(locksAfterFailure(MAX_ACCOUNT_FAILURES - 1)).toBe(false);
    expect(locksAfterFailure(MAX_ACCOUNT_FAILURES)).toBe(true);
  });

  it('refuses while locked, and again after the lock only if the address keeps failing', () => {
    expect(signInGate({ accountFailures: 0, addressFailures: 0, lockedUntil: now + 60_000, now })).toEqual({
      allowed: false,
      reason: 'locked',
      retryAfterMs: 60_000,
    });
    expect(signInGate({ accountFailures: 0, addressFailures: 0, lockedUntil: now - 1, now }).allowed).toBe(true);
    expect(signInGate({ accountFailures: 0, addressFailures: MAX_ADDRESS_FAILURES, lockedUntil: null, now })).toEqual({
      allowed: false,
      reason: 'throttled',
      retryAfterMs: FAILURE_WINDOW_MS,
    });
  });
});
