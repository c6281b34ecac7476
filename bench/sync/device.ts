/**
 * A kiosk's local replica in Node: the renderer's RxDB collections (same schemas
 * and ticket conflict handler as renderer/db/database.ts) on RxDB's memory
 * storage instead of Dexie, replicated by the real client (startDistrictSync)
 * with an Outbox kept in a Map instead of localStorage.
 *
 * RxDB's free tier allows about 13 open collections per process, so one process
 * holds at most two such devices at a time: close one before opening a third.
 */
import { createRxDatabase, type RxCollection, type RxDatabase } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { Outbox } from '#client/outbox.ts';
import { guardUpstreamClock } from '#client/upstream-position.ts';
import { startDistrictSync, type DistrictSync } from '#client/device-replication.ts';
import { KIOSK_COLLECTIONS } from '#renderer/db/database.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { MapStorage } from '#tests/fixtures/map-storage.ts';

export { MapStorage };

let databases = 0;

export interface Device {
  db: RxDatabase;
  collections: Record<ReplicatedCollection, RxCollection>;
  storage: MapStorage;
  outbox: Outbox;
  /**
   * Stores tickets written on this device while offline, one insert each as
   * issueTicket() does, and marks them in the outbox. (One bulkInsert would give
   * them all the same local write time `_meta.lwt`, and RxDB's upstream then
   * rescans the equal-lwt run for every push batch: quadratic, and not what a
   * kiosk does. The outbox is filled in one go because Outbox.add() re-serialises
   * the whole set on every call.)
   */
  writeOffline(tickets: readonly TicketDoc[]): Promise<void>;
  sync: DistrictSync | undefined;
  startSync(
    url: string,
    credential: string,
    options?: { pullBatchSize?: number; pushBatchSize?: number },
  ): DistrictSync;
  stopSync(): Promise<void>;
  close(): Promise<void>;
}

export async function openDevice(label: string): Promise<Device> {
  const db = await createRxDatabase({
    name: `bench-${label}-${process.pid}-${++databases}`,
    storage: guardUpstreamClock(getRxStorageMemory()),
    multiInstance: false,
    eventReduce: true,
  });
  await db.addCollections(KIOSK_COLLECTIONS);
  const storage = new MapStorage();
  let outbox = new Outbox(storage);
  const device: Device = {
    db,
    collections: db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
    storage,
    get outbox() {
      return outbox;
    },
    async writeOffline(tickets) {
      const collection = db.collections.tickets!;
      for (const ticket of tickets) await collection.insert(ticket);
      outbox.addMany(
        'tickets',
        tickets.map((t) => t.id),
      );
      // As after an app restart: the outbox reads what is stored.
      outbox = new Outbox(storage);
    },
    sync: undefined,
    startSync(url, credential, options = {}) {
      if (device.sync) throw new Error('sync already running');
      device.sync = startDistrictSync({
        collections: device.collections,
        districtUrl: url,
        credential,
        outbox,
        ...options,
      });
      return device.sync;
    },
    async stopSync() {
      const sync = device.sync;
      device.sync = undefined;
      await sync?.stop();
    },
    /** Stops replication and drops the database (memory storage would otherwise keep its data for a reopen). */
    async close() {
      await device.stopSync();
      await db.remove();
    },
  };
  return device;
}
