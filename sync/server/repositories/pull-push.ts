/** Pull, push and change reading for the replicated collections. */
import type { DeviceWritableCollection, PushRefusal, ReplicationCheckpoint } from '#protocol/wire-messages.ts';
import type { Db, Queryable, Tx } from '#server/db/db.ts';
import { DomainError } from '#server/errors.ts';
import { SERVER_COLLECTIONS, type ServerCollection } from '#server/domain/collections.ts';
import { checkpointOf, toWireDoc, type RowWrite, type WireDoc } from '#server/domain/documents.ts';
import {
  decidePush,
  type DeviceIdentity,
  type PushDecision,
  type PushRowInput,
  type WriteRules,
} from '#server/domain/push-decision.ts';
import { checkWrite, type PushFacts } from '#protocol/rules/check-write.ts';
import { stationFacts, type StationFacts } from '#protocol/rules/context.ts';
import { refuse } from '#protocol/rules/refusals.ts';
import type { AppointmentDoc, TicketDoc } from '#protocol/schemas.ts';
import { notify } from './events.ts';
import {
  hasHeldBack,
  selectAfter,
  selectForUpdate,
  selectHead,
  transactionWithRetry,
  writeRows,
} from './change-order-sql.ts';
import { refusalRepository, type NewWriteRefusal } from './refusals.ts';
import type { ReplicationRepository } from './repository.ts';
import {
  lockBookings,
  numberKey,
  selectAppointments,
  selectAppointmentsOfDays,
  selectStationDevices,
  selectStationDoc,
  selectTakenNumbers,
} from './rule-facts-sql.ts';

/**
 * A checkpoint past the newest row was not handed out by this database (it was
 * restored from a backup, or the device talks to the wrong district). Pulling on
 * from it would silently skip every row written until lwt catches up.
 */
async function assertNotAhead(db: Db, collection: ServerCollection, checkpoint: ReplicationCheckpoint): Promise<void> {
  const head = await selectHead(db, collection, false);
  if (!head || checkpoint.lwt > head.lwt) {
    throw new DomainError(
      409,
      'checkpoint_ahead',
      `checkpoint lwt ${checkpoint.lwt} is ahead of this server's ${collection.name} (newest ${head?.lwt ?? 'none'}); ` +
        'the device must restart replication of this collection from the beginning',
    );
  }
}

/** The queue's rules for one push, bound to the device and its station's facts. */
function rulesFor(
  collection: DeviceWritableCollection,
  device: DeviceIdentity,
  station: StationFacts | null,
  now: number,
  facts: PushFacts = {},
): WriteRules {
  const writer = {
    deviceId: device.id,
    stationId: device.stationId,
    role: device.role,
    issuingSlot: device.issuingSlot,
    issuingSlots: device.issuingSlots,
  };
  return (w) => checkWrite({ collection, ...w, writer, station, now, facts });
}

/**
 * The stored documents the rules compare this push with. Appointments: the
 * station's bookings of the pushed days, under the station's booking lock so two
 * counters cannot both take a slot's last place; a booking accepted earlier in the
 * same push counts for the next (`accepted`). Tickets: the appointments new
 * appointment tickets name.
 */
async function pushFacts(
  tx: Tx,
  name: DeviceWritableCollection,
  stationId: string,
  rows: readonly { newDocumentState: Record<string, unknown> }[],
): Promise<{ facts: PushFacts; accepted: (doc: Record<string, unknown>) => void }> {
  const none = { facts: {}, accepted: () => {} };
  if (name === 'appointments') {
    await lockBookings(tx, stationId);
    const days = [...new Set(rows.map((r) => String(r.newDocumentState.day ?? '')))];
    const byDay = new Map<string, AppointmentDoc[]>(days.map((d) => [d, []]));
    for (const a of await selectAppointmentsOfDays(tx, stationId, days)) byDay.get(a.day)?.push(a);
    return {
      facts: { appointmentsOfDay: (day) => byDay.get(day) ?? [] },
      accepted: (doc) => {
        const a = doc as unknown as AppointmentDoc;
        const list = byDay.get(a.day);
        if (list) byDay.set(a.day, [...list.filter((o) => o.id !== a.id), a]);
      },
    };
  }
  if (name === 'tickets') {
    const ids = rows.flatMap((r) => {
      const id = r.newDocumentState.appointmentId;
      return typeof id === 'string' ? [id] : [];
    });
    if (ids.length === 0) return none;
    const byId = new Map((await selectAppointments(tx, stationId, ids)).map((a) => [a.id, a]));
    return { facts: { appointment: (id) => byId.get(id) }, accepted: () => {} };
  }
  return none;
}

