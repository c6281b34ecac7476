/**
 * When sign-in is refused before the password is even checked. Pure, so the
 * numbers are tested on their own; the repository supplies the counts from the
 * database, so every server instance enforces the same limits.
 */

/** Wrong passwords for one account within the window before it locks. */
export const MAX_ACCOUNT_FAILURES = 5;
/** Wrong passwords from one address within the window before it is throttled (many accounts, one attacker). */
export const MAX_ADDRESS_FAILURES = 20;
export const FAILURE_WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

export type SignInGate =
  | { allowed: true; attemptsLeft: number }
  | { allowed: false; reason: 'locked'; retryAfterMs: number }
  | { allowed: false; reason: 'throttled'; retryAfterMs: number };

export interface SignInCounts {
  /** Failures of this username within the window. */
  accountFailures: number;
  /** Failures from this address within the window. */
  addressFailures: number;
  /** When the account's lock ends (epoch ms), or null. */
  lockedUntil: number | null;
  now: number;
}

export function signInGate(counts: SignInCounts): SignInGate {
  if (counts.lockedUntil !== null && counts.lockedUntil > counts.now)
    return { allowed: false, reason: 'locked', retryAfterMs: counts.lockedUntil - counts.now };
  if (counts.addressFailures >= MAX_ADDRESS_FAILURES)
    return { allowed: false, reason: 'throttled', retryAfterMs: FAILURE_WINDOW_MS };
  return { allowed: true, attemptsLeft: Math.max(0, MAX_ACCOUNT_FAILURES - counts.accountFailures) };
}

/** After one more failure: whether the account now locks. */
export function locksAfterFailure(accountFailuresIncludingThis: number): boolean {
  return accountFailuresIncludingThis >= MAX_ACCOUNT_FAILURES;
}
