/**
 * A station device in this process: the renderer's collections (renderer/db's
 * schemas and ticket merge) on RxDB's memory storage, replicated by the real
 * client (startDistrictSync), writing through renderer/db's own functions.
 *
 * "Restart" closes the database and the replication and opens them again under
 * the same name: memory storage keeps its data for a reopen within a process.
 * (RxDB's free tier refuses a 16th open collection in one process (COL23): two
 * such devices open at once must stay under it, so a device opens the
 * appointments and projects collections only when a test asks for them.)
 */
import './node-local-storage.ts';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Outbox } from '#client/outbox.ts';
import { guardUpstreamClock } from '#client/upstream-position.ts';
import { startDistrictSync, type DistrictSync, type ReplicationOptions } from '#client/device-replication.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { ActionContext, TicketAction } from '#protocol/ticket-lifecycle.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { KIOSK_COLLECTIONS, type KioskDatabase } from '#renderer/db/database.ts';
import { actOnTicket } from '#renderer/db/ticket-actions.ts';
import { MapStorage } from '#tests/fixtures/map-storage.ts';
import { issueAsDevice } from './issue-as-device.ts';

// Tests import it from here, after this module's localStorage (the renderer's outbox needs one when loaded).
export { holdsCatalogFor } from './issue-as-device.ts';

export { MapStorage };

let opened = 0;

/** The renderer's collections without the two a test opens only on request (see the note above). */
export function testDeviceCollections({ appointments = false, projects = false } = {}): Partial<
  typeof KIOSK_COLLECTIONS
> {
  const { appointments: appointmentCollection, projects: projectCollection, ...others } = KIOSK_COLLECTIONS;
  return {
    ...others,
    ...(appointments ? { appointments: appointmentCollection } : {}),
    ...(projects ? { projects: projectCollection } : {}),
  };
}

export interface TestDevice {
  readonly enrolment: EnrolResponse;
  readonly db: KioskDatabase;
  readonly outbox: Outbox;
  readonly sync: DistrictSync | undefined;
  startSync(url: string, options?: Partial<ReplicationOptions>): DistrictSync;
  stopSync(): Promise<void>;
  /** Stops sync, closes the database, opens it again (as after an app restart); sync stays off. */
  restart(): Promise<void>;
  /** Issues the next ticket of a service's queue, as the kiosk's issue screen does. */
  issue(serviceId: string, now?: number): Promise<TicketDoc>;
  act(ticketId: string, action: Exclude<TicketAction, 'issue'>, ctx: ActionContext): Promise<TicketDoc>;
  tickets(): Promise<TicketDoc[]>;
  close(): Promise<void>;
}

export async function openTestDevice(
  enrolment: EnrolResponse,
  label = 'device',
  only: { appointments?: boolean; projects?: boolean } = {},
): Promise<TestDevice> {
  const collections = testDeviceCollections(only);
  const name = `t-${label.toLowerCase().replace(/[^a-z0-9]/g, '')}-${process.pid}-${++opened}`;
  const open = async () => {
    const db = await createRxDatabase({
      name,
      storage: guardUpstreamClock(getRxStorageMemory()),
      multiInstance: false,
      eventReduce: true,
    });
    await db.addCollections(collections);
    return db as unknown as KioskDatabase;
  };
  const storage = new MapStorage();
  let db = await open();
  let outbox = new Outbox(storage);
  let sync: DistrictSync | undefined;

  const device: TestDevice = {
    enrolment,
    get db() {
      return db;
    },
    get outbox() {
      return outbox;
    },
    get sync() {
      return sync;
    },
    startSync(url, options = {}) {
      if (sync) throw new Error('sync already running');
      sync = startDistrictSync({
        collections: db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
        districtUrl: url,
        credential: enrolment.credential,
        outbox,
        ...options,
      });
      return sync;
    },
    async stopSync() {
      const running = sync;
      sync = undefined;
      await running?.stop();
    },
    async restart() {
      await device.stopSync();
      await db.close();
      db = await open();
      outbox = new Outbox(storage);
    },
    async issue(serviceId, now) {
      const ticket = await issueAsDevice(db, enrolment, serviceId, now);
      outbox.add('tickets', ticket.id);
      return ticket;
    },
    async act(ticketId, action, ctx) {
      const result = await actOnTicket(db, ticketId, action, ctx);
      if (!result.ok) throw new Error(`${action} ${ticketId}: ${result.error.message}`);
      outbox.add('tickets', ticketId);
      return result.ticket;
    },
    async tickets() {
      return (await db.tickets.find().exec()).map((d) => d.toJSON() as TicketDoc);
    },
    async close() {
      await device.stopSync();
      await db.remove();
    },
  };
  return device;
}

/**
 * The two devices most sync tests need: a kiosk (slot 0 of 2) and a counter (slot 1
 * of 2) of one station of a live district, opened but not yet syncing.
 */
export async function openKioskAndCounter(
  district: {
    enrol(
      stationId: string,
      opts: { role?: 'counter'; issuingSlot: number; issuingSlots: number },
    ): Promise<EnrolResponse>;
  },
  stationId = 's1',
): Promise<{ kiosk: TestDevice; counter: TestDevice }> {
  const kiosk = await openTestDevice(await district.enrol(stationId, { issuingSlot: 0, issuingSlots: 2 }), 'kiosk');
  const counter = await openTestDevice(
    await district.enrol(stationId, { role: 'counter', issuingSlot: 1, issuingSlots: 2 }),
    'counter',
  );
  return { kiosk, counter };
}
