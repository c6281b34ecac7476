/** Start-up: device config, local database, demo seed on first start, the station. */
import type { DeviceConfig, SetupState } from '#ipc/contract.ts';
import type { ServiceDoc, StationDoc } from '#protocol/schemas.ts';
import { firstValueFrom, filter, of, timeout } from 'rxjs';
import type { StationSync } from '#client/station-endpoint.ts';
import { createKioskDatabase, type KioskDatabase } from '#renderer/db/database.ts';
import { seedHistoricTickets } from '#renderer/db/history-seed.ts';
import { seedCatalogIfEmpty } from '#renderer/db/seed.ts';
import { startHealthReporter } from '#renderer/db/device-health.ts';
import { callDevice, isElectron } from '#renderer/platform/platform.ts';
import { createLogger } from './logger.ts';
import { startDeviceSync } from './start-sync.ts';

const log = createLogger('app/boot');

export interface Booted {
  db: KioskDatabase;
  config: DeviceConfig;
  station: StationDoc;
  services: ServiceDoc[];
  sync: StationSync | null;
}

/** How long a first start waits for the district's catalog before saying it cannot. */
const FIRST_CATALOG_TIMEOUT_MS = 120_000;

export class BootError extends Error {
  constructor(
    readonly code: 'station_missing' | 'device' | 'storage',
    message: string,
  ) {
    super(message);
    this.name = 'BootError';
  }
}

/** The hidden way in for a technician: the kiosk opened at `#setup` (Electron main maps a key chord to it). */
export const SETUP_HASH = '#setup';

/**
 * Whether this window shows the technician's setup instead of the kiosk, and the
 * setup state it starts from: at `#setup`, while the setup wizard resumes after
 * enrolment, or on a station device that is not enrolled yet. A calling display
 * opened as a second window never shows it.
 */
export async function setupWanted(): Promise<SetupState | null> {
  if (location.hash === '#display') return null;
  const resuming = sessionStorage.getItem('doorstep.setup.resume') !== null;
  let state: SetupState;
  try {
    state = await callDevice('setup:getState', null);
  } catch (error) {
    // A device side without setup (an older host) must still start the kiosk.
    log.warn('cannot read the setup state; starting the kiosk', { error: String(error) });
    return null;
  }
  return location.hash === SETUP_HASH || resuming || state.setupRequired ? state : null;
}

let booting: Promise<Booted> | undefined;

/** Boots once; later calls share the same promise. */
export function boot(): Promise<Booted> {
  booting ??= bootNow();
  return booting;
}

async function bootNow(): Promise<Booted> {
  // Ask the browser not to evict the replica under storage pressure: it may hold
  // tickets that have not reached the district yet.
  void navigator.storage?.persist?.().catch(() => false);
  // Independent of each other: asked together, so a cold start waits for the slowest, not the sum.
  const [config, db, session] = await Promise.all([
    callDevice('config:get', null),
    createKioskDatabase(),
    callDevice('sync:getSession', null),
  ]);
  let sync: StationSync | null = null;
  // A calling display opened as a second window shares this device's database; the
  // main window replicates it, so only one window talks to the district.
  const secondaryWindow = location.hash === '#display' && config.role !== 'display';
  if (session && !secondaryWindow) {
    const appVersion = (await callDevice('app:getInfo', null)).version;
    const station = startDeviceSync(db, config, session, appVersion);
    sync = station;
    // Runs for the page's life, like the sync it reports on.
    startHealthReporter({
      db,
      sync: {
        status$: station.status$,
        // The clock of whichever server this device syncs with now (hub or district).
        clockOffsetMs: () => station.current()?.clockOffsetMs() ?? null,
      },
      device: { deviceId: config.deviceId, stationId: config.stationId, role: config.role },
      appVersion,
      readPrinter: () => callDevice('printer:status', null),
    });
  } else if (!session) {
    const seeded = await seedCatalogIfEmpty(db, () => callDevice('catalog:loadDemo', null));
    if (seeded) log.info(`seeded the demo catalog with ${seeded} services`);
  }
  // On a first start with a district, the station arrives with the first pull.
  const station = sync
    ? await firstValueFrom(
        db.stations.findOne(config.stationId).$.pipe(
          filter((doc) => doc !== null),
          timeout({ first: FIRST_CATALOG_TIMEOUT_MS, with: () => of(null) }),
        ),
      )
    : await db.stations.findOne(config.stationId).exec();
  if (!station) {
    throw new BootError(
      'station_missing',
      `station "${config.stationId}" is not in the local catalog${sync ? ' and the district did not send it' : ''}`,
    );
  }
  const services = await db.services.find({ selector: { stationId: { $in: ['', config.stationId] } } }).exec();
  await seedHistoryForBenchmark(
    db,
    config,
    station.toJSON() as StationDoc,
    services.map((s) => s.toJSON() as ServiceDoc),
  );
  return {
    db,
    config,
    station: station.toJSON() as StationDoc,
    services: services.map((s) => s.toJSON() as ServiceDoc),
    sync,
  };
}

/**
 * Browser mode only: `?seedHistory=N` tops the past tickets up to N (bench/tap-to-ticket
 * measures at 100,000, then adds 900,000 more for 1,000,000 on the same profile).
 */
async function seedHistoryForBenchmark(
  db: KioskDatabase,
  config: DeviceConfig,
  station: StationDoc,
  services: ServiceDoc[],
): Promise<void> {
  const count = Number(new URLSearchParams(location.search).get('seedHistory') ?? 0);
  if (isElectron() || !Number.isInteger(count) || count <= 0) return;
  const have = await db.tickets.count({ selector: { deviceId: 'history' } }).exec();
  if (have >= count) return;
  const started = performance.now();
  await seedHistoricTickets(db, { from: have, count: count - have, station, services, deviceId: 'history' });
  log.info(`seeded ${count - have} historic tickets in ${Math.round(performance.now() - started)} ms`);
}
