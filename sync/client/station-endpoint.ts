/**
 * Which server a device syncs with (sync/README.md, "Station hub"): its station's
 * hub when it has one and the hub proves itself, else the district directly; with
 * neither, the device works alone on its own replica (the replication keeps
 * retrying) and converges when either answers again. The replication itself is
 * the one device client (device-replication.ts), started against the chosen address;
 * RxDB keeps a checkpoint per address, so switching pulls only what is new there.
 */
import { BehaviorSubject, type Observable, type Subscription } from 'rxjs';
import { PROTOCOL_HEADER, PROTOCOL_VERSION } from '#protocol/api.ts';
import { HUB_STATUS_PATH, type HubStatus } from '#protocol/hub.ts';
import { startDistrictSync, type DistrictSync, type ReplicationOptions } from './device-replication.ts';
import { verifyHub } from './hub-proof.ts';
import { sleep } from './abortable-sleep.ts';
import type { SyncStatus } from './status.ts';

/** The three states the header names. */
export type StationLink = 'all-connected' | 'station-only' | 'alone';

export interface StationSyncStatus extends SyncStatus {
  /** Where this device syncs now. */
  via: 'hub' | 'district';
  hubUrl: string | null;
  /** The hub's own report (uplink, waiting, devices), while this device syncs through it. */
  hub: HubStatus | null;
  link: StationLink;
  /** This device's waiting writes plus, through a hub, the hub's writes the district has not stored yet. */
  waitingForDistrict: number;
}

export interface StationSyncOptions extends ReplicationOptions {
  /** The station hub's address (setup); absent: the district only. */
  hubUrl?: string;
  deviceId: string;
  stationId: string;
  /** How often the hub is asked for its status, or probed again while syncing with the district. */
  probeEveryMs?: number;
  /** A hub silent this long is given up for the district. */
  failoverAfterMs?: number;
}

export interface StationSync {
  status$: Observable<StationSyncStatus>;
  /** The replication now running (none until the first choice is made). */
  current(): DistrictSync | undefined;
  awaitInSync(): Promise<void>;
  stop(): Promise<void>;
}

/** The header's state from where the device syncs and what the hub reports. Pure. */
export function stationLink(status: Pick<StationSyncStatus, 'via' | 'connection' | 'hub'>): StationLink {
  if (status.connection !== 'online') return 'alone';
  if (status.via === 'district') return 'all-connected';
  return status.hub?.districtConnected ? 'all-connected' : 'station-only';
}

export function startStationSync(options: StationSyncOptions): StationSync {
  const probeEveryMs = options.probeEveryMs ?? 3000;
  const failoverAfterMs = options.failoverAfterMs ?? 4000;
  const stopping = new AbortController();
  let via: 'hub' | 'district' = 'district';
  let hubStatus: HubStatus | null = null;
  let sync: DistrictSync | undefined;
  let sub: Subscription | undefined;
  let inner: SyncStatus = {
    connection: 'connecting',
    lastSyncedAt: null,
    pending: options.outbox.size,
    lastError: null,
  };
  let offlineSince: number | null = null;

  const compose = (): StationSyncStatus => {
    const partial = { ...inner, via, hubUrl: options.hubUrl ?? null, hub: via === 'hub' ? hubStatus : null };
    return {
      ...partial,
      link: stationLink(partial),
      waitingForDistrict: inner.pending + (via === 'hub' ? (hubStatus?.waiting ?? 0) : 0),
    };
  };
  const status$ = new BehaviorSubject<StationSyncStatus>(compose());
  function onInner(s: SyncStatus) {
    inner = s;
    offlineSince = s.connection === 'online' ? null : (offlineSince ?? Date.now());
    status$.next(compose());
  }

  // One switch at a time; the loop below is the only caller.
  async function switchTo(next: 'hub' | 'district') {
    sub?.unsubscribe();
    await sync?.stop();
    if (stopping.signal.aborted) return;
    via = next;
    hubStatus = null;
    offlineSince = null;
    sync = startDistrictSync({ ...options, districtUrl: next === 'hub' ? options.hubUrl! : options.districtUrl });
    sub = sync.status$.subscribe((s) => onInner(s));
  }

  const hubProves = () =>
    verifyHub({
      hubUrl: options.hubUrl!,
      deviceId: options.deviceId,
      stationId: options.stationId,
      credential: options.credential,
    });

  async function askHubStatus(): Promise<HubStatus | null> {
    try {
      const response = await fetch(`${options.hubUrl!.replace(/\/+$/, '')}${HUB_STATUS_PATH}`, {
        headers: { authorization: `Bearer ${options.credential}`, [PROTOCOL_HEADER]: String(PROTOCOL_VERSION) },
        signal: AbortSignal.timeout(2000),
      });
      return response.ok ? ((await response.json()) as HubStatus) : null;
    } catch {
      return null;
    }
  }

  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const loop = (async () => {
    // With a hub configured, the first choice waits for its answer (milliseconds on a LAN).
    await switchTo(options.hubUrl && (await hubProves()) ? 'hub' : 'district');
    started();
    if (!options.hubUrl) return;
    while (!stopping.signal.aborted) {
      if (via === 'district') {
        // Prefer the hub whenever it proves itself: the station's devices then see each other at LAN speed.
        if (await hubProves()) {
          if (stopping.signal.aborted) return;
          await switchTo('hub');
          continue;
        }
      } else {
        const report = await askHubStatus();
        if (report) hubStatus = report;
        status$.next(compose());
        const silentFor = offlineSince === null ? 0 : Date.now() - offlineSince;
        if (!report && silentFor >= failoverAfterMs) {
          await switchTo('district');
          continue;
        }
      }
      await sleep(probeEveryMs, stopping.signal);
    }
  })();

  return {
    status$: status$.asObservable(),
    current: () => sync,
    awaitInSync: async () => {
      await ready;
      await sync?.awaitInSync();
    },
    stop: async () => {
      stopping.abort();
      await loop;
      sub?.unsubscribe();
      await sync?.stop();
    },
  };
}
