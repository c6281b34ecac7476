/**
 * The technician guard: quitting the kiosk and opening its settings need the
 * technician PIN; devtools never open in production, PIN or not (they would
 * give whoever holds the PIN a full shell into the app and its credential).
 *
 * The PIN is stored only as a salted scrypt hash (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`)
 * and compared in constant time. A 6–12 digit PIN is guessable offline by
 * anyone who steals the hash, so the hash mainly keeps the PIN out of backups
 * and diagnostics; against a person at the screen the lockout does the work:
 * 5 wrong tries lock the guard for 5 minutes, each further lockout doubles it
 * (capped at an hour), and only a correct PIN resets the count. The lock state
 * is plain JSON: main must persist it, or a restart would wipe the lockout.
 *
 * Pure apart from node:crypto; no Electron, no files.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PinCheck } from '#ipc/contract.ts';

/** What the guard decides about. */
export type GuardedAction = 'quit-app' | 'open-settings' | 'open-devtools';

/** Failed attempts and lockouts; JSON-serializable, persisted by main. Never holds the PIN. */
export interface GuardState {
  /** Wrong PINs since the last lockout or success. */
  failedAttempts: number;
  /** Lockouts since the last success; each one lasts twice as long as the one before. */
  lockouts: number;
  /** When the current lockout ends (ms since the epoch), or null. */
  lockedUntil: number | null;
  /** Until when a verified technician may quit or use settings without a new PIN. */
  sessionUntil: number | null;
}

/** Tuning; every field has a default (DEFAULT_GUARD_POLICY). */
export interface GuardPolicy {
  maxAttempts: number;
  firstLockoutMs: number;
  maxLockoutMs: number;
  /** How long a correct PIN keeps the technician signed in. */
  sessionMs: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  maxAttempts: 5,
  firstLockoutMs: 5 * 60_000,
  maxLockoutMs: 60 * 60_000,
  sessionMs: 5 * 60_000,
};

/** The state of a device that never saw a PIN attempt. */
export const INITIAL_GUARD_STATE: GuardState = Object.freeze({
  failedAttempts: 0,
  lockouts: 0,
  lockedUntil: null,
  sessionUntil: null,
});

/** scrypt cost: N = 2^15, r = 8 (32 MiB, ~50–100 ms on a station PC). */
const SCRYPT = { ln: 15, r: 8, p: 1, keyLength: 32, saltLength: 16 } as const;
/** Bounds accepted when reading a stored hash, so an edited file cannot make verification allocate gigabytes. */
const SCRYPT_LIMITS = { ln: [10, 20], r: [1, 32], p: [1, 4] } as const;
const HASH_FORMAT = /^\$scrypt\$ln=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+={0,2})\$([A-Za-z0-9+/]+={0,2})$/;

/** Why a PIN is not acceptable as a new technician PIN, or null when it is. */
export function checkNewPin(pin: string): string | null {
  if (!/^\d{6,12}$/.test(pin)) return 'the PIN must be 6 to 12 digits';
  if (/^(\d)\1+$/.test(pin)) return 'the PIN must not be one digit repeated';
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - (digits[i] as number) + 10) % 10));
  if (steps.size === 1 && (steps.has(1) || steps.has(9))) return 'the PIN must not be a run like 123456 or 987654';
  return null;
}

