/** What the screen tells people about sync, in plain words: connected or not, when last in step, what is waiting. */
/**
 * `revoked` / `unrecognised`: the district refuses this device's credential (switched
 * off, or not known to it). Unlike `offline` this does not heal on its own; the device
 * must be enrolled again, and nothing it records reaches the station's other devices.
 */
export type SyncConnection = 'standalone' | 'connecting' | 'online' | 'offline' | 'revoked' | 'unrecognised';

/** Whether the district refuses this device, so it cannot serve residents until re-enrolled. */
export function credentialRefused(connection: SyncConnection): boolean {
  return connection === 'revoked' || connection === 'unrecognised';
}

export interface SyncStatus {
  /** standalone: this device has no district server (demo, or not enrolled). */
  connection: SyncConnection;
  /** When the device last completed a round trip with the district (device clock, for display only). */
  lastSyncedAt: number | null;
  /** Documents written here that the district has not confirmed yet. */
  pending: number;
  /** The last failure, for the technician's diagnostics. */
  lastError: string | null;
}

export const STANDALONE: SyncStatus = { connection: 'standalone', lastSyncedAt: null, pending: 0, lastError: null };

/** Retry delay after `failures` consecutive failures: 1 s, 2 s, 4 s … up to 30 s, with jitter so a district's devices don't retry in step. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  if (failures <= 0) return 0;
  const base = Math.min(30_000, 1000 * 2 ** (failures - 1));
  return Math.round(base * (0.75 + random() * 0.5));
}
