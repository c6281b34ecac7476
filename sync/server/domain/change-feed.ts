/**
 * The live side of replication: hears "collection changed" from any instance (via
 * LISTEN/NOTIFY), reads the new rows once per instance, and hands each open stream
 * the rows of its station's scope.
 *
 * One query per commit per instance, however many devices listen: the instance
 * keeps its own cursor per collection. Reads return only final rows (below the
 * read bound of repositories/change-order-sql.ts), so nothing can later commit
 * below the cursor and none is skipped; when committed rows still wait behind an
 * older transaction, the feed looks again shortly, since that transaction may
 * never announce itself.
 *
 * Streams are indexed by station (and by device, for revocations): a batch costs
 * work for the stations it touches, not for every open stream of the district.
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
/**
 * How soon to look again when rows wait for an older transaction (usually ends
 * within milliseconds): doubling while nothing new comes through, so a database
 * busy with long transactions is not polled hard; back to the first after progress.
 */
const HELD_BACK_RETRY_MS = 5;
const HELD_BACK_RETRY_MAX_MS = 200;

/** Optional listeners for what the feed hears besides row changes. */
export interface ChangeFeedHooks {
  /** A device was revoked, on any instance. */
  onDeviceRevoked?(deviceId: string): void;
  /** The LISTEN connection was lost: events (revocations included) may have been missed. */
  onEventsMissed?(): void;
}

/** Subscribers of one collection by station, plus a count. */
class StationIndex {
  readonly byStation = new Map<string, Set<StreamSubscriber>>();
  size = 0;

  add(subscriber: StreamSubscriber): () => void {
    const station = subscriber.device.stationId;
    let set = this.byStation.get(station);
    if (!set) this.byStation.set(station, (set = new Set()));
    set.add(subscriber);
    this.size++;
    return () => {
      if (!set.delete(subscriber)) return;
      this.size--;
      if (set.size === 0 && this.byStation.get(station) === set) this.byStation.delete(station);
    };
  }

  *all(): Iterable<StreamSubscriber> {
    for (const set of this.byStation.values()) yield* set;
  }
}

export class ChangeFeed {
  private readonly cursors = new Map<ReplicatedCollection, ReplicationCheckpoint | null>();
  private readonly subscribers = new Map<ReplicatedCollection, StationIndex>();
  /** Every subscription of a device, for closing its streams on revocation. */
  private readonly byDevice = new Map<string, Set<StreamSubscriber>>();
  private readonly running = new Map<ReplicatedCollection, Promise<void>>();
  private readonly pending = new Set<ReplicatedCollection>();
  private readonly retryTimers = new Map<ReplicatedCollection, NodeJS.Timeout>();
  private readonly heldTimers = new Map<ReplicatedCollection, NodeJS.Timeout>();
  private readonly heldDelays = new Map<ReplicatedCollection, number>();
  private unlisten: Unlisten | undefined;
  private ready = false;
  private stopped = false;

  constructor(
    private readonly repo: DistrictRepository,
    private readonly log: Logger,
    private readonly hooks: ChangeFeedHooks = {},
  ) {
    for (const name of REPLICATED_COLLECTIONS) this.subscribers.set(name, new StationIndex());
  }

