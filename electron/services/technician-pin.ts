/**
 * The technician PIN on this device: the scrypt hash, lockout and session rules of
 * electron/security/technician-pin-guard.ts, persisted in `<dataDir>/technician-pin.json`
 * (hash and lock state only, never the PIN; readable only by the app's user).
 * The lock state is written on every attempt, so restarting the app does not
 * reset a lockout.
 *
 * A verified PIN opens a technician session; every technician action renews it,
 * so a technician mid-setup is not asked again, while a kiosk left on the
 * settings screen falls back to needing the PIN after DEFAULT_GUARD_POLICY.sessionMs.
 */
import { chmod, mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PinCheck } from '#ipc/contract.ts';
import { DeviceFailure } from '#ipc/errors.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';
import { isLockoutState, lockStatus } from '#protocol/pin-lockout.ts';
import {
  DEFAULT_GUARD_POLICY,
  INITIAL_GUARD_STATE,
  attemptUnlock,
  checkNewPin,
  hashPin,
  recordSuccess,
  sessionActive as sessionOpen,
  type GuardPolicy,
  type GuardState,
} from '#security/technician-pin-guard.ts';
import { writeFileAtomic } from './atomic-file.ts';
import type { Logger } from './logger.ts';

export const TECHNICIAN_PIN_FILE_NAME = 'technician-pin.json';

interface Stored {
  hash: string | null;
  state: GuardState;
}

export interface TechnicianPin {
  setPin(pin: string): Promise<void>;
  verifyPin(pin: string): Promise<PinCheck>;
  requireSession(): Promise<void>;
  status(): Promise<{ pinConfigured: boolean; sessionActive: boolean; retryAfterMs: number }>;
}

export interface TechnicianPinDeps {
  dataDir: string;
  logger: Pick<Logger, 'info' | 'warn'>;
  now?: () => number;
  policy?: Partial<GuardPolicy>;
}

function isGuardState(value: unknown): value is GuardState {
  const sessionUntil = (value as { sessionUntil?: unknown } | null)?.sessionUntil;
  return isLockoutState(value) && (sessionUntil === null || typeof sessionUntil === 'number');
}

function minutes(ms: number): number {
  return Math.max(1, Math.ceil(ms / 60_000));
}

/** Creates the PIN guard of a data folder. */
export function createTechnicianPin({
  dataDir,
  logger,
  now = Date.now,
  policy = {},
}: TechnicianPinDeps): TechnicianPin {
  const filePath = join(dataDir, TECHNICIAN_PIN_FILE_NAME);
  const rules = { ...DEFAULT_GUARD_POLICY, ...policy };

  async function load(): Promise<Stored> {
    let text: string;
    try {
      text = await readFile(filePath, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { hash: null, state: { ...INITIAL_GUARD_STATE } };
      throw error;
    }
    const data = JSON.parse(text) as Partial<Stored>;
    // A damaged file must not become "no PIN set" (that would open setup to anyone): refuse until a technician fixes it.
    if (typeof data.hash !== 'string' || !isGuardState(data.state))
      throw new Error(`${filePath} is damaged; remove it to set a new technician PIN`);
    return { hash: data.hash, state: data.state };
  }

  async function save(stored: Stored): Promise<void> {
    await mkdir(dataDir, { recursive: true });
    await writeFileAtomic(filePath, JSON.stringify(stored, null, 2) + '\n');
    await chmod(filePath, 0o600);
  }

  // One change at a time, so two quick taps cannot both count as a first attempt.
  const serially = createSerialQueue();

  const sessionActive = (state: GuardState, at: number) => sessionOpen(state, at, rules);

  return {
    setPin: (pin) =>
      serially(async () => {
        const stored = await load();
        const at = now();
        if (stored.hash !== null && !sessionActive(stored.state, at)) {
          throw new DeviceFailure(
            'technician_pin_required',
            'enter the current technician PIN before setting a new one',
          );
        }
        const problem = checkNewPin(pin);
        if (problem) throw new DeviceFailure('technician_pin_weak', problem);
        await save({ hash: await hashPin(pin), state: recordSuccess(at, rules) });
        logger.info(stored.hash === null ? 'technician PIN set for the first time' : 'technician PIN changed');
      }),

    verifyPin: (pin) =>
      serially(async () => {
        const stored = await load();
        const result = await attemptUnlock(stored.state, pin, stored.hash, now(), rules);
        if (result.state !== stored.state) await save({ hash: stored.hash, state: result.state });
        if (result.outcome !== 'unlocked') logger.warn(`technician PIN refused: ${result.outcome}`);
        const { state: _state, ...check } = result;
        return check;
      }),

    requireSession: () =>
      serially(async () => {
        const stored = await load();
        const at = now();
        const lock = lockStatus(stored.state, at, rules);
        if (lock.locked)
          throw new DeviceFailure(
            'technician_locked_out',
            `too many wrong PINs; try again in ${minutes(lock.retryAfterMs)} minutes`,
          );
        if (!sessionActive(stored.state, at))
          throw new DeviceFailure('technician_pin_required', 'enter the technician PIN first');
        await save({ hash: stored.hash, state: { ...stored.state, sessionUntil: at + rules.sessionMs } });
      }),

    status: async () => {
      const stored = await load();
      const at = now();
      return {
        pinConfigured: stored.hash !== null,
        sessionActive: sessionActive(stored.state, at),
        retryAfterMs: lockStatus(stored.state, at, rules).retryAfterMs,
      };
    },
  };
}
