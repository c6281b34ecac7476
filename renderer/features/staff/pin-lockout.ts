/**
 * Sign-in lockout, per staff member and per device: after 5 wrong PINs the member is
 * locked for 5 minutes, doubling with every further lockout that day. Kept in the
 * given storage so a reload does not reset it. Pure apart from that storage.
 */
import type { KeyValueStorage } from '#client/outbox.ts';

export const MAX_ATTEMPTS = 5;
export const BASE_LOCK_MS = 5 * 60_000;

interface State {
  failures: number;
  lockouts: number;
  lockedUntil: number;
}

const key = (staffId: string) => `doorstep.pin.${staffId}`;

function read(storage: KeyValueStorage, staffId: string): State {
  try {
    const s = JSON.parse(storage.getItem(key(staffId)) ?? 'null') as State | null;
    if (s && typeof s.failures === 'number' && typeof s.lockouts === 'number' && typeof s.lockedUntil === 'number')
      return s;
  } catch {
    // damaged entry: start over, which still locks after MAX_ATTEMPTS
  }
  return { failures: 0, lockouts: 0, lockedUntil: 0 };
}

/** Milliseconds the member stays locked, 0 when they may try. */
export function lockedFor(storage: KeyValueStorage, staffId: string, now: number): number {
  return Math.max(0, read(storage, staffId).lockedUntil - now);
}

/** Records a wrong PIN; returns how long the member is now locked (0 if not yet). */
export function recordFailure(storage: KeyValueStorage, staffId: string, now: number): number {
  const s = read(storage, staffId);
  s.failures += 1;
  if (s.failures >= MAX_ATTEMPTS) {
    s.lockouts += 1;
    s.failures = 0;
    s.lockedUntil = now + BASE_LOCK_MS * 2 ** (s.lockouts - 1);
  }
  storage.setItem(key(staffId), JSON.stringify(s));
  return Math.max(0, s.lockedUntil - now);
}

/** A right PIN clears the count. */
export function recordSuccess(storage: KeyValueStorage, staffId: string): void {
  storage.setItem(key(staffId), JSON.stringify({ failures: 0, lockouts: 0, lockedUntil: 0 }));
}

/** Wrong tries left before the lock. */
export function attemptsLeft(storage: KeyValueStorage, staffId: string): number {
  return MAX_ATTEMPTS - read(storage, staffId).failures;
}