/** Devices named as creator by pushed documents that are not stored yet and not the pusher's own. */
function relayedCreators(
  rows: readonly PushRowInput[],
  stored: ReadonlyMap<string, unknown>,
  device: DeviceIdentity,
): string[] {
  const ids = new Set<string>();
  for (const { newDocumentState: doc } of rows) {
    if (stored.has(doc.id) || typeof doc.deviceId !== 'string' || doc.deviceId === device.id) continue;
    ids.add(doc.deviceId);
  }
  return [...ids];
}

/**
 * The backstop of numbering: a new ticket whose (day, number) another ticket of
 * the station holds, stored or earlier in this batch, is refused. Runs under the
 * A ticket of the same number inserted concurrently by another push is caught by
 * writeRows (WriteRaceLost): the push reruns and refuses it here, so the unique
 * index (migration 003) never fails a whole push.
 */
async function refuseTakenNumbers(tx: Queryable, stationId: string, decisions: PushDecision[]): Promise<void> {
  const fresh = decisions.flatMap((d, i) =>
    d.kind === 'write' && d.isNew ? [{ i, doc: d.write.doc as unknown as TicketDoc }] : [],
  );
  if (fresh.length === 0) return;
  const taken = await selectTakenNumbers(
    tx,
    stationId,
    fresh.map(({ doc }) => ({ day: doc.day, number: doc.number })),
  );
  for (const { i, doc } of fresh) {
    const key = numberKey(doc.day, doc.number);
    if (taken.has(key)) {
      decisions[i] = {
        kind: 'refused',
        refusal: refuse('number_taken', `another ticket of this station already has ${doc.number} on ${doc.day}`),
      };
    }
    taken.add(key);
  }
}

/**
 * Pauses, ms, of a pull waiting for rows held back by an older, still running
 * transaction (see change-order-sql.ts): growing, so a busy database is not polled hard.
 * Up to ~2.6 s in all: any writing transaction of the database (a report's re-aggregation,
 * a migration, a bulk import) holds back the rows committed after it began, and a pull
 * that gave up sooner would tell the device it has caught up while its own station's
 * push of a moment ago is still behind. Only a pull whose station has rows held back waits.
 */
const HELD_BACK_PAUSES_MS = [2, 5, 10, 20, 40, 80, 160, 320, 640, 1280];

/** One stored write of a push: the wire document it replaced (none for a new one) and what was written. */
export interface PushedWrite {
  before: WireDoc | undefined;
  after: RowWrite;
}

/**
 * Runs inside a push's transaction, after its rows are written: the station hub
 * records each write for its uplink there, so a write and its record commit together.
 */
export type PushWriteHook = (
  tx: Tx,
  collection: DeviceWritableCollection,
  device: DeviceIdentity,
  writes: readonly PushedWrite[],
) => Promise<void>;

