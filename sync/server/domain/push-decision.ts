/**
 * What to do with one pushed document, decided from the stored row alone. Pure, so
 * the rules of RxDB's push contract, of station scoping and of the queue live in
 * one place, and the repository only applies the decision.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import type { DeviceRole } from '#protocol/enrolment.ts';
import { readView } from '#protocol/rules/read-views.ts';
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
    if ('deviceId' in next.doc && next.doc.deviceId !== device.id) {
      return {
        kind: 'refused',
        refusal: refuse(
          'wrong_device',
          `document "${next.doc.id}" names device "${String(next.doc.deviceId)}" but was pushed by "${device.id}"`,
        ),
      };
    }
    const refusal = rules({ stored: undefined, next: next.doc, deleted: next.deleted });
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
