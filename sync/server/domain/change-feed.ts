/**
 * The live side of replication: hears "collection changed" from any instance (via
 * LISTEN/NOTIFY), reads the new rows once per instance, and hands each open stream
 * the rows of its station's scope.
 *
 * One query per commit per instance, however many devices listen: the instance
 * keeps its own cursor per collection. Rows are read only after NOTIFY, that is
 * after commit, and writers of a collection are serialised (see lockCollection),
 * so every row below the cursor is committed and none is skipped.
 */
import {
  REPLICATED_COLLECTIONS,
  type ReplicatedCollection,
  type ReplicationCheckpoint,
  type StreamMessage,
} from '#protocol/wire-messages.ts';
import { readView, viewDiffers } from '#protocol/rules/read-views.ts';
import type { Unlisten } from '#server/db/db.ts';
import type { Logger } from '#server/logger.ts';
import type { DistrictEvent, DistrictRepository } from '#server/repositories/repository.ts';
import { SERVER_COLLECTIONS } from './collections.ts';
import { checkpointOf, toWireDoc, type StoredRow } from './documents.ts';
import type { DeviceIdentity } from './push-decision.ts';

/** One open stream. */
export interface StreamSubscriber {
  readonly device: DeviceIdentity;
  send(message: StreamMessage<Record<string, unknown>>): void;
  /** Ends the stream (device revoked, or the server is shutting down). */
  close(): void;
}

const BATCH = 500;
const RETRY_MS = 1000;

export class ChangeFeed {
  private readonly cursors = new Map<ReplicatedCollection, ReplicationCheckpoint | null>();
  private readonly subscribers = new Map<ReplicatedCollection, Set<StreamSubscriber>>();
  private readonly running = new Map<ReplicatedCollection, Promise<void>>();
  private readonly pending = new Set<ReplicatedCollection>();
  private readonly retryTimers = new Map<ReplicatedCollection, NodeJS.Timeout>();
  private unlisten: Unlisten | undefined;
  private ready = false;
  private stopped = false;

  constructor(
    private readonly repo: DistrictRepository,
    private readonly log: Logger,
  ) {
    for (const name of REPLICATED_COLLECTIONS) this.subscribers.set(name, new Set());
  }

  /** Starts listening; rows committed before this are for pulls, not for the stream. */
  async start(): Promise<void> {
    // Listen first, then read the heads: a commit in between is then either below
    // the head or announced, never lost.
    this.unlisten = await this.repo.events.listen(
      (event) => this.onEvent(event),
      () => void this.resync(),
    );
    await this.resetCursors();
    this.ready = true;
    for (const name of [...this.pending]) this.schedule(name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of this.retryTimers.values()) clearTimeout(timer);
    await this.unlisten?.();
    for (const set of this.subscribers.values()) for (const s of set) s.close();
    await Promise.allSettled(this.running.values());
  }

  /** Registers an open stream; returns the function that removes it. */
  subscribe(collection: ReplicatedCollection, subscriber: StreamSubscriber): () => void {
    const set = this.subscribers.get(collection);
    set?.add(subscriber);
    return () => set?.delete(subscriber);
  }

  /** Number of open streams, for health and tests. */
  get streamCount(): number {
    let n = 0;
    for (const set of this.subscribers.values()) n += set.size;
    return n;
  }

  private onEvent(event: DistrictEvent): void {
    if (event.type === 'changed') this.schedule(event.collection);
    else this.closeDevice(event.deviceId);
  }

  private closeDevice(deviceId: string): void {
    for (const set of this.subscribers.values()) {
      for (const s of set) if (s.device.id === deviceId) s.close();
    }
  }

  /** Coalesces notifications: one drain at a time per collection, rerun if more arrived meanwhile. */
  private schedule(collection: ReplicatedCollection): void {
    if (this.stopped) return;
    if (!this.ready || this.running.has(collection)) {
      this.pending.add(collection);
      return;
    }
    const run = async () => {
      do {
        this.pending.delete(collection);
        await this.drain(collection);
      } while (this.pending.has(collection) && !this.stopped);
    };
    this.running.set(
      collection,
      run()
        .catch((error: unknown) => {
          this.log.warn({ err: error, collection }, 'reading changes for live streams failed; retrying');
          this.retryTimers.set(
            collection,
            setTimeout(() => {
              this.retryTimers.delete(collection);
              this.schedule(collection);
            }, RETRY_MS),
          );
        })
        .finally(() => {
          this.running.delete(collection);
          // A notification that arrived after the loop's last check would otherwise wait for the next commit.
          if (this.pending.has(collection) && !this.retryTimers.has(collection)) this.schedule(collection);
        }),
    );
  }

  private async drain(collection: ReplicatedCollection): Promise<void> {
    for (;;) {
      const rows = await this.repo.replication.changesSince(collection, this.cursors.get(collection) ?? null, BATCH);
      const last = rows.at(-1);
      if (!last) return;
      this.fanOut(collection, rows);
      this.cursors.set(collection, checkpointOf(last));
      if (rows.length < BATCH) return;
    }
  }

  private fanOut(collection: ReplicatedCollection, rows: readonly StoredRow[]): void {
    const subscribers = this.subscribers.get(collection);
    if (!subscribers?.size) return;
    const withDistrict = SERVER_COLLECTIONS[collection].scope === 'station-or-district';
    // One message per station (and per role, where roles read different views), built
    // once and shared by those streams.
    const messages = new Map<string, StreamMessage<Record<string, unknown>> | null>();
    for (const subscriber of subscribers) {
      const { stationId: station, role } = subscriber.device;
      const key = viewDiffers(collection, role) ? `${station}\u0000${role}` : station;
      if (!messages.has(key)) {
        const mine = rows.filter((r) => r.stationId === station || (withDistrict && r.stationId === ''));
        const last = mine.at(-1);
        messages.set(
          key,
          last
            ? { documents: mine.map((r) => readView(collection, role, toWireDoc(r))), checkpoint: checkpointOf(last) }
            : null,
        );
      }
      const message = messages.get(key);
      if (message) subscriber.send(message);
    }
  }

  /** After a lost LISTEN connection: notifications may be gone, so every device pulls. */
  private async resync(): Promise<void> {
    try {
      await this.resetCursors();
    } catch (error) {
      this.log.warn({ err: error }, 'could not re-read collection heads after reconnecting');
    }
    for (const set of this.subscribers.values()) for (const s of set) s.send('RESYNC');
  }

  private async resetCursors(): Promise<void> {
    for (const name of REPLICATED_COLLECTIONS) this.cursors.set(name, await this.repo.replication.head(name));
  }
}
