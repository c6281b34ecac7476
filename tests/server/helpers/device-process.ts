/**
 * Child-process entry: one station device that really restarts. The renderer's
 * collections on RxDB's localStorage storage over a file (helpers/file-storage.ts),
 * replicated by the real client, writing through renderer/db's functions; its
 * clock is the machine's shifted by DEVICE_CLOCK_OFFSET_MS (helpers/device-clock.ts). A fresh process matters: RxDB keeps its write clock monotonic only
 * within a process. Commands arrive over IPC (see helpers/device-child.ts).
 */
import './device-clock.ts';
import './node-local-storage.ts';
import { join } from 'node:path';
import { createRxDatabase, type RxCollection } from 'rxdb';
import { getRxStorageLocalstorage } from 'rxdb/plugins/storage-localstorage';
import { Outbox } from '#client/outbox.ts';
import { guardUpstreamClock } from '#client/upstream-position.ts';
import { startDistrictSync, type DistrictSync } from '#client/device-replication.ts';
import { startStationSync, type StationSync, type StationSyncStatus } from '#client/station-endpoint.ts';
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { KIOSK_COLLECTIONS, type KioskDatabase } from '#renderer/db/database.ts';
import { actOnTicket, rateTicket } from '#renderer/db/ticket-actions.ts';
import { FileKeyValue } from './file-storage.ts';
import { issueAsDevice } from './issue-as-device.ts';

const dir = process.env.DEVICE_DIR ?? '.';
const enrolment = JSON.parse(process.env.DEVICE_ENROLMENT ?? '{}') as EnrolResponse;
const db = (await createRxDatabase({
  name: 'device',
  storage: guardUpstreamClock(
    getRxStorageLocalstorage({ localStorage: new FileKeyValue(join(dir, 'rxdb.log')) as never }),
  ),
  multiInstance: false,
  eventReduce: true,
})) as unknown as KioskDatabase;
await db.addCollections(KIOSK_COLLECTIONS);
const outbox = new Outbox(new FileKeyValue(join(dir, 'outbox.log')));
let sync: DistrictSync | undefined;
/** Syncing through the station's hub when it proves itself, else the district (station-endpoint.ts). */
let station: StationSync | undefined;
let stationStatus: StationSyncStatus | undefined;
/**
 * When this replica first held each ticket, and each ticket in each status (`id:status`),
 * taken from RxDB's change events as they happen (no polling): a latency measured
 * across processes is this minus the writer's clock, the same machine's.
 */
const firstSeen = new Map<string, number>();
const seenWaiters = new Map<string, ((at: number) => void)[]>();
const noteSeen = (key: string, at: number) => {
  if (firstSeen.has(key)) return;
  firstSeen.set(key, at);
  for (const resolve of seenWaiters.get(key) ?? []) resolve(at);
  seenWaiters.delete(key);
};
db.tickets.$.subscribe((event) => {
  const at = Date.now();
  const doc = event.documentData as TicketDoc | undefined;
  noteSeen(event.documentId, at);
  if (doc?.status) noteSeen(`${event.documentId}:${doc.status}`, at);
});
const firstSeenAt = (key: string) =>
  firstSeen.has(key)
    ? Promise.resolve(firstSeen.get(key)!)
    : new Promise<number>((resolve) => seenWaiters.set(key, [...(seenWaiters.get(key) ?? []), resolve]));
/** The replication's latest errors, for a fault run's report on a device that did not converge. */
const errors: string[] = [];

type Command =
  | { cmd: 'sync'; url: string }
  | { cmd: 'stationSync'; districtUrl: string; hubUrl: string; probeEveryMs?: number; failoverAfterMs?: number }
  | { cmd: 'link' }
  | { cmd: 'waitTicket'; ticketId: string; status?: string }
  | { cmd: 'rate'; ticketId: string; level: number }
  | { cmd: 'stopSync' }
  | { cmd: 'awaitInSync' }
  | { cmd: 'issue' | 'issueTimed'; serviceId: string }
  | {
      cmd: 'act';
      ticketId: string;
      action: Parameters<typeof actOnTicket>[2];
      by: string;
      queue?: string;
      serviceId?: string;
      counter?: string;
    }
  | { cmd: 'state' }
  | { cmd: 'exit' };

