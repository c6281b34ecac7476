/**
 * Wire messages of RxDB replication between a device and the district server:
 * endpoint paths, checkpoint, pull/push/stream payloads and limits. Runtime-free.
 *
 * Every endpoint needs `Authorization: Bearer <device credential>`; the station a
 * device reads and writes comes only from that credential.
 */
import { API_PREFIX } from './api.ts';
import type { RefusalCode } from './rules/refusals.ts';
import type { CollectionName } from './schemas.ts';

/** Collections the server replicates, in a fixed order. */
export const REPLICATED_COLLECTIONS = [
  'services',
  'stations',
  'tickets',
  'needs',
  'helpRequests',
  'deviceHealth',
  'appointments',
  // Written only by the district (console): devices pull it, never push it.
  'projects',
] as const satisfies readonly CollectionName[];
export type ReplicatedCollection = (typeof REPLICATED_COLLECTIONS)[number];

/** Collections a device may push. The catalog (services, stations) is written only by the district. */
export const DEVICE_WRITABLE_COLLECTIONS = [
  'tickets',
  'needs',
  'helpRequests',
  'deviceHealth',
  'appointments',
] as const satisfies readonly ReplicatedCollection[];
export type DeviceWritableCollection = (typeof DEVICE_WRITABLE_COLLECTIONS)[number];

export function isDeviceWritable(collection: ReplicatedCollection): collection is DeviceWritableCollection {
  return (DEVICE_WRITABLE_COLLECTIONS as readonly string[]).includes(collection);
}

export type ReplicationOperation = 'pull' | 'push' | 'stream';

/**
 * `/api/v1/replication/<collection>/<op>`:
 * - `pull`: GET `?checkpoint_lwt=&checkpoint_id=&limit=` (both checkpoint fields or
 *   neither), or POST `PullRequest` → `PullResponse`.
 * - `push`: POST `PushRow[]` → `PushResponse` (the conflicting server documents).
 * - `stream`: GET, `text/event-stream`; each event's `data` is a JSON `StreamMessage`.
 */
export function replicationPath(collection: ReplicatedCollection, op: ReplicationOperation): string {
  return `${API_PREFIX}/replication/${collection}/${op}`;
}

/**
 * A position in a collection's change order: the server-assigned write position
 * `lwt` of the last document seen, and its `id` as tie-breaker. Never a device clock.
 */
export interface ReplicationCheckpoint {
  lwt: number;
  id: string;
}

/** A document as it travels: the RxDB document fields plus `_deleted`. No `_rev`, `_meta` or `_attachments`. */
export type WireDocument<T> = T & { _deleted: boolean };

/** POST body of `pull`; `checkpoint` null (or absent) means "from the beginning". */
export interface PullRequest {
  checkpoint?: ReplicationCheckpoint | null;
  limit?: number;
}

/**
 * Rows after the checkpoint in `(lwt, id)` order, at most `limit`. `checkpoint` is
 * the last document's position, or the request's checkpoint when nothing is new
 * (null if that was null too). Fewer documents than `limit` means "caught up".
 */
export interface PullResponse<T> {
  documents: WireDocument<T>[];
  checkpoint: ReplicationCheckpoint | null;
}

/**
 * One document a device writes. `assumedMasterState` is the server state the device
 * last saw (absent for a document it created).
 */
export interface PushRow<T> {
  assumedMasterState?: WireDocument<T>;
  newDocumentState: WireDocument<T>;
}

/** The server's current documents for the rows that conflicted; `[]` when all were written. */
export type PushResponse<T> = WireDocument<T>[];

/**
 * One server-sent event: documents of the device's scope committed since the last
 * event, with the checkpoint after them, or 'RESYNC' when the device should pull
 * from its own checkpoint because the server may have missed changes.
 */
export type StreamMessage<T> = { documents: WireDocument<T>[]; checkpoint: ReplicationCheckpoint } | 'RESYNC';

/** Query parameter names of GET pull. */
export const PULL_QUERY = { checkpointLwt: 'checkpoint_lwt', checkpointId: 'checkpoint_id', limit: 'limit' } as const;

export const PULL_LIMIT_DEFAULT = 100;
export const PULL_LIMIT_MAX = 1000;
/** Most documents one push may carry; RxDB's default push batch is 100. */
export const PUSH_BATCH_MAX = 500;
/** Largest replication request body, in bytes. */
export const REPLICATION_BODY_LIMIT = 1024 * 1024;
/** The stream sends a comment line this often so proxies and clients see it alive. */
export const STREAM_HEARTBEAT_MS = 15_000;
/**
 * Response header of the live stream: the server's heartbeat interval in ms, so a
 * device knows how long a silence means the connection is dead, whatever the
 * server was configured with.
 */
export const STREAM_HEARTBEAT_HEADER = 'x-doorstep-heartbeat-ms';

/**
 * GET `/api/v1/replication/stream`: one event stream carrying every collection's
 * changes for the device, so a device holds one connection instead of one per
 * collection (browsers allow only six per server over HTTP/1.1).
 */
export const MULTIPLEX_STREAM_PATH = `${API_PREFIX}/replication/stream`;

/** One event of the multiplexed stream: which collection, and that collection's StreamMessage. */
export interface MultiplexedStreamEvent<T = Record<string, unknown>> {
  collection: ReplicatedCollection;
  message: StreamMessage<T>;
}

/**
 * Per-row refusals of a push. The push body stays what RxDB expects (the array of
 * conflicts); a device that also wants to know which rows the district refused
 * asks for this media type in `Accept` and gets a `PushReport` instead. Either
 * way the response carries `PUSH_REFUSED_HEADER` with the number of refused rows.
 */
export const PUSH_REPORT_MEDIA_TYPE = 'application/vnd.doorstep.push-report+json';
export const PUSH_REFUSED_HEADER = 'x-doorstep-refused';

/** One refused row: the document id, the rule's code and its message. */
export interface PushRefusal {
  id: string;
  code: RefusalCode;
  message: string;
}

/**
 * The push response for `Accept: PUSH_REPORT_MEDIA_TYPE`. Refused rows are not
 * conflicts: the district keeps its state, the device keeps its document and does
 * not push it again until it changes.
 */
export interface PushReport<T> {
  conflicts: WireDocument<T>[];
  refused: PushRefusal[];
}
