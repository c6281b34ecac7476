/**
 * The technician guard: quitting the kiosk and opening its settings need the
 * technician PIN; devtools never open in production, PIN or not (they would
 * give whoever holds the PIN a full shell into the app and its credential).
 * electron/services/technician-pin.ts persists the guard and asks `sessionActive`
 * before every technician channel; devtools are off by the window's `devTools`
 * option outside DOORSTEP_DEV=1 (electron/main/window.ts).
 *
 * The PIN is stored only as a salted scrypt hash (`$scrypt$ln=15,r=8,p=1$<salt>$<hash>`)
 * and compared in constant time. A 6–12 digit PIN is guessable offline by
 * anyone who steals the hash, so the hash mainly keeps the PIN out of backups
 * and diagnostics; against a person at the screen the lockout does the work:
 * 5 wrong tries lock the guard for 5 minutes, each further lockout doubles it
 * (capped at an hour), and only a correct PIN resets the count — the device's one
 * PIN lockout (sync/protocol/pin-lockout.ts), shared with staff sign-in. The lock state
 * is plain JSON: main must persist it, or a restart would wipe the lockout.
 *
 * Pure apart from node:crypto; no Electron, no files.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import type { PinCheck } from '#ipc/contract.ts';
import {
  DEFAULT_LOCKOUT_POLICY,
  INITIAL_LOCKOUT_STATE,
  attemptPin,
  lockStatus,
  type LockoutPolicy,
  type LockoutState,
} from '#protocol/pin-lockout.ts';

/** The lockout state plus the technician session; JSON-serializable, persisted by main. Never holds the PIN. */
export interface GuardState extends LockoutState {
  /** Until when a verified technician may quit or use settings without a new PIN. */
  sessionUntil: number | null;
}

/** The lockout policy plus the session length; every field has a default (DEFAULT_GUARD_POLICY). */
export interface GuardPolicy extends LockoutPolicy {
  /** How long a correct PIN keeps the technician signed in. */
  sessionMs: number;
}

export const DEFAULT_GUARD_POLICY: GuardPolicy = {
  ...DEFAULT_LOCKOUT_POLICY,
  sessionMs: 5 * 60_000,
};

/** The state of a device that never saw a PIN attempt. */
export const INITIAL_GUARD_STATE: GuardState = Object.freeze({ ...INITIAL_LOCKOUT_STATE, sessionUntil: null });

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

/** The state after a correct PIN: counters cleared, a technician session begins. */
export function recordSuccess(now: number, overrides: Partial<GuardPolicy> = {}): GuardState {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  return { ...INITIAL_LOCKOUT_STATE, sessionUntil: now + policy.sessionMs };
}

/** Whether a technician session is open at `now`: a correct PIN within `sessionMs`, and no lockout since. */
export function sessionActive(state: GuardState, now: number, overrides: Partial<GuardPolicy> = {}): boolean {
  const policy = { ...DEFAULT_GUARD_POLICY, ...overrides };
  const left = state.sessionUntil === null ? 0 : state.sessionUntil - now;
  // Bounded both ways, so a clock set back cannot stretch a session.
  return left > 0 && left <= policy.sessionMs && !lockStatus(state, now, policy).locked;
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
  const result = await attemptPin(state, now, () => verifyPin(pin, storedHash), policy);
  // Locked: nothing was tried, the state is unchanged (main has nothing to save).
  if (result.state === state) return { ...result, state };
  const sessionUntil = result.outcome === 'unlocked' ? now + policy.sessionMs : null;
  return { ...result, state: { ...result.state, sessionUntil } };
}
