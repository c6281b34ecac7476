/**
 * A real district server and real enrolled devices for the sync end-to-end tests:
 * the server runs in-process (PGlite) or as its own process (so a test can kill
 * it), devices are enrolled through the same enrolment code path a technician uses,
 * and each device is a Chromium profile on its own browser host.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createServer } from 'node:net';
import { test as base, chromium, type BrowserContext, type Page } from '@playwright/test';
import { startBrowserHost, type BrowserHost } from '#host/browser-host.ts';
import { createConfigStore } from '#services/config-store.ts';
import { createCredentialStore } from '#services/credential-store.ts';
import { enrolDevice } from '#services/enrolment.ts';
import { parseCatalogText, type Catalog } from '#protocol/catalog.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_CATALOG, RENDERER_DIR, ROOT } from './paths.ts';
import { atStationTime } from './station-time.ts';

export const ADMIN_TOKEN = 'e2e-admin-token-0123456789';

/**
 * The `test` of the specs that run a whole station (several devices, each its own
 * Chromium profile, and a district): they run on the Chromium target, and say so on
 * the Electron target, which runs the single-device suite.
 */
export const stationTest = base.extend<{ target: string; chromiumOnly: void }>({
  target: ['chromium', { option: true }],
  chromiumOnly: [
    async ({ target }, use, testInfo) => {
      testInfo.skip(
        target !== 'chromium',
        'a station of several devices runs as Chromium profiles with a district; the Electron target runs the single-device suite',
      );
      await use();
    },
    { auto: true },
  ],
});

/** A free loopback port, for a district process that must come back on the same address. */
export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export function demoCatalog(): Catalog {
  const parsed = parseCatalogText(readFileSync(DEMO_CATALOG, 'utf8'));
  if (!parsed.ok) throw new Error(parsed.errors.join('\n'));
  return parsed.value;
}

/** Calls the district's admin API. */
export async function admin<T>(districtUrl: string, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${districtUrl}/api/v1/admin${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN_TOKEN}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return (text ? JSON.parse(text) : null) as T;
}

/** The demo station with its catalog, created through the admin API as an operator would. */
export async function setUpDemoStation(districtUrl: string): Promise<Catalog> {
  const catalog = demoCatalog();
  await admin(districtUrl, 'POST', '/stations', { id: catalog.station.id, name: catalog.station.name['zh-Hans'] });
  const file = JSON.parse(readFileSync(DEMO_CATALOG, 'utf8')) as unknown;
  await admin(districtUrl, 'POST', '/catalog', file);
  return catalog;
}

/**
 * Issues an enrolment code and enrols a device data folder with it, as a technician
 * would. Ticket-issuing roles take an issuing slot; a calling display takes none.
 */
export async function enrolDeviceFolder(
  districtUrl: string,
  dataDir: string,
  stationId: string,
  device: { role: 'kiosk' | 'counter'; slot: number; slots: number } | { role: 'display' },
): Promise<void> {
  const body =
    device.role === 'display'
      ? { role: 'display' }
      : { role: device.role, issuingSlot: device.slot, issuingSlots: device.slots };
  const { code } = await admin<{ code: string }>(districtUrl, 'POST', `/stations/${stationId}/enrolment-codes`, body);
  const logger = { info: () => undefined, warn: () => undefined };
  await enrolDevice(
    districtUrl,
    { code, deviceName: `e2e ${device.role}` },
    { configStore: createConfigStore({ dataDir, logger }), credentialStore: createCredentialStore({ dataDir }) },
  );
}

/** Every ticket the district holds for a station, read through a device's own pull endpoint. */
export async function districtTickets(districtUrl: string, dataDir: string): Promise<TicketDoc[]> {
  const { credential } = JSON.parse(readFileSync(join(dataDir, 'device-credential.json'), 'utf8')) as {
    credential: string;
  };
  const response = await fetch(`${districtUrl}/api/v1/replication/tickets/pull?limit=1000`, {
    headers: { authorization: `Bearer ${credential}` },
  });
  if (!response.ok) throw new Error(`pull ${response.status}`);
  const body = (await response.json()) as { documents: (TicketDoc & { _deleted: boolean })[] };
  return body.documents.filter((d) => !d._deleted);
}

/** A device: its browser host and its Chromium profile. */
export interface Device {
  page: Page;
  context: BrowserContext;
  dataDir: string;
  close(): Promise<void>;
}

export async function openDevice(
  root: string,
  name: string,
  init?: (context: BrowserContext) => Promise<void>,
  options: { appVersion?: string } = {},
): Promise<Device> {
  const dataDir = join(root, name, 'device');
  const host: BrowserHost = await startBrowserHost({
    port: 0,
    dataDir,
    ...(options.appVersion ? { version: options.appVersion } : {}),
    rendererDir: RENDERER_DIR,
    demoCatalogPath: DEMO_CATALOG,
  });
  const context = await chromium.launchPersistentContext(join(root, name, 'profile'), {
    executablePath: CHROMIUM,
    args: CHROMIUM_ARGS,
    headless: true,
    viewport: { width: 1920, height: 1080 },
  });
  // Services are offered on set days: devices run at a station time when they are (station-time.ts).
  await atStationTime(context);
  await init?.(context);
  const page = context.pages()[0] ?? (await context.newPage());
  await page.goto(host.url);
  return {
    page,
    context,
    dataDir,
    close: async () => {
      await context.close();
      await host.close();
    },
  };
}

/**
 * District processes still running in this worker. A test that times out is
 * abandoned where it stands, so its own `finally` may never stop its district;
 * these are killed when the worker exits, so no server outlives the run.
 */
const running = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** The district server as its own process, so a test can kill it mid-request and start it again. */
export class DistrictProcess {
  private child: ChildProcess | null = null;

  constructor(
    private readonly dataDir: string,
    readonly port: number,
  ) {
    mkdirSync(dataDir, { recursive: true });
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'sync/server/cli.ts',
        'serve',
        '--host',
        '127.0.0.1',
        '--port',
        String(this.port),
        '--data-dir',
        this.dataDir,
      ],
      {
        cwd: ROOT,
        env: { ...process.env, ADMIN_TOKEN, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    this.child = child;
    running.add(child);
    child.once('exit', () => running.delete(child));
    // tsx compiles the server at each start: over a minute when the machine is loaded (seen at load 20 on 2 cores).
    const deadline = Date.now() + 150_000;
    while (Date.now() < deadline) {
      // A child ended by a signal has no exit code, only a signal code: either means it is gone.
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`district server exited with ${child.exitCode ?? child.signalCode}`);
      }
      try {
        if ((await fetch(`${this.url}/health`)).ok) return;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    await this.kill();
    throw new Error('district server did not start within 150 s');
  }

  /** SIGKILL: no graceful shutdown, as in a power cut. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
