/**
 * The demo station with a hub on one machine (`npm run start:browser -- --with-hub`,
 * `npm start -- --with-hub`): the embedded demo district, a kiosk, one or more counters
 * and a calling display, each a device with its own data folder and browser host port,
 * all enrolled into the demo station. The first counter is the station's hub, as a
 * station's counter PC typically is (sync/README.md, "Station hub"): it redeems a hub
 * code from the district, runs the hub on its own PGlite, and every other device is
 * pointed at the hub's address — after the hub proved it is this station's hub, as
 * setup's HubStep checks it.
 *
 * Starting again reuses the folders: a device whose credential the district still
 * holds is left as it is; one the district does not know (its folder was kept, the
 * district's was not) is enrolled again, in the same issuing slot.
 */
import { join } from 'node:path';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore, HUB_CREDENTIAL_FILE_NAME } from '#services/credential-store.ts';
import { DEMO_ISSUING_SLOTS, EMBEDDED_DISTRICT_PORT } from '#services/embedded-district.ts';
import { enrolDevice } from '#services/enrolment.ts';
import { checkHubAddress } from '#services/hub-address.ts';
import type { TextSink } from '#services/logger.ts';
import { startBrowserHost, type BrowserHost } from './browser-host.ts';
import { startDemoDistrict, type DemoDistrict } from './demo-district.ts';

/**
 * The demo kiosk holds issuing slot 0 of DEMO_ISSUING_SLOTS; counter n holds slot n, so
 * at most this many counters fit beside it.
 */
export const MAX_DEMO_COUNTERS = DEMO_ISSUING_SLOTS - 1;

const ENROLMENT_TTL_MS = 60_000;

export interface HubDemoOptions {
  /** The demo's folder: kiosk/ (which also holds the demo district), counter/, counter-2/ …, display/. */
  root: string;
  /** How many counters, 1 to MAX_DEMO_COUNTERS; the first one runs the hub. */
  counters?: number;
  /**
   * Whether this process serves the kiosk's page too (browser mode). false: the kiosk runs
   * elsewhere on its folder (Electron, `npm start`), and only its enrolment and hub address are set here.
   */
  serveKiosk: boolean;
  /** The kiosk's port; the counters and the display take the ones after it. 0: every device on a free port. */
  firstPort: number;
  districtPort?: number;
  /** Where the hub listens, on loopback: a one-machine demo serves no LAN. */
  hubPort?: number;
  rendererDir: string;
  demoCatalogPath: string;
  version?: string;
  /** Where the devices' readable log lines go; default process.stderr. */
  stderr?: TextSink;
}

/** One device of the demo and the address to open it at (null: it runs elsewhere, e.g. in Electron). */
export interface HubDemoDevice {
  name: string;
  role: 'kiosk' | 'counter' | 'display';
  dataDir: string;
  url: string | null;
}

export interface HubDemo {
  districtUrl: string;
  hubUrl: string;
  devices: HubDemoDevice[];
  /** Stops every device (the hub with its counter), then the district. */
  close(): Promise<void>;
}

/** The data folder of each device under the demo's root. */
export function hubDemoFolders(root: string, counters: number) {
  return {
    kiosk: join(root, 'kiosk'),
    counters: Array.from({ length: counters }, (_, i) => join(root, i === 0 ? 'counter' : `counter-${i + 1}`)),
    display: join(root, 'display'),
  };
}

type Enrolment = { role: 'counter'; slot: number } | { role: 'display' };

/** Enrols the folder into the demo station unless the district already holds its credential. */
async function ensureEnrolled(district: DemoDistrict, dataDir: string, device: Enrolment, name: string) {
  const credentialStore = createCredentialStore({ dataDir });
  const saved = await credentialStore.get();
  const devices = await district.repo.devices.list({ stationId: district.stationId });
  if (saved?.districtUrl === district.url && devices.some((d) => d.id === saved.deviceId && !d.revokedAt)) return;
  if (device.role === 'counter') {
    // The slot is this folder's: a device left holding it by an earlier, deleted folder gives it up.
    for (const d of devices) {
      if (!d.revokedAt && d.role !== 'display' && d.issuingSlot === device.slot)
        await district.repo.devices.revoke(d.id);
    }
  }
  const { code } = await district.repo.enrolment.createCode({
    stationId: district.stationId,
    role: device.role,
    issuingSlot: device.role === 'counter' ? device.slot : 0,
    issuingSlots: device.role === 'counter' ? DEMO_ISSUING_SLOTS : 1,
    ttlMs: ENROLMENT_TTL_MS,
  });
  const configStore = createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } });
  await enrolDevice(district.url, { code, deviceName: name }, { configStore, credentialStore });
}

/** Makes the counter on `host` its station's hub, with a hub code from the district, unless it already runs one the district knows. */
async function ensureHub(district: DemoDistrict, host: BrowserHost, dataDir: string): Promise<string> {
  const hub = host.stationHub;
  if (!hub) throw new Error('this browser host cannot run a station hub');
  const credential = await createCredentialStore({ dataDir, fileName: HUB_CREDENTIAL_FILE_NAME }).get();
  const devices = await district.repo.devices.list({ stationId: district.stationId });
  const live = credential !== null && devices.some((d) => d.id === credential.deviceId && !d.revokedAt);
  const running = hub.running();
  if (running && live && credential.districtUrl === district.url) return running.url;
  // At most one live hub per station: this folder's old one (it did not start) makes way.
  if (live) await district.repo.devices.revoke(credential.deviceId);
  const { code } = await district.repo.enrolment.createCode({
    stationId: district.stationId,
    role: 'display',
    issuingSlot: 0,
    issuingSlots: 1,
    hub: true,
    ttlMs: ENROLMENT_TTL_MS,
  });
  return (await hub.turnOn(code)).url;
}

