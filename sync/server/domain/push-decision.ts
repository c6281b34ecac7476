/**
 * What to do with one pushed document, decided from the stored row alone. Pure, so
 * the rules of RxDB's push contract and of station scoping live in one place.
 */
import { deepEqual } from 'rxdb/plugins/utils';
import { fromWireDoc, toWireDoc, type RowWrite, type StoredRow, type WireDoc } from './documents.ts';
import type { ServerCollection } from './collections.ts';

/** The pushing device, as its credential says. */
export interface DeviceIdentity {
  id: string;
  stationId: string;
}

export interface PushRowInput {
  assumedMasterState?: Record<string, unknown>;
  newDocumentState: Record<string, unknown> & { id: string };
}

export type PushDecision =
  | { kind: 'write'; write: RowWrite }
  /** The stored row already equals the new state: RxDB retried a push that was applied. */
  | { kind: 'unchanged' }
  | { kind: 'conflict'; master: WireDoc }
  | { kind: 'forbidden'; code: 'wrong_station' | 'wrong_device'; message: string };

/** Keys RxDB may keep in its own copy of a master state; never part of the comparison. */
function withoutRxdbInternals(doc: Record<string, unknown>): Record<string, unknown> {
  const { _rev: _r, _meta: _m, _attachments: _a, ...rest } = doc;
  return { _deleted: false, ...rest };
}

/**
 * RxDB's rules (see NOTES.md): no row → insert; row and no assumed state → conflict;
 * row equal to the assumed state → write; otherwise conflict. Plus:
 * - a stored row already equal to the new state is success without a write;
 * - no row but an assumed state also inserts (as RxDB's own handler does): there is
 *   no server state to conflict with, and refusing would lose the device's document;
 * - a device writes only its own station's documents, and a document keeps the
 *   device that created it (`deviceId`), so a forged origin is refused.
 */
export function decidePush(
  collection: ServerCollection,
  stored: StoredRow | undefined,
  row: PushRowInput,
  device: DeviceIdentity,
): PushDecision {
  const next = fromWireDoc(row.newDocumentState);
  const nextStation = collection.stationOf(next.doc);
  if (nextStation !== device.stationId || (stored && stored.stationId !== device.stationId)) {
    // Same answer whether or not the id exists elsewhere: nothing about another station leaks.
    return {
      kind: 'forbidden',
      code: 'wrong_station',
      message: `document "${next.doc.id}" does not belong to this device's station "${device.stationId}"`,
    };
  }
  const write: RowWrite = { id: next.doc.id, stationId: nextStation, deleted: next.deleted, doc: next.doc };
  if (!stored) {
    if ('deviceId' in next.doc && next.doc.deviceId !== device.id) {
      return {
        kind: 'forbidden',
        code: 'wrong_device',
        message: `document "${next.doc.id}" names device "${String(next.doc.deviceId)}" but was pushed by "${device.id}"`,
      };
    }
    return { kind: 'write', write };
  }
  const master = toWireDoc(stored);
  if (deepEqual(master, withoutRxdbInternals(row.newDocumentState))) return { kind: 'unchanged' };
  if (!row.assumedMasterState || !deepEqual(master, withoutRxdbInternals(row.assumedMasterState))) {
    return { kind: 'conflict', master };
  }
  if ('deviceId' in stored.doc && next.doc.deviceId !== stored.doc.deviceId) {
    return {
      kind: 'forbidden',
      code: 'wrong_device',
      message: `document "${next.doc.id}" was created by device "${String(stored.doc.deviceId)}"; its deviceId cannot change`,
    };
  }
  return { kind: 'write', write };
}
