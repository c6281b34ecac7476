/**
 * Device authentication without a database round trip per request: the answer for
 * a credential is kept for a minute, keyed by the credential's sha256 (the raw
 * credential is never kept).
 *
 * Revocation must still take effect at once, on every instance:
 * - `revoke` through this repository forgets the device before it returns;
 * - another instance's revocation arrives as a `device_revoked` event, and the
 *   change feed calls `forget(deviceId)` (the same event closes the streams);
 * - when the LISTEN connection was lost, events may be gone: `forget()` drops all;
 * - an entry older than TTL is asked again anyway, the backstop for anything
 *   missed, and what keeps the device's "last seen" (written by authenticate, to
 *   the minute) moving.
 * An authentication that was already reading the database when a forget happened
 * does not store its (possibly older) answer.
 * Unknown credentials are not kept: an enrolment makes them known at any moment.
 */
import { sha256Hex } from '#server/credentials.ts';
import type { AuthResult, DeviceRepository } from './repository.ts';

export interface AuthCacheOptions {
  ttlMs?: number;
  /** Entries kept at most (oldest go first); a city has about 18,000 devices. */
  maxEntries?: number;
  now?: () => number;
}

const DEFAULT_TTL_MS = 60_000;
const DEFAULT_MAX_ENTRIES = 100_000;

interface Entry {
  result: Exclude<AuthResult, { reason: 'unknown' }>;
  deviceId: string;
  at: number;
}

/** Wraps a device repository with the cache; every other method passes through. */
export function withDeviceAuthCache(devices: DeviceRepository, options: AuthCacheOptions = {}): DeviceRepository {
  const ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
  const maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
  const now = options.now ?? Date.now;
  const byHash = new Map<string, Entry>();
  const hashesOf = new Map<string, Set<string>>();
  // Bumped by every forget: an authentication that began before one does not store its answer.
  let generation = 0;

  const drop = (hash: string) => {
    const entry = byHash.get(hash);
    if (!entry) return;
    byHash.delete(hash);
    const hashes = hashesOf.get(entry.deviceId);
    hashes?.delete(hash);
    if (hashes?.size === 0) hashesOf.delete(entry.deviceId);
  };
  const store = (hash: string, entry: Entry) => {
    drop(hash);
    while (byHash.size >= maxEntries) drop(byHash.keys().next().value as string);
    byHash.set(hash, entry);
    let hashes = hashesOf.get(entry.deviceId);
    if (!hashes) hashesOf.set(entry.deviceId, (hashes = new Set()));
    hashes.add(hash);
  };
  const forget = (deviceId?: string) => {
    generation++;
    if (deviceId === undefined) {
      byHash.clear();
      hashesOf.clear();
      return;
    }
    for (const hash of [...(hashesOf.get(deviceId) ?? [])]) drop(hash);
  };

  return {
    ...devices,
    async authenticate(credential) {
      const hash = sha256Hex(credential);
      const cached = byHash.get(hash);
      if (cached && now() - cached.at < ttlMs) return cached.result;
      const began = generation;
      const result = await devices.authenticate(credential);
      if (result.ok) store(hash, { result, deviceId: result.device.id, at: now() });
      else if (result.reason === 'revoked' && cached) store(hash, { result, deviceId: cached.deviceId, at: now() });
      else drop(hash);
      if (generation !== began) drop(hash);
      return result;
    },
    // Inside a caller's transaction (a console change with its audit row) this forget runs
    // before the commit; the device_revoked event the commit delivers forgets it again.
    async revoke(deviceId, tx) {
      try {
        return await devices.revoke(deviceId, tx);
      } finally {
        forget(deviceId);
      }
    },
    forget,
  };
}