/** Points a device's sync at the hub, once the hub proved it is this device's station hub. */
async function pointAtHub(dataDir: string, hubUrl: string): Promise<void> {
  const credential = await createCredentialStore({ dataDir }).get();
  if (!credential) throw new Error(`${dataDir} is not enrolled`);
  // A hub that just started knows the station's devices from its first device-list pull: give it a moment.
  const deadline = Date.now() + 30_000;
  let checked: Awaited<ReturnType<typeof checkHubAddress>>;
  for (;;) {
    try {
      checked = await checkHubAddress(hubUrl, credential);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  }
  const configStore = createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } });
  if ((await configStore.get()).hubUrl !== checked.hubUrl) await configStore.update({ hubUrl: checked.hubUrl });
}

/** Starts the demo station with a hub. Resolves once every device listens and syncs through the hub. */
export async function startHubDemo(options: HubDemoOptions): Promise<HubDemo> {
  const counters = options.counters ?? 1;
  if (!Number.isInteger(counters) || counters < 1 || counters > MAX_DEMO_COUNTERS) {
    throw new RangeError(`the demo station takes 1 to ${MAX_DEMO_COUNTERS} counters, not ${counters}`);
  }
  const folders = hubDemoFolders(options.root, counters);
  const portOf = (index: number) => (options.firstPort === 0 ? 0 : options.firstPort + index);
  const district = await startDemoDistrict({
    dataDir: folders.kiosk,
    demoCatalogPath: options.demoCatalogPath,
    port: options.districtPort ?? EMBEDDED_DISTRICT_PORT,
  });
  if (!district) {
    throw new Error(
      `${folders.kiosk} is enrolled with another district, so the demo station cannot use it; pick another --data-dir`,
    );
  }
  const hosts: BrowserHost[] = [];
  const close = async () => {
    // The devices first (the hub stops with its counter), so nothing is left talking to a stopped district.
    await Promise.allSettled(hosts.splice(0).map((h) => h.close()));
    await district.close();
  };
  try {
    const hostFor = (dataDir: string, index: number, hub?: boolean) =>
      startBrowserHost({
        port: portOf(index),
        dataDir,
        rendererDir: options.rendererDir,
        demoCatalogPath: options.demoCatalogPath,
        ...(options.version && { version: options.version }),
        ...(options.stderr && { stderr: options.stderr }),
        ...(hub && { hub: { port: options.hubPort ?? DEFAULT_HUB_PORT, host: '127.0.0.1' } }),
      }).then((host) => {
        hosts.push(host);
        return host;
      });
    for (const [i, dir] of folders.counters.entries()) {
      await ensureEnrolled(district, dir, { role: 'counter', slot: i + 1 }, `demo counter ${i + 1}`);
    }
    await ensureEnrolled(district, folders.display, { role: 'display' }, 'demo display');

    const [hubCounter, ...otherCounters] = folders.counters as [string, ...string[]];
    const hubHost = await hostFor(hubCounter, 1, true);
    const hubUrl = await ensureHub(district, hubHost, hubCounter);
    for (const dir of [folders.kiosk, ...otherCounters, folders.display]) await pointAtHub(dir, hubUrl);

    const kioskHost = options.serveKiosk ? await hostFor(folders.kiosk, 0) : null;
    const counterHosts = [hubHost];
    for (const [i, dir] of otherCounters.entries()) counterHosts.push(await hostFor(dir, i + 2));
    const displayHost = await hostFor(folders.display, counters + 1);

    return {
      districtUrl: district.url,
      hubUrl,
      devices: [
        { name: 'kiosk', role: 'kiosk', dataDir: folders.kiosk, url: kioskHost?.url ?? null },
        ...counterHosts.map((host, i) => ({
          name: i === 0 ? 'counter (runs the station hub)' : `counter ${i + 1}`,
          role: 'counter' as const,
          dataDir: folders.counters[i]!,
          url: host.url,
        })),
        { name: 'calling display', role: 'display', dataDir: folders.display, url: displayHost.url },
      ],
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}

/** What the demo prints: every address to open, and how to add a counter. */
export function describeHubDemo(demo: HubDemo, addCounterCommand: string): string {
  const width = Math.max(...demo.devices.map((d) => d.name.length), 'district server'.length) + 2;
  const line = (name: string, value: string) => `  ${name.padEnd(width)}${value}`;
  return [
    'Demo station with a hub:',
    line('district server', `${demo.districtUrl}  (embedded PGlite; console at ${demo.districtUrl}/console/)`),
    line('station hub', `${demo.hubUrl}  (on the first counter)`),
    ...demo.devices.map((d) => line(d.name, d.url ?? `runs in its own window (data folder ${d.dataDir})`)),
    `Staff sign in at a counter with PIN 1234 (王芳). Every device syncs through the hub.`,
    `Add a counter: ${addCounterCommand}`,
    '',
  ].join('\n');
}
