/**
 * The live overview's server side: hears "tickets / device health changed" from any
 * instance (the same LISTEN/NOTIFY change feed the devices' streams use), reads the
 * district's overview once per burst of changes, and sends each open console page
 * the stations of its scope that changed. Pages are never polled and never poll.
 *
 * One read serves every open page of this instance. Bursts are coalesced: the first
 * change after a quiet spell is read within FIRST_DELAY_MS, later ones at most every
 * MIN_GAP_MS, so a busy district costs about one overview read a second, and a
 * ticket still reaches the page well within 2 s.
 */
import type { OverviewMessage, OverviewStation } from '#protocol/console-api.ts';
import type { WaitThreshold } from '#protocol/wait-bands.ts';
import type { Unlisten } from '#server/db/db.ts';
import type { Logger } from '#server/logger.ts';
import type { DistrictRepository } from '#server/repositories/repository.ts';
import { readOverview, readThresholds } from '#server/repositories/overview.ts';

const FIRST_DELAY_MS = 100;
const MIN_GAP_MS = 1000;
const RETRY_MS = 2000;
/** Collections whose changes move the overview. */
const WATCHED = new Set(['tickets', 'deviceHealth', 'stations']);

export interface OverviewSubscriber {
  /** The operator's street scope; null: every street. */
  street: string | null;
  send(message: OverviewMessage): void;
  close(): void;
}

export class OverviewFeed {
  private readonly subscribers = new Set<OverviewSubscriber>();
  /** Subscribers still waiting for their first (full) message. */
  private readonly fresh = new Set<OverviewSubscriber>();
  /** The last read, per station, as sent (JSON), to send only what changed. */
  private last = new Map<string, string>();
  private unlisten: Unlisten | undefined;
  private listening: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private reading = false;
  private again = false;
  private lastReadAt = 0;
  private stopped = false;

  constructor(
    private readonly repo: DistrictRepository,
    private readonly log: Logger,
  ) {}

  /** Adds an open page; it gets the full overview of its scope first, then changes. Returns the remover. */
  subscribe(subscriber: OverviewSubscriber): () => void {
    this.subscribers.add(subscriber);
    this.fresh.add(subscriber);
    this.listening ??= this.listen();
    void this.listening.then(() => this.schedule(0));
    return () => {
      this.subscribers.delete(subscriber);
      this.fresh.delete(subscriber);
    };
  }

  /** Sends new thresholds to every open page at once (they change the bands, not the rows). */
  thresholdsChanged(thresholds: WaitThreshold[]): void {
    const message: OverviewMessage = { type: 'thresholds', at: Date.now(), thresholds };
    for (const s of this.subscribers) if (!this.fresh.has(s)) s.send(message);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    for (const s of [...this.subscribers]) s.close();
    await this.listening?.catch(() => undefined);
    await this.unlisten?.();
  }

  get pageCount(): number {
    return this.subscribers.size;
  }

  private async listen(): Promise<void> {
    this.unlisten = await this.repo.events.listen(
      (event) => {
        if (event.type === 'changed' && WATCHED.has(event.collection)) this.schedule(FIRST_DELAY_MS);
      },
      // Changes may have been missed while the connection was down: read again.
      () => this.schedule(0),
    );
  }

  private schedule(delay: number, afterFailure = false): void {
    if (this.stopped || this.subscribers.size === 0) return;
    if (this.reading) {
      this.again = true;
      return;
    }
    // A page that just opened waits for nobody; changes keep their pace.
    const wait = afterFailure
      ? delay
      : this.fresh.size > 0
        ? 0
        : Math.max(delay, this.lastReadAt + MIN_GAP_MS - Date.now());
    if (this.timer && wait > 0) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.read(), wait);
  }

  private async read(): Promise<void> {
    this.timer = undefined;
    this.reading = true;
    this.lastReadAt = Date.now();
    const fresh = [...this.fresh];
    let failed = false;
    try {
      const at = Date.now();
      const [stations, thresholds] = await Promise.all([
        readOverview(this.repo.db, { street: null }, at),
        fresh.length > 0 ? readThresholds(this.repo.db) : Promise.resolve([]),
      ]);
      const next = new Map(stations.map((s) => [s.id, JSON.stringify(s)]));
      const changed = stations.filter((s) => this.last.get(s.id) !== next.get(s.id));
      this.last = next;
      const inScope = (list: OverviewStation[], street: string | null) =>
        street === null ? list : list.filter((s) => s.street === street);
      for (const s of this.subscribers) {
        if (fresh.includes(s)) {
          this.fresh.delete(s);
          s.send({ type: 'snapshot', at, thresholds, stations: inScope(stations, s.street) });
        } else if (changed.length > 0) {
          const mine = inScope(changed, s.street);
          if (mine.length > 0) s.send({ type: 'stations', at, stations: mine });
        }
      }
    } catch (error) {
      this.log.warn({ err: error }, 'reading the live overview failed; trying again');
      failed = true;
    } finally {
      this.reading = false;
      const again = this.again;
      this.again = false;
      if (failed) this.schedule(RETRY_MS, true);
      else if (again || this.fresh.size > 0) this.schedule(FIRST_DELAY_MS);
    }
  }
}
