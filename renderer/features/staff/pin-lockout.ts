/**
 * Staff sign-in under the device's PIN lockout (sync/protocol/pin-lockout.ts: 5
 * wrong PINs lock for 5 minutes, doubling up to an hour, cleared only by a right
 * PIN), per staff member and per device. Kept in the given storage so a reload does
 * not reset a lock; attempts run one at a time so two quick submits both count.
 */
import type { KeyValueStorage } from '#client/outbox.ts';
import {
  INITIAL_LOCKOUT_STATE,
  attemptPin,
  isLockoutState,
  type LockoutState,
  type PinAttemptOutcome,
} from '#protocol/pin-lockout.ts';
import { createSerialQueue } from '#protocol/serial-queue.ts';

const key = (staffId: string) => `doorstep.pin.${staffId}`;
const serially = createSerialQueue();

function read(storage: KeyValueStorage, staffId: string): LockoutState {
  let saved: unknown;
  try {
    saved = JSON.parse(storage.getItem(key(staffId)) ?? 'null');
  } catch {
    // damaged entry: start over, which still locks after 5 wrong PINs
  }
  if (isLockoutState(saved)) return saved;
  // The shape written before the shared policy ({ failures, lockouts, lockedUntil: 0 }), so an update keeps a lock.
  const old = saved as { failures?: unknown; lockouts?: unknown; lockedUntil?: unknown } | null;
  if (old && Number.isInteger(old.failures) && Number.isInteger(old.lockouts) && typeof old.lockedUntil === 'number')
    return {
      failedAttempts: old.failures as number,
      lockouts: old.lockouts as number,
      lockedUntil: old.lockedUntil > 0 ? old.lockedUntil : null,
    };
  return { ...INITIAL_LOCKOUT_STATE };
}

/** One sign-in attempt by `staffId`; `verify` checks the PIN and is not called while the member is locked. */
export function attemptStaffPin(
  storage: KeyValueStorage,
  staffId: string,
  now: number,
  verify: () => Promise<boolean>,
): Promise<PinAttemptOutcome> {
  return serially(async () => {
    const before = read(storage, staffId);
    const { state, ...outcome } = await attemptPin(before, now, verify);
    if (state !== before) storage.setItem(key(staffId), JSON.stringify(state));
    return outcome;
  });
}
