/**
 * What to do with one pushed document, decided from the stored row alone. Pure, so
 * the rules of RxDB's push contract, of station scoping and of the queue live in
 * one place, and the repository only applies the decision.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { DeviceRole } from '#protocol/enrolment.ts';
import { stateAtCreation } from '#protocol/rules/check-write.ts';
import { readView } from '#protocol/rules/read-views.ts';
import { isDeviceWritable } from '#protocol/wire-messages.ts';
import { refuse, type Refusal } from '#protocol/rules/refusals.ts';
import { fromWireDoc, toWireDoc, type RowWrite, type StoredDoc, type StoredRow, type WireDoc } from './documents.ts';
import type { ServerCollection } from './collections.ts';

/** The pushing device, as its credential says. */
export interface DeviceIdentity {
  id: string;
  stationId: string;
  role: DeviceRole;
  issuingSlot: number;
  issuingSlots: number;
}

export interface PushRowInput {
  assumedMasterState?: Record<string, unknown>;
  newDocumentState: Record<string, unknown> & { id: string };
}

/** The queue's rules for one write (sync/protocol/rules/check-write.ts, bound to the station's facts). */
export type WriteRules = (write: {
  stored: StoredDoc | undefined;
  next: StoredDoc;
  deleted: boolean;
}) => Refusal | null;

/**
 * The rules bound to another device of the pusher's station, as the creator of a
 * document the server has not stored yet; undefined when `deviceId` is not a
 * current device of that station.
 */
export type CreatorRules = (deviceId: string) => WriteRules | undefined;

/** No rule beyond RxDB's contract and station scope (for tests of the contract alone). */
export const NO_RULES: WriteRules = () => null;

export type PushDecision =
  /** `isNew`: no stored row, so a new ticket's number still has to be checked against the others. */
  | { kind: 'write'; write: RowWrite; isNew: boolean }
  /** The stored row already equals the new state: RxDB retried a push that was applied. */
  | { kind: 'unchanged' }
  | { kind: 'conflict'; master: WireDoc }
  /** Refused, for this row only: the rest of the batch still lands. */
  | { kind: 'refused'; refusal: Refusal };

/** Keys RxDB may keep in its own copy of a master state; never part of the comparison. */
function withoutRxdbInternals(doc: Record<string, unknown>): Record<string, unknown> {
  const { _rev: _r, _meta: _m, _attachments: _a, ...rest } = doc;
  return { _deleted: false, ...rest };
}

/**
 * RxDB's rules (the server contract of RxDB's replication client): no row →
 * insert; row and no assumed state → conflict; row equal to the assumed state →
 * write; otherwise conflict. Plus:
 * - a stored row already equal to the new state is success without a write;
 * - no row but an assumed state also inserts (as RxDB's own handler does): there is
 *   no server state to conflict with, and refusing would lose the device's document;
 * - the device sees, and so assumes, the document as its role may read it
 *   (readView): the assumed state is compared with that view, and a conflict
 *   returns that view, so hidden fields never reach it;
 * - a device writes only its own station's documents, and a document keeps the
 *   device that created it (`deviceId`);
 * - a write that would change the server's state must pass the queue's rules.
 * Conflicts come before the rules: a device that had not seen the latest state
 * merges first and pushes the merge, which is then checked.
 */
export function decidePush(
  collection: ServerCollection,
  stored: StoredRow | undefined,
  row: PushRowInput,
  device: DeviceIdentity,
  rules: WriteRules,
  creatorRules: CreatorRules = () => undefined,
): PushDecision {
  const next = fromWireDoc(row.newDocumentState);
  const nextStation = collection.stationOf(next.doc);
  if (nextStation !== device.stationId || (stored && stored.stationId !== device.stationId)) {
    // Same answer whether or not the id exists elsewhere: nothing about another station leaks.
    return {
      kind: 'refused',
      refusal: refuse(
        'wrong_station',
        `document "${next.doc.id}" does not belong to this device's station "${device.stationId}"`,
      ),
    };
  }
  const write: RowWrite = { id: next.doc.id, stationId: nextStation, deleted: next.deleted, doc: next.doc };
  if (!stored) {
    const refusal =
      'deviceId' in next.doc && next.doc.deviceId !== device.id
        ? checkRelayed(collection, next.doc, next.deleted, device, rules, creatorRules)
        : rules({ stored: undefined, next: next.doc, deleted: next.deleted });
    return refusal ? { kind: 'refused', refusal } : { kind: 'write', write, isNew: true };
  }
  const full = toWireDoc(stored);
  if (deepEqual(full, withoutRxdbInternals(row.newDocumentState))) return { kind: 'unchanged' };
  const master = readView(collection.name, device.role, full);
  if (!row.assumedMasterState || !deepEqual(master, withoutRxdbInternals(row.assumedMasterState))) {
    return { kind: 'conflict', master };
  }
  if ('deviceId' in stored.doc && next.doc.deviceId !== stored.doc.deviceId) {
    return {
      kind: 'refused',
      refusal: refuse(
        'wrong_device',
        `document "${next.doc.id}" was created by device "${String(stored.doc.deviceId)}"; its deviceId cannot change`,
      ),
    };
  }
  const refusal = rules({ stored: stored.doc, next: next.doc, deleted: next.deleted });
  return refusal ? { kind: 'refused', refusal } : { kind: 'write', write, isNew: false };
}

/**
 * A document this server has not stored yet, pushed by a device that did not create
 * it. That is the normal way a change reaches a server first: a counter calls a
 * kiosk's ticket it pulled from the station hub, then syncs with the district
 * because the hub went down (or with a hub restarted without it) before the
 * ticket's own upload arrived there. Refusing it would lose the call for good: RxDB
 * takes a refused row as pushed and then lets the server's older version overwrite
 * it. So it is checked as what it is, two writes in one: the creation as its
 * creator made it (`stateAtCreation`), by the rules of that device (a current device
 * of the same station: its role, its issuing slot), and the rest as the pusher's
 * change. A bare creation in another device's name is still refused: a device
 * relays only what it moved on itself, which a kiosk cannot do to a ticket, so a
 * kiosk can never issue numbers in another kiosk's slot (a counter, which can,
 * could already cancel those).
 */
function checkRelayed(
  collection: ServerCollection,
  doc: StoredDoc,
  deleted: boolean,
  device: DeviceIdentity,
  rules: WriteRules,
  creatorRules: CreatorRules,
): Refusal | null {
  const creatorId = String(doc.deviceId);
  const creator = creatorRules(creatorId);
  const created = creator && isDeviceWritable(collection.name) ? stateAtCreation(collection.name, doc) : undefined;
  if (!creator || !created || deepEqual(created, doc)) {
    return refuse('wrong_device', `document "${doc.id}" names device "${creatorId}" but was pushed by "${device.id}"`);
  }
  return (
    creator({ stored: undefined, next: created as StoredDoc, deleted: false }) ??
    rules({ stored: created as StoredDoc, next: doc, deleted })
  );
}
