/**
 * The device's local database and district sync, opened once per page for the
 * setup screens (first catalog download, diagnostics). Setup runs instead of the
 * kiosk's boot, never beside it, so the two never open the database twice.
 */
import { startDistrictSync, type DistrictSync } from '#client/device-replication.ts';
import { createKioskDatabase, type KioskDatabase } from '#renderer/db/database.ts';
import { outbox } from '#renderer/db/outbox.ts';
import { refusedWrites } from '#renderer/db/refused-writes.ts';
import { callDevice } from '#renderer/platform/platform.ts';

export interface LocalReplica {
  db: KioskDatabase;
  /** null while the device is not enrolled. */
  sync: DistrictSync | null;
}

let opening: Promise<LocalReplica> | undefined;

/** Opens the database and, when the device is enrolled, starts replicating. */
export function localReplica(): Promise<LocalReplica> {
  opening ??= (async () => {
    const db = await createKioskDatabase();
    const session = await callDevice('sync:getSession', null);
    const sync = session
      ? startDistrictSync({
          collections: db.collections,
          districtUrl: session.districtUrl,
          credential: session.credential,
          outbox,
          refusals: refusedWrites,
          appVersion: (await callDevice('app:getInfo', null)).version,
        })
      : null;
    return { db, sync };
  })();
  return opening;
}