export function replicationRepository(
  db: Db,
  channel: string,
  now: () => number = Date.now,
  afterWrites?: PushWriteHook,
): ReplicationRepository {
  const refusals = refusalRepository(db);
  // PGlite is one session: no write transaction is open while a read runs, so no row ever
  // waits above the read bound (change-order-sql.ts) and the question needs no statement.
  // On a station hub that is one statement fewer per pull and per commit the live feed reads.
  const heldBack = (collection: ServerCollection, stationId?: string) =>
    db.kind === 'pglite' ? Promise.resolve(false) : hasHeldBack(db, collection, stationId);
  return {
    async pull(name, stationId, checkpoint, limit) {
      const collection = SERVER_COLLECTIONS[name];
      let rows = await selectAfter(db, collection, checkpoint, limit, stationId);
      // A short page tells RxDB it has caught up. Rows this station's devices just
      // committed may still wait behind an older transaction for a few ms: give it
      // that long, so a pull right after a push sees the push. (A row that waits
      // longer still arrives: through the stream, or the next pull.)
      for (const pause of HELD_BACK_PAUSES_MS) {
        if (rows.length >= limit || !(await heldBack(collection, stationId))) break;
        await new Promise((resolve) => setTimeout(resolve, pause));
        rows = await selectAfter(db, collection, checkpoint, limit, stationId);
      }
      const last = rows.at(-1);
      // Only an empty page can hide a bad checkpoint; a page with rows proves it is below them.
      if (!last && checkpoint) await assertNotAhead(db, collection, checkpoint);
      return { documents: rows.map(toWireDoc), checkpoint: last ? checkpointOf(last) : checkpoint };
    },

    push(name, device, rows) {
      const collection = SERVER_COLLECTIONS[name];
      // No collection lock: writers of other documents proceed in parallel, and
      // change-order-sql.ts says why pullers still skip nothing. A push that lost an
      // insert race to another runs again from the start.
      return transactionWithRetry(db, async (tx) => {
        const stored = await selectForUpdate(
          tx,
          collection,
          rows.map((r) => r.newDocumentState.id),
        );
        // Needs and health reports are checked without the catalog; tickets and help requests name its queues and staff.
        const station =
          name === 'needs' || name === 'deviceHealth'
            ? null
            : stationFacts(await selectStationDoc(tx, device.stationId));
        const { facts, accepted } = await pushFacts(tx, name, device.stationId, rows);
        const at = now();
        const rules = rulesFor(name, device, station, at, facts);
        // The creators of documents this server has not seen, pushed by another device (decidePush says when).
        const creators = await selectStationDevices(tx, device.stationId, relayedCreators(rows, stored, device));
        const creatorRules = (id: string) => {
          const creator = creators.get(id);
          return creator ? rulesFor(name, creator, station, at, facts) : undefined;
        };
        const decisions = rows.map((row) => {
          const decision = decidePush(
            collection,
            stored.get(row.newDocumentState.id),
            row,
            device,
            rules,
            creatorRules,
          );
          if (decision.kind === 'write') accepted(decision.write.doc);
          return decision;
        });
        if (name === 'tickets') await refuseTakenNumbers(tx, device.stationId, decisions);
        const inserts: RowWrite[] = [];
        const updates: RowWrite[] = [];
        const conflicts: WireDoc[] = [];
        const refused: PushRefusal[] = [];
        decisions.forEach((decision, i) => {
          switch (decision.kind) {
            case 'refused':
              refused.push({ id: rows[i]!.newDocumentState.id, ...decision.refusal });
              break;
            case 'conflict':
              conflicts.push(decision.master);
              break;
            case 'write':
              (decision.isNew ? inserts : updates).push(decision.write);
              break;
            case 'unchanged':
              break;
          }
        });
        if (inserts.length + updates.length > 0) {
          await writeRows(tx, collection, { inserts, updates });
          await notify(tx, channel, { type: 'changed', collection: name });
          if (afterWrites) {
            const before = (id: string) => {
              const row = stored.get(id);
              return row ? toWireDoc(row) : undefined;
            };
            await afterWrites(
              tx,
              name,
              device,
              [...inserts, ...updates].map((after) => ({ before: before(after.id), after })),
            );
          }
        }
        if (refused.length > 0) {
          // Same transaction: a refusal is on record exactly when the rest of the push landed.
          const records: NewWriteRefusal[] = refused.map((r) => ({
            stationId: device.stationId,
            deviceId: device.id,
            collection: name,
            docId: r.id,
            rule: r.code,
            message: r.message,
          }));
          await refusals.record(records, tx);
        }
        return { conflicts, refused };
      });
    },

    changesSince(name, checkpoint, limit) {
      return selectAfter(db, SERVER_COLLECTIONS[name], checkpoint, limit);
    },

    heldBack(name) {
      return heldBack(SERVER_COLLECTIONS[name]);
    },

    head(name) {
      return selectHead(db, SERVER_COLLECTIONS[name], true);
    },
  };
}
