/**
 * The station hub on this device (sync/README.md, "Station hub"): when setup made
 * this device its station's hub, it runs the district server's own code
 * (`startHub`) on its own PGlite under the app's data folder, with the district
 * URL the device is enrolled with and the hub credential the district issued for a
 * hub code. Plain Node, so it is tested without Electron; Electron's main and the
 * browser host only call `start()` and `stop()`.
 *
 * The district knows its station's hub by that credential (an enrolment code made
 * with `hub: true` enrols a device row with `devices.hub = true`, at most one live
 * per station), so the hub needs its own credential beside the device's own: the
 * device keeps its role (a counter, say) and the hub writes nothing in its own name.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import { startHub, type HubOptions, type StationHub } from '#server/hub/hub-server.ts';
import { silentLogger, type Logger as ServerLogger } from '#server/logger.ts';
import type { ConfigStore } from './config-store.ts';
import type { CredentialStore } from './credential-store.ts';
import { EnrolmentError, redeemEnrolmentCode } from './enrolment.ts';
import type { TransportContext } from '#security/transport-policy.ts';
import type { Logger } from './logger.ts';

export interface StationHubDeps {
  dataDir: string;
  configStore: Pick<ConfigStore, 'get' | 'update'>;
  /** The device's own credential: its district and station. */
  credentialStore: Pick<CredentialStore, 'get'>;
  /** The hub's credential (credential-store.ts, HUB_CREDENTIAL_FILE_NAME). */
  hubCredentialStore: CredentialStore;
  logger: Pick<Logger, 'info' | 'warn' | 'error'>;
  /** Where devices reach the hub; default all interfaces on DEFAULT_HUB_PORT (the station LAN). */
  port?: number;
  host?: string;
  /** Passed to startHub; tests only (a migrated PGlite template, a quiet server log). */
  hubOptions?: Pick<HubOptions, 'pgliteTemplate' | 'uplink' | 'streamHeartbeatMs'> & { logger?: ServerLogger };
  fetch?: typeof fetch;
  transport?: TransportContext;
}

export interface StationHubInfo {
  /** The hub's address on this device, which its own screens sync through. */
  url: string;
  hubDeviceId: string;
}

export interface StationHubService {
  /** Starts the hub if setup turned it on; null when this device is not its station's hub. */
  start(): Promise<StationHubInfo | null>;
  /**
   * Makes this device its station's hub: redeems the district's hub code (the device must be
   * enrolled), keeps the hub credential, starts the hub and points this device's sync at it.
   * Throws EnrolmentError with the district's code when the code is refused.
   */
  turnOn(code: string): Promise<StationHubInfo>;
  /** Stops the hub and syncs this device with the district again. The credential is kept for the district to revoke. */
  turnOff(): Promise<void>;
  running(): StationHubInfo | null;
  stop(): Promise<void>;
}

/** The folder of the hub's own database, beside the device's other files. */
export const hubDataDir = (dataDir: string) => join(dataDir, 'hub', 'pglite');

export function createStationHub(deps: StationHubDeps): StationHubService {
  const port = deps.port ?? DEFAULT_HUB_PORT;
  const host = deps.host ?? '0.0.0.0';
  let hub: StationHub | null = null;
  let info: StationHubInfo | null = null;
  // One start or stop at a time: two hubs on one PGlite folder would corrupt it.
  let queue: Promise<unknown> = Promise.resolve();
  const serially = <T>(run: () => Promise<T>): Promise<T> => {
    const next = queue.then(run, run);
    queue = next.catch(() => undefined);
    return next;
  };

  async function launch(): Promise<StationHubInfo> {
    if (info) return info;
    const [device, hubCredential] = await Promise.all([deps.credentialStore.get(), deps.hubCredentialStore.get()]);
    if (!device || !hubCredential) throw new Error('the station hub needs the device enrolment and a hub credential');
    const { pgliteTemplate, ...hubOptions } = deps.hubOptions ?? {};
    const dataDir = hubDataDir(deps.dataDir);
    hub = await startHub({
      districtUrl: device.districtUrl,
      credential: hubCredential.credential,
      port,
      host,
      dataDir,
      // A template only seeds a fresh database; a restarted hub opens what it has.
      ...(pgliteTemplate && !existsSync(join(dataDir, 'PG_VERSION')) && { pgliteTemplate }),
      ...hubOptions,
      logger: hubOptions.logger ?? silentLogger(),
    });
    // The device's own screens reach it on loopback, whatever LAN address the others use.
    info = { url: `http://127.0.0.1:${hub.port}`, hubDeviceId: hubCredential.deviceId };
    deps.logger.info('station hub running', { url: info.url, district: device.districtUrl, hub: info.hubDeviceId });
    return info;
  }

  async function halt(): Promise<void> {
    const running = hub;
    hub = null;
    info = null;
    await running?.close();
  }

  return {
    start: () =>
      serially(async () => {
        const config = await deps.configStore.get();
        if (!config.isHub) return null;
        try {
          const started = await launch();
          // Its own screens follow the hub should its port have changed (tests run it on any free port).
          if (config.hubUrl !== started.url) await deps.configStore.update({ hubUrl: started.url });
          return started;
        } catch (error) {
          // The device still works (its sync falls back to the district); the technician sees why in the log.
          deps.logger.error('the station hub could not start', error);
          return null;
        }
      }),
    turnOn: (code) =>
      serially(async () => {
        const device = await deps.credentialStore.get();
        if (!device) {
          throw new EnrolmentError(
            'district_url_invalid',
            'enrol this device with the district first; then it can become the station hub',
          );
        }
        const issued = await redeemEnrolmentCode(
          device.districtUrl,
          { code, deviceName: 'station hub' },
          { ...(deps.fetch && { fetch: deps.fetch }), ...(deps.transport && { transport: deps.transport }) },
        );
        if (issued.stationId !== device.stationId) {
          // The district made this hub for another station; this device's screens could not use it.
          throw new EnrolmentError(
            'enrolment_role_mismatch',
            `this hub code is for station "${issued.stationId}", but this device belongs to "${device.stationId}"`,
          );
        }
        await deps.hubCredentialStore.save({
          districtUrl: device.districtUrl,
          deviceId: issued.deviceId,
          stationId: issued.stationId,
          credential: issued.credential,
          enrolledAt: new Date().toISOString(),
        });
        await halt();
        const started = await launch();
        await deps.configStore.update({ isHub: true, hubUrl: started.url });
        return started;
      }),
    turnOff: () =>
      serially(async () => {
        await halt();
        await deps.configStore.update({ isHub: false, hubUrl: null });
        deps.logger.info('station hub turned off');
      }),
    running: () => info,
    stop: () => serially(halt),
  };
}
