/**
 * The device's local database and district sync, opened once per page for the
 * setup screens (first catalog download, diagnostics). Setup runs instead of the
 * kiosk's boot, never beside it, so the two never open the database twice.
 */
import type { StationSync } from '#client/station-endpoint.ts';
import { startDeviceSync } from '#renderer/app/start-sync.ts';
import { createKioskDatabase, type KioskDatabase } from '#renderer/db/database.ts';
import { callDevice } from '#renderer/platform/platform.ts';

export interface LocalReplica {
  db: KioskDatabase;
  /** null while the device is not enrolled. */
  sync: StationSync | null;
}

let opening: Promise<LocalReplica> | undefined;

/** Opens the database and, when the device is enrolled, starts replicating. */
export function localReplica(): Promise<LocalReplica> {
  opening ??= (async () => {
    const db = await createKioskDatabase();
    const [session, config] = await Promise.all([callDevice('sync:getSession', null), callDevice('config:get', null)]);
    const sync = session ? startDeviceSync(db, config, session, (await callDevice('app:getInfo', null)).version) : null;
    return { db, sync };
  })();
  return opening;
}
