/** The DistrictRepository over any Db: one implementation of the SQL for both drivers. */
import type { Db } from '#server/db/db.ts';
import type { Logger } from '#server/logger.ts';
import { catalogRepository } from './catalog.ts';
import { withDeviceAuthCache } from './device-auth-cache.ts';
import { deviceRepository } from './devices.ts';
import { enrolmentRepository } from './enrolment.ts';
import { eventsRepository } from './events.ts';
import { replicationRepository, type PushWriteHook } from './pull-push.ts';
import { refusalRepository } from './refusals.ts';
import { auditRepository } from './audit.ts';
import { consoleListRepository } from './console-lists.ts';
import { operatorRepository } from './operators.ts';
import { projectWriter } from './needs-projects.ts';
import { districtBookings } from '#server/appointments/district-booking.ts';
import type { DistrictRepository } from './repository.ts';
import { stationRepository } from './stations.ts';

/** Default NOTIFY channel of a district. */
export const EVENTS_CHANNEL = 'doorstep_events';

/** Builds the repository; `channel` lets districts (or test runs) that share one PostgreSQL not hear each other. */
export function createSqlRepository(
  db: Db,
  log: Logger,
  channel = EVENTS_CHANNEL,
  afterPushWrites?: PushWriteHook,
): DistrictRepository {
  const audit = auditRepository(db);
  return {
    db,
    stations: stationRepository(db),
    devices: withDeviceAuthCache(deviceRepository(db, channel)),
    enrolment: enrolmentRepository(db),
    replication: replicationRepository(db, channel, Date.now, afterPushWrites),
    catalog: catalogRepository(db, channel),
    events: eventsRepository(db, channel, log),
    refusals: refusalRepository(db),
    operators: operatorRepository(db),
    audit,
    consoleLists: consoleListRepository(db),
    saveProject: projectWriter(channel),
    bookings: districtBookings(channel),
    audited: (work, entry) =>
      db.transaction(async (tx) => {
        const result = await work(tx);
        const row = entry(result);
        if (row) await audit.record(row, tx);
        return result;
      }),
    async ping() {
      await db.query('SELECT 1');
    },
    close: () => db.close(),
  };
}
