/**
 * Replicates the device's local RxDB collections with the district server using
 * RxDB's own replication client: pull by checkpoint, push with conflict detection,
 * and one live event stream for all collections. Works the same whether the
 * network is there or not: failures back off and retry, a connection gone silent
 * is given up and tried again (deadlines.ts), and a reconnecting stream makes
 * every collection RESYNC from its checkpoint. A stream event's documents are applied
 * as they come (no pull after each event): see `resyncAll` for why that is safe.
 */
import { BehaviorSubject, Subject, type Observable } from 'rxjs';
import type { RxCollection, RxReplicationPullStreamItem } from 'rxdb';
import { replicateRxCollection, type RxReplicationState } from 'rxdb/plugins/replication';
import { APP_VERSION_HEADER, PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import {
  DEVICE_WRITABLE_COLLECTIONS,
  MULTIPLEX_STREAM_PATH,
  PULL_QUERY,
  PUSH_REPORT_MEDIA_TYPE,
  REPLICATED_COLLECTIONS,
  REPLICATION_BODY_LIMIT,
  replicationPath,
  type PullResponse,
  type PushRefusal,
  type PushReport,
  type PushRow,
  type ReplicatedCollection,
  type MultiplexedStreamEvent,
  type ReplicationCheckpoint,
  type WireDocument,
} from '#protocol/wire-messages.ts';
import { settledByPush, type Outbox } from './outbox.ts';
import { sleep } from './abortable-sleep.ts';
import { guardUpstreamPosition } from './upstream-position.ts';
import { clockOffsetFromDate } from './server-clock.ts';
import { RetryAfterGate } from './retry-after.ts';
import type { RefusedWrites } from './refused-writes.ts';
import { ANSWER_SILENCE_MS, answerStartMs, readBodyText, SilenceDeadline, type AnswerDeadlines } from './deadlines.ts';
import { EventStreamReader, StreamRefused } from './sse.ts';
import { backoffMs, type SyncStatus } from './status.ts';
import { credentialRefusal, errorCode, HttpError } from './http-error.ts';

export interface ReplicationOptions {
  collections: Record<ReplicatedCollection, RxCollection>;
  districtUrl: string;
  credential: string;
  outbox: Outbox;
  /** Where the district's per-row refusals go (shown in diagnostics); without it they are only logged by the district. */
  refusals?: RefusedWrites;
  /** Documents per pull request: larger batches make a long-offline station catch up faster. */
  pullBatchSize?: number;
  pushBatchSize?: number;
  now?: () => number;
  /** The app's version, sent with every request so the district's device list shows it. */
  appVersion?: string;
  /** How long an answer may take to begin and may stay silent; the field values (deadlines.ts) when absent. */
  answerDeadlines?: AnswerDeadlines;
}

export interface DistrictSync {
  status$: Observable<SyncStatus>;
  states: Map<ReplicatedCollection, RxReplicationState<unknown, ReplicationCheckpoint>>;
  /** Resolves when every collection has pulled and pushed what it has now. */
  awaitInSync(): Promise<void>;
  /** Server clock minus device clock (ms) from the district's last answer; null before one. */
  clockOffsetMs(): number | null;
  stop(): Promise<void>;
}

/** Push requests stay well under REPLICATION_BODY_LIMIT (1 MiB). */
const PUSH_CHUNK_BYTES = Math.floor(REPLICATION_BODY_LIMIT * 0.85);

/** Splits rows into runs whose JSON stays under `maxBytes` (a single oversized row goes alone and gets the server's clear 413). */
export function bySize<T>(rows: T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 2;
  for (const row of rows) {
    const rowSize = new TextEncoder().encode(JSON.stringify(row)).length + 1;
    if (current.length && size + rowSize > maxBytes) {
      chunks.push(current);
      current = [];
      size = 2;
    }
    current.push(row);
    size += rowSize;
  }
  if (current.length) chunks.push(current);
  return chunks;
}

/** Starts live replication of all collections. Call `stop()` to end it. */
export function startDistrictSync(opts: ReplicationOptions): DistrictSync {
  const base = opts.districtUrl.replace(/\/+$/, '');
  const now = opts.now ?? Date.now;
  const headers: Record<string, string> = {
    authorization: `Bearer ${opts.credential}`,
    [PROTOCOL_HEADER]: String(PROTOCOL_VERSION),
    ...(opts.appVersion ? { [APP_VERSION_HEADER]: opts.appVersion } : {}),
  };
  const stopping = new AbortController();
  const retryAfter = new RetryAfterGate();
  let failures = 0;
  let clockOffset: number | null = null;
  const status$ = new BehaviorSubject<SyncStatus>({
    connection: 'connecting',
    lastSyncedAt: null,
    pending: opts.outbox.size,
    lastError: null,
  });
  const patch = (p: Partial<SyncStatus>) => status$.next({ ...status$.value, ...p });
  const pendingSub = opts.outbox.changes.subscribe((pending) => patch({ pending }));

  const succeeded = () => {
    failures = 0;
    patch({ connection: 'online', lastSyncedAt: now(), lastError: null });
  };
  const failed = (error: unknown) => {
    failures++;
    // A refused credential is not "offline": retrying cannot fix it, so the screens tell
    // the technician to re-enrol instead of promising the upload will happen later.
    patch({
      connection: credentialRefusal(error) ?? 'offline',
      lastError: error instanceof Error ? error.message : String(error),
    });
  };

  /**
   * One HTTP call with backoff after failures; RxDB retries the handler when it throws
   * (rxdb 17.6 plugins/replication: the pull and push handlers are called again after
   * `retryTime`, for as long as the replication runs). A connection that goes silent is
   * given up by its deadline (deadlines.ts), so it too ends in an error and a retry
   * instead of a request RxDB's loop waits on for ever. Giving up on a push the district
   * already committed is safe: the district takes a row equal to what it stores as success.
   */
  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    await sleep(retryAfter.delay(backoffMs(failures)), stopping.signal);
    const deadline = new SilenceDeadline(stopping.signal, `${init.method ?? 'GET'} ${path.split('?')[0]}`);
    try {
      const bytes = typeof init.body === 'string' ? new TextEncoder().encode(init.body).length : 0;
      deadline.arm(answerStartMs(bytes, opts.answerDeadlines?.startMs));
      const sentAt = now();
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers: {
          ...headers,
          ...(init.body ? { 'content-type': 'application/json' } : {}),
          ...(init.headers as Record<string, string> | undefined),
        },
        signal: deadline.signal,
        cache: 'no-store',
      });
      retryAfter.note(response);
      clockOffset = clockOffsetFromDate(response.headers.get('date'), sentAt, now()) ?? clockOffset;
      const text = await readBodyText(response, deadline, opts.answerDeadlines?.silenceMs ?? ANSWER_SILENCE_MS);
      if (!response.ok)
        throw new HttpError(response.status, errorCode(text), `${response.status} ${text.slice(0, 300)}`);
      const body = JSON.parse(text) as T;
      succeeded();
      return body;
    } catch (error) {
      if (!stopping.signal.aborted) failed(error);
      throw error;
    } finally {
      deadline.clear();
    }
  }

  // ── Refused writes: kept apart from the outbox (see refused-writes.ts). ──
  /** Records this push's refusals and clears earlier ones for documents the district has now stored. */
  const noteRefusals = (
    name: ReplicatedCollection,
    ids: readonly string[],
    conflicted: ReadonlySet<string>,
    refused: readonly PushRefusal[],
  ) => {
    if (!opts.refusals) return;
    const refusedIds = new Set(refused.map((r) => r.id));
    opts.refusals.accepted(
      name,
      ids.filter((id) => !conflicted.has(id) && !refusedIds.has(id)),
    );
    opts.refusals.record(name, refused);
  };

  const streams = new Map<ReplicatedCollection, Subject<RxReplicationPullStreamItem<unknown, ReplicationCheckpoint>>>();
  const states = new Map<ReplicatedCollection, RxReplicationState<unknown, ReplicationCheckpoint>>();

  for (const name of REPLICATED_COLLECTIONS) {
    // A device database always has every collection (KioskCollections); only test
    // harnesses open fewer, since RxDB's free tier caps open collections per process.
    if (!opts.collections[name]) continue;
    const stream$ = new Subject<RxReplicationPullStreamItem<unknown, ReplicationCheckpoint>>();
    streams.set(name, stream$);
    const writable = (DEVICE_WRITABLE_COLLECTIONS as readonly string[]).includes(name);
    const state = replicateRxCollection<unknown, ReplicationCheckpoint>({
      collection: opts.collections[name] as RxCollection<unknown>,
      replicationIdentifier: `doorstep-v${PROTOCOL_VERSION}-${name}-${base}`,
      live: true,
      // Backoff is ours (see call()); RxDB's own wait only spaces the retries.
      retryTime: 500,
      waitForLeadership: false,
      // A kiosk screen is always "visible"; never pause sync because of it.
      toggleOnDocumentVisible: false,
      // Started below, once the stored upstream position is guarded against a clock set back.
      autoStart: false,
      pull: {
        batchSize: opts.pullBatchSize ?? 500,
        stream$: stream$.asObservable(),
        handler: async (checkpoint, batchSize) => {
          const pull = (from: ReplicationCheckpoint | undefined) => {
            const q = new URLSearchParams({ [PULL_QUERY.limit]: String(batchSize) });
            if (from) {
              q.set(PULL_QUERY.checkpointLwt, String(from.lwt));
              q.set(PULL_QUERY.checkpointId, from.id);
            }
            return call<PullResponse<unknown>>(`${replicationPath(name, 'pull')}?${q}`);
          };
          let body: PullResponse<unknown>;
          let from = checkpoint;
          try {
            body = await pull(from);
          } catch (error) {
            // The district's data is younger than this device's checkpoint (it was rebuilt or
            // restored): pull everything again, or this collection would never move on.
            if (!(error instanceof HttpError && error.code === 'checkpoint_ahead')) throw error;
            from = undefined;
            body = await pull(from);
          }
          return {
            documents: body.documents as WireDocument<unknown>[],
            checkpoint: body.checkpoint ?? from ?? undefined,
          } as never;
        },
      },
      ...(writable
        ? {
            push: {
              batchSize: opts.pushBatchSize ?? 100,
              handler: async (rows) => {
                const conflicts: WireDocument<{ id: string }>[] = [];
                const refused: PushRefusal[] = [];
                // One request stays under the server's body limit however long the tickets'
                // histories grow: a 413 would be retried forever and stall the upload.
                for (const chunk of bySize(rows as PushRow<unknown>[], PUSH_CHUNK_BYTES)) {
                  const report = await call<PushReport<{ id: string }>>(replicationPath(name, 'push'), {
                    method: 'POST',
                    body: JSON.stringify(chunk),
                    headers: { accept: PUSH_REPORT_MEDIA_TYPE },
                  });
                  conflicts.push(...report.conflicts);
                  refused.push(...report.refused);
                }
                const collection = opts.collections[name] as RxCollection<unknown>;
                const conflicted = new Set(conflicts.map((c) => c.id));
                const ids = rows.map((r) => (r.newDocumentState as unknown as { id: string }).id);
                // Refused rows are answered, not waiting: like stored ones they did not conflict,
                // so they leave the outbox; a conflict merged to the district's version does too.
                opts.outbox.confirm(
                  name,
                  await settledByPush(rows as PushRow<unknown>[], conflicts, collection.conflictHandler),
                );
                noteRefusals(name, ids, conflicted, refused);
                // A refused row is not a conflict: RxDB takes it as pushed and does not send it
                // again until the document changes, so it never blocks the rows behind it.
                return conflicts as never;
              },
            },
          }
        : {}),
    });
    states.set(name, state);
    const guarded = writable
      ? guardUpstreamPosition(state, opts.collections[name], opts.outbox.waiting(name)).catch((error: unknown) =>
          failed(error),
        )
      : Promise.resolve();
    void guarded.then(() => (stopping.signal.aborted ? undefined : state.start()));
  }

  /**
   * Every collection pulls from its own checkpoint: when the stream (re)opens, since
   * changes made while it was closed are not replayed, and when no stream is given.
   *
   * Sent twice in a row, because RxDB 17.6 can drop one: it holds stream items while a
   * push runs, and when a 'RESYNC' lands in a batch behind a held event it is taken off
   * the queue and never run (replication-protocol/downstream.ts, addNewTask: `break`
   * after `shift()`; docs/upstream/rxdb-resync-dropped.md). A dropped RESYNC can only be
   * one that ends a batch, so the next batch starts with the second one, which runs — or
   * is dropped only because a pull began after it (`lastTimeMasterChangesRequested`),
   * and that pull covers it. A RESYNC is never overtaken by a later event (RxDB's
   * replication plugin passes it on in fewer steps than an event's documents), so the
   * pull after a reopening always runs before any event of the new connection moves the
   * checkpoint. The second one costs one short pull per reopening, not per event.
   */
  const resyncAll = () => {
    for (const s of streams.values()) {
      s.next('RESYNC');
      s.next('RESYNC');
    }
  };

  // One stream for every collection. Its events carry the committed documents and the
  // checkpoint after them, and RxDB stores them directly (one hop fewer than pulling
  // after each event: about a third of the kiosk → counter time through a hub).
  //
  // Why that never leaves this device without a row the server has, i.e. why no
  // checkpoint this device stores passes a row it was not given:
  // 1. The server's feed (server/domain/change-feed.ts) reads only final rows: those
  //    below pg_snapshot_xmin, whose transactions have all ended (change-order-sql.ts),
  //    so no row can later commit below its cursor. It sends each stream, from the
  //    moment the stream is subscribed, every such row of the device's station in
  //    (lwt, id) order, in the view the device's role pulls, each event's checkpoint
  //    the last row in it. After a lost LISTEN connection it keeps its cursor and reads
  //    on from it (and sends 'RESYNC'), so no event ever jumps over rows.
  // 2. Rows from before the subscription: the server subscribes in the same tick as it
  //    writes the stream's first line, so the pull this device makes on that line
  //    (onOpen → resyncAll) is answered from a later snapshot, whose bound is at or
  //    above everything the feed had read (xmin never goes back).
  // 3. In RxDB that pull runs before any event of the new connection: RxDB's
  //    replication plugin passes a 'RESYNC' on in fewer steps than an event (the event
  //    waits for its documents' modifiers), and its downstream runs queued tasks in
  //    order. A RESYNC dropped by RxDB 17.6 is covered by its twin (resyncAll).
  // 4. An event that reaches RxDB before its downstream listens is lost, but the
  //    downstream's own first pull starts after it and covers its rows.
  // 5. An event that waited in RxDB's queue while a pull ran past it may put back a
  //    document's older version and move the checkpoint back; the feed sent the newer
  //    version after it on the same stream, and if that stream broke first, the
  //    reopening's pull from the older checkpoint fetches it again. A moment's step
  //    back after a reconnect, never a row lost.
  // So a device's checkpoint always ends a prefix of its station's rows it holds.
  // A stream silent for longer than a few of the district's heartbeats is given up and
  // reopened (sse.ts): the reopening's RESYNC pulls whatever was missed meanwhile.
  const events = new EventStreamReader();
  void (async () => {
    while (!stopping.signal.aborted) {
      try {
        await events.read(`${base}${MULTIPLEX_STREAM_PATH}`, headers, stopping.signal, {
          onOpen: () => {
            succeeded();
            resyncAll();
          },
          onData: (data) => {
            const event = JSON.parse(data) as MultiplexedStreamEvent;
            const stream$ = streams.get(event.collection);
            if (!stream$) return;
            // A server that may have missed changes (its LISTEN connection dropped) sends 'RESYNC'.
            if (event.message === 'RESYNC') {
              stream$.next('RESYNC');
              stream$.next('RESYNC');
            } else stream$.next(event.message as RxReplicationPullStreamItem<unknown, ReplicationCheckpoint>);
          },
        });
        if (!stopping.signal.aborted) failed(new Error('stream closed'));
      } catch (error) {
        if (!stopping.signal.aborted) failed(error);
        // The district is there but gives no stream: its slots for this device may all be held
        // by connections that died without the district noticing (it only learns when TCP gives
        // up, many minutes later). Without a stream nothing would ever be pulled again, so pull
        // at the pace of the reconnect attempts until a stream opens.
        if (error instanceof StreamRefused) resyncAll();
      }
      await sleep(Math.max(1000, backoffMs(failures)), stopping.signal);
    }
  })();

  return {
    status$: status$.asObservable(),
    states,
    awaitInSync: async () => {
      await Promise.all([...states.values()].map((s) => s.awaitInSync()));
    },
    clockOffsetMs: () => clockOffset,
    stop: async () => {
      stopping.abort();
      pendingSub.unsubscribe();
      await Promise.all([...states.values()].map((s) => s.cancel()));
      for (const s of streams.values()) s.complete();
    },
  };
}
