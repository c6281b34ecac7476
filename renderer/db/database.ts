/**
 * The device's local replica: one RxDB database (Dexie storage on IndexedDB) holding
 * the station's catalog and ticket queue, created once behind one promise.
 */
import { addRxPlugin, createRxDatabase, type RxCollection, type RxDatabase, type RxStorage } from 'rxdb';
import { getRxStorageDexie } from 'rxdb/plugins/storage-dexie';
import { RxDBMigrationSchemaPlugin } from 'rxdb/plugins/migration-schema';
import { RxDBQueryBuilderPlugin } from 'rxdb/plugins/query-builder';
import {
  appointmentSchema,
  deviceHealthSchema,
  helpRequestSchema,
  projectSchema,
  needSchema,
  serviceSchema,
  stationSchema,
  ticketSchema,
  type AppointmentDoc,
  type DeviceHealthDoc,
  type HelpRequestDoc,
  type NeedDoc,
  type ProjectDoc,
  type ServiceDoc,
  type StationDoc,
  type TicketDoc,
} from '#protocol/schemas.ts';

import { ticketConflictHandler } from '#client/ticket-conflicts.ts';
import { guardUpstreamClock } from '#client/upstream-position.ts';

addRxPlugin(RxDBQueryBuilderPlugin);
// Runs the collections' migration strategies over documents stored by an older version of the app.
addRxPlugin(RxDBMigrationSchemaPlugin);

export type KioskCollections = {
  services: RxCollection<ServiceDoc>;
  stations: RxCollection<StationDoc>;
  tickets: RxCollection<TicketDoc>;
  needs: RxCollection<NeedDoc>;
  helpRequests: RxCollection<HelpRequestDoc>;
  deviceHealth: RxCollection<DeviceHealthDoc>;
  projects: RxCollection<ProjectDoc>;
  appointments: RxCollection<AppointmentDoc>;
};
export type KioskDatabase = RxDatabase<KioskCollections>;

/** The collections of a device's replica, with the ticket conflict merge; shared with bench/sync's devices. */
export const KIOSK_COLLECTIONS = {
  services: { schema: serviceSchema },
  stations: {
    schema: stationSchema,
    migrationStrategies: {
      // v1 only adds the optional staff[].counters (absent: every counter), so a stored v0 station is a valid v1 one.
      1: (doc: StationDoc) => doc,
      // v2 only adds the optional callPolicy (absent: DEFAULT_CALL_POLICY, priority off), so a v1 station is a valid v2 one.
      2: (doc: StationDoc) => doc,
      // v3 only adds the optional appointmentSlots (absent: no service takes appointments), so a v2 station is a valid v3 one.
      3: (doc: StationDoc) => doc,
    },
  },
  tickets: {
    schema: ticketSchema,
    conflictHandler: ticketConflictHandler,
    migrationStrategies: {
      // v1 only widens the history's actions (upgrade, downgrade): every stored v0 ticket is a valid v1 one.
      1: (doc: TicketDoc) => doc,
      // v2 only adds optional fields (appointmentId, slotAt, waitEstimate): a ticket taken before is a walk-in without an estimate.
      2: (doc: TicketDoc) => doc,
    },
  },
  needs: { schema: needSchema },
  helpRequests: {
    schema: helpRequestSchema,
    // Version 1 only added optional fields (kiosk number, category, service, the helper's name): old requests stay as they are.
    migrationStrategies: { 1: (doc: HelpRequestDoc) => doc },
  },
  // This device's own health report (and, pulled, its station's other devices').
  deviceHealth: { schema: deviceHealthSchema },
  // The district's projects for this station (read-only on every device): the kiosk's "your suggestions became".
  projects: { schema: projectSchema },
  // The station's appointments: booked at a counter or by the district, checked in at the kiosk, offline too.
  appointments: { schema: appointmentSchema },
};

/**
 * Opens (or creates) the local database. One per device profile. `storage` is
 * Dexie (IndexedDB) on devices; component tests pass RxDB's memory storage.
 */
export async function createKioskDatabase(
  name = 'doorstep-kiosk',
  storage: RxStorage<unknown, unknown> = getRxStorageDexie(),
): Promise<KioskDatabase> {
  const db = await createRxDatabase<KioskCollections>({
    name,
    // A device clock set back must not hide its new writes from the upload (upstream-position.ts).
    storage: guardUpstreamClock(storage),
    // The calling display may run as a second window of the same device (same
    // profile); multiInstance lets both windows see each other's writes at once.
    // Separate processes on one profile are still prevented by the single-instance lock.
    multiInstance: true,
    eventReduce: true,
    closeDuplicates: true,
  });
  await db.addCollections(KIOSK_COLLECTIONS);
  return db;
}