function scryptAsync(pin: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(pin.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function scryptOptions(ln: number, r: number, p: number): ScryptOptions {
  // Node's default maxmem (32 MiB) is exactly N·r·128 at ln=15, r=8 and fails; allow twice the need.
  return { N: 2 ** ln, r, p, maxmem: 2 * 128 * 2 ** ln * r * p + 1024 * 1024 };
}

/** Hashes a new technician PIN for storage; throws when the PIN is too weak (checkNewPin). */
export async function hashPin(pin: string): Promise<string> {
  const problem = checkNewPin(pin);
  if (problem) throw new Error(problem);
  const salt = randomBytes(SCRYPT.saltLength);
  const key = await scryptAsync(pin, salt, SCRYPT.keyLength, scryptOptions(SCRYPT.ln, SCRYPT.r, SCRYPT.p));
  return `$scrypt$ln=${SCRYPT.ln},r=${SCRYPT.r},p=${SCRYPT.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

function inRange(value: number, [min, max]: readonly [number, number]): boolean {
  return Number.isInteger(value) && value >= min && value <= max;
}

/** Whether `pin` matches a stored hash; false for a malformed or out-of-bounds hash. Constant-time compare. */
export async function verifyPin(pin: string, storedHash: string): Promise<boolean> {
  const match = HASH_FORMAT.exec(storedHash);
  if (!match) return false;
  const [ln, r, p] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (!inRange(ln, SCRYPT_LIMITS.ln) || !inRange(r, SCRYPT_LIMITS.r) || !inRange(p, SCRYPT_LIMITS.p)) return false;
  const salt = Buffer.from(match[4] as string, 'base64');
  const expected = Buffer.from(match[5] as string, 'base64');
  // Exact key length: a shorter scrypt output is a prefix of the longer one, so a truncated hash would still "match".
  if (salt.length < SCRYPT.saltLength || expected.length !== SCRYPT.keyLength) return false;
  const actual = await scryptAsync(pin, salt, expected.length, scryptOptions(ln, r, p));
  return timingSafeEqual(actual, expected);
}

/** Whether the guard is locked at `now`, and for how much longer. */
export function lockStatus(
  state: GuardState,
  now: number,
  overrides: Partial<GuardPolicy> = {},
): { locked: boolean; retryAfterMs: number } {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  if (state.lockedUntil === null || state.lockedUntil <= now) return { locked: false, retryAfterMs: 0 };
  // A clock set back by hours must not lock a technician out for hours: never more than the cap.
  return { locked: true, retryAfterMs: Math.min(state.lockedUntil - now, policy.maxLockoutMs) };
}

/** The state after a wrong PIN: counts it, and locks after `maxAttempts`. */
export function recordFailure(state: GuardState, now: number, overrides: Partial<GuardPolicy> = {}): GuardState {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  const failedAttempts = state.failedAttempts + 1;
  if (failedAttempts < policy.maxAttempts) return { ...state, failedAttempts, sessionUntil: null };
  const duration = Math.min(policy.maxLockoutMs, policy.firstLockoutMs * 2 ** state.lockouts);
  return { failedAttempts: 0, lockouts: state.lockouts + 1, lockedUntil: now + duration, sessionUntil: null };
}

/** The state after a correct PIN: counters cleared, a technician session begins. */
export function recordSuccess(now: number, overrides: Partial<GuardPolicy> = {}): GuardState {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  return { failedAttempts: 0, lockouts: 0, lockedUntil: null, sessionUntil: now + policy.sessionMs };
}

/**
 * Checks a PIN entry against the stored hash, honouring the lockout: while
 * locked the PIN is not even compared, so guessing during a lockout teaches
 * nothing and costs nothing. Returns the new state for main to persist.
 */
export async function attemptUnlock(
  state: GuardState,
  pin: string,
  storedHash: string | null,
  now: number,
  overrides: Partial<GuardPolicy> = {},
): Promise<{ state: GuardState } & PinCheck> {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  if (storedHash === null) return { state, outcome: 'no-pin-configured' };
  const lock = lockStatus(state, now, policy);
  if (lock.locked) return { state, outcome: 'locked-out', retryAfterMs: lock.retryAfterMs };
  if (await verifyPin(pin, storedHash)) return { state: recordSuccess(now, policy), outcome: 'unlocked' };
  const next = recordFailure({ ...state, lockedUntil: null }, now, policy);
  const after = lockStatus(next, now, policy);
  return after.locked
    ? { state: next, outcome: 'locked-out', retryAfterMs: after.retryAfterMs }
    : { state: next, outcome: 'wrong-pin', attemptsLeft: policy.maxAttempts - next.failedAttempts };
}

/** The guard's answer for an action. */
export type GuardDecision =
  | { allowed: true; reason: 'development' | 'technician-session' | 'first-run-pin-setup' }
  | { allowed: false; reason: 'never-in-production' | 'pin-required' | 'locked-out' | 'no-pin-configured' };

/** Everything the decision depends on. */
export interface GuardContext {
  state: GuardState;
  now: number;
  /** false only under DOORSTEP_DEV=1 on a developer's machine. */
  production: boolean;
  /** A technician PIN hash exists on this device. */
  pinConfigured: boolean;
}

/**
 * Decides whether an action may happen now. In production: devtools never;
 * quit and settings only within a technician session (a correct PIN in the
 * last `sessionMs`). A device with no PIN yet opens settings only so the
 * technician can set one (first run, before enrolment); it never quits.
 */
export function decideGuardedAction(
  action: GuardedAction,
  { state, now, production, pinConfigured }: GuardContext,
  overrides: Partial<GuardPolicy> = {},
): GuardDecision {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  if (!production) return { allowed: true, reason: 'development' };
  if (action === 'open-devtools') return { allowed: false, reason: 'never-in-production' };
  if (!pinConfigured) {
    return action === 'open-settings'
      ? { allowed: true, reason: 'first-run-pin-setup' }
      : { allowed: false, reason: 'no-pin-configured' };
  }
  if (lockStatus(state, now, policy).locked) return { allowed: false, reason: 'locked-out' };
  // Bounded both ways, so a clock set back cannot stretch a session.
  const sessionLeft = state.sessionUntil === null ? 0 : state.sessionUntil - now;
  if (sessionLeft > 0 && sessionLeft <= policy.sessionMs) return { allowed: true, reason: 'technician-session' };
  return { allowed: false, reason: 'pin-required' };
}
