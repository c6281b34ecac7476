/**
 * The PIN lockout, one policy for every PIN on a device (a staff member's sign-in,
 * the technician's settings PIN): 5 wrong PINs lock for 5 minutes, each further
 * lockout doubles it, capped at an hour, and only a right PIN clears the count —
 * there is no daily reset, so waiting out the locks buys at most 5 guesses an hour.
 * While locked the PIN is not even compared, so guessing during a lock teaches
 * nothing. The state is plain JSON for the caller to persist (a reload or restart
 * must not reset a lock). Pure and runtime-free: no storage, no clock, no crypto.
 */

/** Tuning; DEFAULT_LOCKOUT_POLICY is what devices use. */
export interface LockoutPolicy {
  maxAttempts: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
}

export const DEFAULT_LOCKOUT_POLICY: LockoutPolicy = Object.freeze({
  maxAttempts: 5,
  firstLockoutMs: 5 * 60_000,
  maxLockoutMs: 60 * 60_000,
});

/** Failed attempts and lockouts of one PIN holder; never holds the PIN. */
export interface LockoutState {
  /** Wrong PINs since the last lockout or right PIN. */
  failedAttempts: number;
  /** Lockouts since the last right PIN; each lasts twice as long as the one before (up to the cap). */
  lockouts: number;
  /** When the current lockout ends (ms since the epoch), or null. */
  lockedUntil: number | null;
}

/** Nobody has tried a PIN yet, or the last PIN was right. */
export const INITIAL_LOCKOUT_STATE: LockoutState = Object.freeze({ failedAttempts: 0, lockouts: 0, lockedUntil: null });

/** The outcome of one PIN entry. */
export type PinAttemptOutcome =
  | { outcome: 'unlocked' }
  | { outcome: 'wrong-pin'; attemptsLeft: number }
  | { outcome: 'locked-out'; retryAfterMs: number };

/** Whether a persisted value is a lockout state (a damaged entry is not). */
export function isLockoutState(value: unknown): value is LockoutState {
  const v = value as Record<string, unknown> | null;
  return (
    typeof v === 'object' &&
    v !== null &&
    Number.isInteger(v.failedAttempts) &&
    Number.isInteger(v.lockouts) &&
    (v.lockedUntil === null || typeof v.lockedUntil === 'number')
  );
}

/** Whether the holder is locked at `now`, and for how much longer. */
export function lockStatus(
  state: LockoutState,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): { locked: boolean; retryAfterMs: number } {
  if (state.lockedUntil === null || state.lockedUntil <= now) return { locked: false, retryAfterMs: 0 };
  // A clock set back by hours must not lock someone out for hours: never more than the cap.
  return { locked: true, retryAfterMs: Math.min(state.lockedUntil - now, policy.maxLockoutMs) };
}

/** The state after a wrong PIN: counts it, and locks after `maxAttempts`. */
export function recordWrongPin(
  state: LockoutState,
  now: number,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): LockoutState {
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < policy.maxAttempts) return { failedAttempts, lockouts: state.lockouts, lockedUntil: null };
  const duration = Math.min(policy.maxLockoutMs, policy.firstLockoutMs * 2 ** state.lockouts);
  return { failedAttempts: 0, lockouts: state.lockouts + 1, lockedUntil: now + duration };
}

/**
 * One PIN entry under the lockout. While locked, `verify` is not called and the
 * very same state object comes back (nothing to persist). Returns the new state.
 */
export async function attemptPin(
  state: LockoutState,
  now: number,
  verify: () => Promise<boolean>,
  policy: LockoutPolicy = DEFAULT_LOCKOUT_POLICY,
): Promise<{ state: LockoutState } & PinAttemptOutcome> {
  const lock = lockStatus(state, now, policy);
  if (lock.locked) return { state, outcome: 'locked-out', retryAfterMs: lock.retryAfterMs };
  if (await verify()) return { state: { ...INITIAL_LOCKOUT_STATE }, outcome: 'unlocked' };
  const next = recordWrongPin(state, now, policy);
  const after = lockStatus(next, now, policy);
  return after.locked
    ? { state: next, outcome: 'locked-out', retryAfterMs: after.retryAfterMs }
    : { state: next, outcome: 'wrong-pin', attemptsLeft: policy.maxAttempts - next.failedAttempts };
}