async function run(command: Command): Promise<unknown> {
  switch (command.cmd) {
    case 'sync':
      sync ??= startDistrictSync({
        collections: db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
        districtUrl: command.url,
        credential: enrolment.credential,
        outbox,
      });
      for (const [name, state] of sync.states)
        state.error$.subscribe((e) => {
          const cause = (e.parameters as { errors?: { message?: string }[] }).errors?.[0]?.message ?? '';
          errors.push(`${new Date().toISOString()} ${name} ${e.code} ${cause}`.slice(0, 300));
          errors.splice(0, errors.length - 8);
        });
      return null;
    case 'stationSync':
      station ??= startStationSync({
        collections: db.collections as unknown as Record<ReplicatedCollection, RxCollection>,
        districtUrl: command.districtUrl,
        hubUrl: command.hubUrl,
        credential: enrolment.credential,
        deviceId: enrolment.deviceId,
        stationId: enrolment.stationId,
        outbox,
        probeEveryMs: command.probeEveryMs,
        failoverAfterMs: command.failoverAfterMs,
      });
      station.status$.subscribe((s) => (stationStatus = s));
      return null;
    case 'link':
      return stationStatus ?? null;
    case 'waitTicket': {
      const key = command.status ? `${command.ticketId}:${command.status}` : command.ticketId;
      const waiting = firstSeenAt(key);
      // Held since before this process started (no change event will come): seen now.
      const held = (await db.tickets.findOne(command.ticketId).exec())?.toJSON() as TicketDoc | undefined;
      if (held && (!command.status || held.status === command.status)) noteSeen(key, Date.now());
      const seenAt = await waiting;
      return { seenAt, ticket: (await db.tickets.findOne(command.ticketId).exec())?.toJSON() ?? null };
    }
    case 'rate':
      await rateTicket(db, command.ticketId, { level: command.level, reasons: [], at: Date.now() });
      outbox.add('tickets', command.ticketId);
      return (await db.tickets.findOne(command.ticketId).exec())?.toJSON() ?? null;
    case 'stopSync':
      await sync?.stop();
      await station?.stop();
      sync = station = undefined;
      return null;
    case 'awaitInSync':
      await sync?.awaitInSync();
      await station?.awaitInSync();
      return null;
    case 'issue':
    case 'issueTimed': {
      // issueTimed also says when the write began (this machine's clock), for a latency measured across processes.
      const writtenAt = Date.now();
      const ticket = await issueAsDevice(db, enrolment, command.serviceId);
      outbox.add('tickets', ticket.id);
      return command.cmd === 'issue' ? ticket : { ticket, writtenAt };
    }
    case 'act': {
      const { ticketId, action, cmd: _cmd, ...ctx } = command;
      const result = await actOnTicket(db, ticketId, action, { at: Date.now(), ...ctx });
      if (!result.ok) return { refused: result.error.code };
      outbox.add('tickets', ticketId);
      return result.ticket;
    }
    case 'state':
      return {
        tickets: (await db.tickets.find().exec()).map((d) => d.toJSON() as TicketDoc),
        waiting: outbox.size,
        waitingIds: outbox.waiting('tickets'),
        errors,
      };
    case 'exit':
      await sync?.stop();
      await station?.stop();
      await db.close();
      setTimeout(() => process.exit(0), 10);
      return null;
  }
}

process.on('message', (message: { id: number } & Command) => {
  run(message).then(
    (value) => process.send?.({ id: message.id, ok: true, value }),
    (error: unknown) =>
      process.send?.({ id: message.id, ok: false, error: error instanceof Error ? error.stack : String(error) }),
  );
});
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
