/**
 * The real replication client against a real district, with a kiosk whose local
 * copy holds illegal edits: the district refuses just those rows, the kiosk keeps
 * syncing everything else (before and after), keeps the refused documents as they
 * are, lists them with their reasons for diagnostics, and its outbox does not
 * count them as waiting forever.
 */
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageMemory } from 'rxdb/plugins/storage-memory';
import { describe, expect, it } from 'vitest';
import { type KioskCollections, type KioskDatabase } from '#renderer/db/database.ts';
import { testDeviceCollections } from './helpers/test-device.ts';
import { Outbox } from '#client/outbox.ts';
import { RefusedWrites } from '#client/refused-writes.ts';
import { startDistrictSync, type DistrictSync } from '#client/device-replication.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { startDistrictServer } from '#server/server.ts';
import { ADMIN, catalogFile, need, ticket } from './helpers/fixtures.ts';

const TOKEN = ADMIN.authorization.replace('Bearer ', '');

function memoryStorage() {
  const data = new Map<string, string>();
  return { getItem: (k: string) => data.get(k) ?? null, setItem: (k: string, v: string) => void data.set(k, v) };
}

async function device(name: string) {
  const db: KioskDatabase = await createRxDatabase<KioskCollections>({
    name: `${name}-${process.pid}`,
    storage: getRxStorageMemory(),
    multiInstance: false,
  });
  await db.addCollections(testDeviceCollections());
  return { db, outbox: new Outbox(memoryStorage()), refusals: new RefusedWrites(memoryStorage()) };
}

describe('a device with illegal local edits', () => {
  it('keeps syncing the rest, keeps the refused documents and shows why', { timeout: 120_000 }, async () => {
    const server = await startDistrictServer({ port: 0, host: '127.0.0.1', adminToken: TOKEN });
    const post = async <T>(path: string, body: unknown, auth: Record<string, string> = ADMIN): Promise<T> => {
      const res = await fetch(`${server.url}${path}`, {
        method: 'POST',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      return res.json() as Promise<T>;
    };
    const enrol = async (role: 'kiosk' | 'counter', issuingSlot: number) => {
      const { code } = await post<{ code: string }>('/api/v1/admin/stations/s1/enrolment-codes', {
        role,
        issuingSlot,
        issuingSlots: 2,
      });
      return post<EnrolResponse>('/api/v1/devices/enrol', { code }, {});
    };
    const syncs: DistrictSync[] = [];
    const start = (d: Awaited<ReturnType<typeof device>>, credential: string) => {
      const sync = startDistrictSync({
        collections: d.db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
        districtUrl: server.url,
        credential,
        outbox: d.outbox,
        refusals: d.refusals,
      });
      syncs.push(sync);
      return sync;
    };
    const kiosk = await device('kiosk');
    const counter = await device('counter');
    try {
      await post('/api/v1/admin/stations', { id: 's1', name: 's1' });
      await post('/api/v1/admin/catalog', catalogFile('s1', [], ['svc-1']));
      const kioskId = await enrol('kiosk', 0);
      const counterId = await enrol('counter', 1);
      const kioskSync = start(kiosk, kioskId.credential);
      start(counter, counterId.credential);

      const strip = <T extends { _deleted?: boolean }>(doc: T) => {
        const { _deleted: _d, ...rest } = doc;
        return rest;
      };
      const write = async (collection: 'tickets' | 'needs', doc: Record<string, unknown> & { id: string }) => {
        await (kiosk.db[collection] as RxCollection).insert(doc);
        kiosk.outbox.add(collection, doc.id);
      };

      // A legal ticket reaches the district and the counter.
      const first = ticket(kioskId, 'first');
      await write('tickets', strip(first));
      await kioskSync.awaitInSync();
      await expect.poll(() => counter.db.tickets.findOne('first').exec().then(Boolean), { timeout: 20_000 }).toBe(true);

      // Now the kiosk's copy holds illegal edits next to legal writes.
      await kiosk.db.tickets
        .findOne('first')
        .exec()
        .then((d) => d!.incrementalPatch({ status: 'done' }));
      kiosk.outbox.add('tickets', 'first');
      const outside = { ...strip(ticket(kioskId, 'outside')), number: 'A150' }; // slot 0 of 2 owns 0xx, 2xx, …
      await write('tickets', outside);
      const second = strip(ticket(kioskId, 'second'));
      await write('tickets', second);
      const left = strip(need(kioskId, 'n1'));
      await write('needs', left);
      await kioskSync.awaitInSync();

      // Everything legal arrives at the counter; the refused edits do not.
      await expect
        .poll(
          async () =>
            (await counter.db.tickets.findOne('second').exec()) !== null && (await counter.db.needs.count().exec()),
          {
            timeout: 20_000,
          },
        )
        .toBe(1);
      expect((await counter.db.tickets.findOne('first').exec())!.status).toBe('waiting');
      expect(await counter.db.tickets.findOne('outside').exec()).toBeNull();

      // The kiosk keeps what it wrote, lists the refusals, and nothing is left waiting.
      expect((await kiosk.db.tickets.findOne('first').exec())!.status).toBe('done');
      expect((await kiosk.db.tickets.findOne('outside').exec())!.number).toBe('A150');
      expect(kiosk.refusals.all.map((r) => [r.collection, r.id, r.code]).sort()).toEqual([
        ['tickets', 'first', 'state_mismatch'],
        ['tickets', 'outside', 'number_outside_slot'],
      ]);
      expect(kiosk.outbox.size).toBe(0);
      const recorded = await server.repo.refusals.list({ deviceId: kioskId.deviceId });
      expect(recorded.map((r) => [r.docId, r.rule]).sort()).toEqual([
        ['first', 'state_mismatch'],
        ['outside', 'number_outside_slot'],
      ]);

      // Sync is not stalled: the next ticket goes through at once.
      const third = strip(ticket(kioskId, 'third'));
      await write('tickets', third);
      await kioskSync.awaitInSync();
      await expect.poll(() => counter.db.tickets.findOne('third').exec().then(Boolean), { timeout: 20_000 }).toBe(true);
      expect(kiosk.refusals.all).toHaveLength(2);
    } finally {
      for (const s of syncs) await s.stop();
      await kiosk.db.close();
      await counter.db.close();
      await server.close();
    }
  });
});