  /** Starts listening; rows committed before this are for pulls, not for the stream. */
  async start(): Promise<void> {
    // Listen first, then read the heads: a commit in between is then either below
    // the head or announced, never lost.
    this.unlisten = await this.repo.events.listen(
      (event) => this.onEvent(event),
      () => this.resync(),
    );
    await this.resetCursors();
    this.ready = true;
    // Every collection once, not only those announced meanwhile: rows committed before
    // the start but still held back (above the read bound) were announced to no one,
    // and a collection rarely written (the catalog) might not be announced again for
    // hours. The first read finds them held back and looks again until they are final.
    for (const name of REPLICATED_COLLECTIONS) this.schedule(name);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const timer of [...this.retryTimers.values(), ...this.heldTimers.values()]) clearTimeout(timer);
    await this.unlisten?.();
    for (const index of this.subscribers.values()) for (const s of [...index.all()]) s.close();
    await Promise.allSettled(this.running.values());
  }

  /** Registers an open stream; returns the function that removes it. */
  subscribe(collection: ReplicatedCollection, subscriber: StreamSubscriber): () => void {
    const remove = this.subscribers.get(collection)?.add(subscriber);
    const deviceId = subscriber.device.id;
    let mine = this.byDevice.get(deviceId);
    if (!mine) this.byDevice.set(deviceId, (mine = new Set()));
    mine.add(subscriber);
    return () => {
      remove?.();
      if (mine.delete(subscriber) && mine.size === 0 && this.byDevice.get(deviceId) === mine) {
        this.byDevice.delete(deviceId);
      }
    };
  }

  /** Number of open subscriptions (one per collection of each stream), for health and tests. */
  get streamCount(): number {
    let n = 0;
    for (const index of this.subscribers.values()) n += index.size;
    return n;
  }

  private onEvent(event: DistrictEvent): void {
    if (event.type === 'changed') this.schedule(event.collection);
    else {
      this.hooks.onDeviceRevoked?.(event.deviceId);
      this.closeDevice(event.deviceId);
    }
  }

  private closeDevice(deviceId: string): void {
    for (const s of [...(this.byDevice.get(deviceId) ?? [])]) s.close();
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
    let progressed = false;
    for (;;) {
      const rows = await this.repo.replication.changesSince(collection, this.cursors.get(collection) ?? null, BATCH);
      const last = rows.at(-1);
      if (!last) break;
      progressed = true;
      this.fanOut(collection, rows);
      this.cursors.set(collection, checkpointOf(last));
      if (rows.length < BATCH) break;
    }
    const delay = progressed
      ? HELD_BACK_RETRY_MS
      : Math.min((this.heldDelays.get(collection) ?? HELD_BACK_RETRY_MS / 2) * 2, HELD_BACK_RETRY_MAX_MS);
    if (!this.heldTimers.has(collection) && (await this.repo.replication.heldBack(collection))) {
      this.heldDelays.set(collection, delay);
      this.heldTimers.set(
        collection,
        setTimeout(() => {
          this.heldTimers.delete(collection);
          this.schedule(collection);
        }, delay),
      );
    } else if (!this.heldTimers.has(collection)) {
      this.heldDelays.delete(collection);
    }
  }

  private fanOut(collection: ReplicatedCollection, rows: readonly StoredRow[]): void {
    const index = this.subscribers.get(collection);
    if (!index?.size) return;
    const withDistrict = SERVER_COLLECTIONS[collection].scope === 'station-or-district';
    // Rows by station, in (lwt, id) order. District-wide rows ('') go to every
    // station: rare (catalog edits), and then every streaming station is visited.
    const byStation = new Map<string, StoredRow[]>();
    let districtRows = false;
    for (const row of rows) {
      if (withDistrict && row.stationId === '') districtRows = true;
      const list = byStation.get(row.stationId);
      if (list) list.push(row);
      else byStation.set(row.stationId, [row]);
    }
    const stations = districtRows ? index.byStation.keys() : byStation.keys();
    for (const station of stations) {
      const subscribers = index.byStation.get(station);
      if (!subscribers) continue;
      const mine = districtRows
        ? rows.filter((r) => r.stationId === station || r.stationId === '')
        : (byStation.get(station) ?? []);
      const last = mine.at(-1);
      if (!last) continue;
      // One message per role view (most collections: one for all), built once and shared by the station's streams.
      const messages = new Map<string, StreamMessage<Record<string, unknown>>>();
      for (const subscriber of subscribers) {
        const { role } = subscriber.device;
        const key = viewDiffers(collection, role) ? role : '';
        let message = messages.get(key);
        if (!message) {
          message = {
            documents: mine.map((r) => readView(collection, role, toWireDoc(r))),
            checkpoint: checkpointOf(last),
          };
          messages.set(key, message);
        }
        subscriber.send(message);
      }
    }
  }

  /**
   * After a lost LISTEN connection: notifications may be gone. The cursors stay where
   * they are and every collection is read again from them, so the rows committed
   * meanwhile go out as events like any other. (Jumping the cursors to the heads
   * instead would be wrong: devices store an event's documents and move their
   * checkpoint to its end, so an event sent after the jump, before a device's pull
   * ran, would carry its checkpoint past the rows skipped.) Devices are still told
   * to pull: what is sent is the same either way, and a device that pulls is sure.
   */
  private resync(): void {
    this.hooks.onEventsMissed?.();
    for (const index of this.subscribers.values()) for (const s of index.all()) s.send('RESYNC');
    for (const name of REPLICATED_COLLECTIONS) this.schedule(name);
  }

  private async resetCursors(): Promise<void> {
    for (const name of REPLICATED_COLLECTIONS) this.cursors.set(name, await this.repo.replication.head(name));
  }
}
