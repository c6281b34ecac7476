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
import type { EnrolResponse } from '#protocol/enrolment.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { ReplicatedCollection } from '#protocol/wire-messages.ts';
import { KIOSK_COLLECTIONS, type KioskDatabase } from '#renderer/db/database.ts';
import { actOnTicket } from '#renderer/db/ticket-actions.ts';
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
/** The replication's latest errors, for a fault run's report on a device that did not converge. */
const errors: string[] = [];

type Command =
  | { cmd: 'sync'; url: string }
  | { cmd: 'stopSync' }
  | { cmd: 'awaitInSync' }
  | { cmd: 'issue'; serviceId: string }
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
    case 'stopSync':
      await sync?.stop();
      sync = undefined;
      return null;
    case 'awaitInSync':
      await sync?.awaitInSync();
      return null;
    case 'issue': {
      const ticket = await issueAsDevice(db, enrolment, command.serviceId);
      outbox.add('tickets', ticket.id);
      return ticket;
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
