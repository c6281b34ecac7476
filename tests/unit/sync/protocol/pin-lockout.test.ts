import { describe, expect, it } from 'vitest';
import {
  attemptPin,
  INITIAL_LOCKOUT_STATE,
  isLockoutState,
  lockStatus,
  recordWrongPin,
  type LockoutState,
} from '#protocol/pin-lockout.ts';

const MIN = 60_000;
const right = async () => true;
const wrong = async () => false;

describe('PIN lockout (staff and technician)', () => {
  it('locks for 5 minutes after 5 wrong PINs, counting down the tries left', async () => {
    let state: LockoutState = INITIAL_LOCKOUT_STATE;
    const outcomes: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      const result = await attemptPin(state, 0, wrong);
      state = result.state;
      const { state: _s, ...outcome } = result;
      outcomes.push(outcome);
    }
    expect(outcomes).toEqual([
      { outcome: 'wrong-pin', attemptsLeft: 4 },
      { outcome: 'wrong-pin', attemptsLeft: 3 },
      { outcome: 'wrong-pin', attemptsLeft: 2 },
      { outcome: 'wrong-pin', attemptsLeft: 1 },
      { outcome: 'locked-out', retryAfterMs: 5 * MIN },
    ]);
  });

  it('does not even check a PIN while locked, and leaves the state as it was', async () => {
    const locked: LockoutState = { failedAttempts: 0, lockouts: 1, lockedUntil: 5 * MIN };
    let checked = false;
    const result = await attemptPin(locked, 4 * MIN, async () => (checked = true));
    expect(checked).toBe(false);
    expect(result).toMatchObject({ outcome: 'locked-out', retryAfterMs: 1 * MIN });
    expect(result.state).toBe(locked);
    expect(await attemptPin(locked, 5 * MIN, right)).toEqual({ outcome: 'unlocked', state: INITIAL_LOCKOUT_STATE });
  });

  it('doubles each further lockout (5, 10, 20 … minutes), capped at an hour, with no reset but a right PIN', () => {
    let state: LockoutState = INITIAL_LOCKOUT_STATE;
    let now = 0;
    const lockMinutes: number[] = [];
    for (let round = 0; round < 7; round++) {
      for (let i = 0; i < 5; i++) state = recordWrongPin(state, now);
      lockMinutes.push(((state.lockedUntil as number) - now) / MIN);
      // Waiting a whole day out does not start the doubling over.
      now = (state.lockedUntil as number) + 24 * 60 * MIN;
    }
    expect(lockMinutes).toEqual([5, 10, 20, 40, 60, 60, 60]);
  });

  it('never reports a lock longer than the cap, even when the clock is set back', () => {
    const state: LockoutState = { failedAttempts: 0, lockouts: 1, lockedUntil: 10 * 24 * 60 * MIN };
    expect(lockStatus(state, 0)).toEqual({ locked: true, retryAfterMs: 60 * MIN });
  });

  it('tells a damaged saved state from a real one', () => {
    expect(isLockoutState(INITIAL_LOCKOUT_STATE)).toBe(true);
    expect(isLockoutState({ failedAttempts: 2, lockouts: 0, lockedUntil: 1000 })).toBe(true);
    for (const bad of [null, 'x', {}, { failedAttempts: '2', lockouts: 0, lockedUntil: null }])
      expect(isLockoutState(bad)).toBe(false);
  });
});
