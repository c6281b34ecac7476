/**
 * Guards RxDB's stored upstream position against a device clock that went back.
 *
 * RxDB orders a device's own writes by their local write time (`_meta.lwt`, the
 * device clock) and, when replication starts, uploads only writes after the
 * stored upstream position (rxdb 17.6 replication-protocol/upstream.ts,
 * upstreamInitialSync). Within one run its clock never goes back (rxdb's now() is
 * monotonic per process), but after a restart with the clock set back — a
 * technician fixing a wrong clock, NTP stepping after a dead CMOS battery — new
 * writes fall below that position and are never uploaded. Device clocks are
 * allowed to be wrong, so before replication starts the position is moved back:
 * - to just before the oldest write still waiting to upload (the outbox), so
 *   every waiting write is scanned again, whatever its time;
 * - to the start (scan everything) when the position is later than the device's
 *   clock now: the clock went back, and a write may have escaped the outbox.
 * It is only ever moved back, never forward.
 * Scanning again is cheap and safe: RxDB skips documents equal to what the
 * district is known to hold.
 */
import { getComposedPrimaryKeyOfDocumentData, type RxCollection, type RxStorageInstance } from 'rxdb';
import type { RxReplicationState } from 'rxdb/plugins/replication';
import { createRevision, now as rxdbNow } from 'rxdb/plugins/utils';
import type { ReplicationCheckpoint } from '#protocol/wire-messages.ts';

/** The upstream position: the local write time and id of the last document uploaded. */
interface UpstreamPosition {
  id: string;
  lwt: number;
}

interface CheckpointDoc {
  id: string;
  checkpointData?: UpstreamPosition;
  _deleted: boolean;
  _rev: string;
  _meta: { lwt: number };
  _attachments: Record<string, never>;
  [key: string]: unknown;
}

export type GuardOutcome = 'kept' | 'moved-back' | 'none';

/** The very start: every local document is scanned. */
const FROM_START: UpstreamPosition = { id: '', lwt: 0 };

/** Where the upstream scan must start so that no waiting write is skipped. */
export function guardedPosition(
  stored: UpstreamPosition,
  oldestWaitingLwt: number | undefined,
  clockNow: number,
): UpstreamPosition | 'keep' {
  if (stored.lwt > clockNow) return FROM_START;
  if (oldestWaitingLwt !== undefined && oldestWaitingLwt <= stored.lwt) return { id: '', lwt: oldestWaitingLwt };
  return 'keep';
}

/** Call before `state.start()`; `waitingIds` are this collection's ids in the outbox. */
export async function guardUpstreamPosition(
  state: RxReplicationState<unknown, ReplicationCheckpoint>,
  collection: RxCollection,
  waitingIds: readonly string[],
  clockNow: number = Date.now(),
): Promise<GuardOutcome> {
  const db = collection.database;
  const info = await state.metaInfoPromise;
  const meta = (await db.storage.createStorageInstance({
    databaseName: db.name,
    collectionName: info.collectionName,
    databaseInstanceToken: db.token,
    multiInstance: db.multiInstance,
    options: {},
    schema: info.schema,
    password: db.password,
    devMode: false,
  })) as unknown as RxStorageInstance<CheckpointDoc, unknown, unknown>;
  try {
    const id = getComposedPrimaryKeyOfDocumentData(info.schema as never, { isCheckpoint: '1', itemId: 'up' } as never);
    const [doc] = await meta.findDocumentsById([id], false);
    if (!doc?.checkpointData) return 'none';
    const waiting = waitingIds.length ? await collection.storageInstance.findDocumentsById([...waitingIds], true) : [];
    const oldest = waiting.length ? Math.min(...waiting.map((d) => d._meta.lwt)) : undefined;
    const next = guardedPosition(doc.checkpointData, oldest, clockNow);
    if (next === 'keep') return 'kept';
    const document: CheckpointDoc = {
      ...doc,
      _attachments: {},
      checkpointData: next,
      _meta: { lwt: rxdbNow() },
      _rev: createRevision(db.token, doc as never),
    };
    const result = await meta.bulkWrite([{ previous: doc, document }], 'doorstep-upstream-guard');
    if (result.error.length) throw new Error(`could not move the upstream position back: ${result.error[0]?.status}`);
    return 'moved-back';
  } finally {
    await meta.close();
  }
}
