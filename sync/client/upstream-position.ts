/**
 * Keeps RxDB's upstream position from passing a write still waiting to upload,
 * whatever the device clock does.
 *
 * RxDB orders a device's own writes by their local write time (`_meta.lwt`, the
 * device clock) and uploads only writes after its upstream position: when the
 * replication starts, and again at every RESYNC — and at a RESYNC it drops the
 * writes it had queued, trusting the rescan to find them (rxdb 17.6
 * replication-protocol/upstream.ts, upstreamInitialSync and processTasks). That
 * holds while the clock only moves forward (rxdb's now() is monotonic within one
 * process). Device clocks are allowed to be wrong, and after a restart with the
 * clock set back — a technician fixing a wrong clock, NTP stepping after a dead
 * CMOS battery — two things break:
 * - the stored position is later than every new write, so they are never scanned;
 * - even after a scan from the start, the position ends at the newest write time
 *   in the replica (from before the clock went back), so a write queued when a
 *   RESYNC arrives (a stream reconnect) is dropped and the rescan skips it.
 * (Upstream report text: docs/upstream/rxdb-upstream-clock-back.md.)
 * Two guards, both only ever moving the position back:
 * - `guardUpstreamClock` wraps the storage: a stored position later than the
 *   device clock now is read as the start, so every scan while the clock is behind
 *   covers everything (cheap and safe: RxDB skips documents equal to what the
 *   district is known to hold, and it lasts only until the clock passes its old
 *   writes again);
 * - `guardUpstreamPosition`, before replication starts, moves the position to just
 *   before the oldest write still waiting to upload (the outbox), whatever its time.
 */
import {
  getComposedPrimaryKeyOfDocumentData,
  META_INSTANCE_SCHEMA_TITLE,
  type RxCollection,
  type RxStorage,
  type RxStorageInstance,
} from 'rxdb';
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

/**
 * rxdb's now() may run a little ahead of Date.now() under bursts of writes (it
 * never repeats a value); only a position more than this far ahead is a clock
 * that went back.
 */
const CLOCK_TOLERANCE_MS = 1_000;

/** Where the upstream scan must start so that no waiting write is skipped. */
export function guardedPosition(
  stored: UpstreamPosition,
  oldestWaitingLwt: number | undefined,
): UpstreamPosition | 'keep' {
  if (oldestWaitingLwt !== undefined && oldestWaitingLwt <= stored.lwt) return { id: '', lwt: oldestWaitingLwt };
  return 'keep';
}

/** The position as it must be read now: the start when it is later than the device clock. */
export function positionForClock(stored: UpstreamPosition, clockNow: number): UpstreamPosition {
  return stored.lwt > clockNow + CLOCK_TOLERANCE_MS ? FROM_START : stored;
}

function isUpstreamCheckpoint(doc: { isCheckpoint?: unknown; itemId?: unknown }): boolean {
  return doc.isCheckpoint === '1' && doc.itemId === 'up';
}

/**
 * The storage the device's database must be created with: reads of a replication's
 * upstream position go through `positionForClock` (the stored document is left as
 * RxDB wrote it, so its revision and RxDB's own bookkeeping are untouched).
 */
export function guardUpstreamClock<Internals, Options>(
  storage: RxStorage<Internals, Options>,
  clock: () => number = Date.now,
): RxStorage<Internals, Options> {
  return {
    ...storage,
    async createStorageInstance(params) {
      const instance = await storage.createStorageInstance(params);
      if (params.schema.title !== META_INSTANCE_SCHEMA_TITLE) return instance;
      const find = instance.findDocumentsById.bind(instance);
      instance.findDocumentsById = async (ids, withDeleted) =>
        (await find(ids, withDeleted)).map((doc) => {
          const meta = doc as unknown as CheckpointDoc & { isCheckpoint?: string; itemId?: string };
          if (!isUpstreamCheckpoint(meta) || !meta.checkpointData) return doc;
          const position = positionForClock(meta.checkpointData, clock());
          return position === meta.checkpointData
            ? doc
            : ({ ...meta, checkpointData: position } as unknown as typeof doc);
        });
      return instance;
    },
  };
}

/**
 * Call before `state.start()`; `waitingIds` are this collection's ids in the outbox.
 * The database's storage must be wrapped with `guardUpstreamClock` (the read below
 * goes through it too).
 */
export async function guardUpstreamPosition(
  state: RxReplicationState<unknown, ReplicationCheckpoint>,
  collection: RxCollection,
  waitingIds: readonly string[],
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
    const next = guardedPosition(doc.checkpointData, oldest);
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
