/**
 * `npm run start:browser`: serves the built kiosk UI and the device API on
 * loopback, for a browser instead of Electron.
 *
 *   node --import tsx electron/host/browser-host-cli.ts [--port 5180] [--data-dir .data/browser-host] [--no-district]
 *
 * `--with-hub`: the demo station with a hub instead (hub-demo.ts): the kiosk on --port,
 * the counters and the calling display on the ports after it, the hub on --hub-port,
 * every device's folder under --data-dir (default .data/hub-demo).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appLayout } from '#services/app-layout.ts';
import { startBrowserHost } from './browser-host.ts';
import { startDemoDistrict } from './demo-district.ts';
import { describeHubDemo, MAX_DEMO_COUNTERS, startHubDemo } from './hub-demo.ts';
import { DEFAULT_HUB_PORT } from '#protocol/hub.ts';
import { EMBEDDED_DISTRICT_PORT } from '#services/embedded-district.ts';

const appDir = fileURLToPath(new URL('../../', import.meta.url));

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parsePort(text: string, option = '--port'): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    exitWith(`${option} must be a whole number from 0 to 65535, got "${text}"`);
  return port;
}

const USAGE =
  'usage: browser-host-cli [--port 5180] [--data-dir .data/browser-host] [--no-district]\n' +
  `       browser-host-cli --with-hub [--counters 1..${MAX_DEMO_COUNTERS}] [--port 5180] [--data-dir .data/hub-demo] [--hub-port ${DEFAULT_HUB_PORT}] [--district-port ${EMBEDDED_DISTRICT_PORT}]`;

/** Stops on Ctrl+C or a service stop, once. */
function stopOnSignal(close: () => Promise<unknown>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    close().then(
      () => process.exit(0),
      (error: unknown) => exitWith(`could not stop cleanly: ${String(error)}`),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function readVersion(): string {
  try {
    return (
      (JSON.parse(readFileSync(join(appDir, 'package.json'), 'utf8')) as { version?: string }).version ?? '0.0.0-dev'
    );
  } catch {
    return '0.0.0-dev';
  }
}

async function main(): Promise<void> {
  let values: {
    port: string;
    'data-dir'?: string;
    'no-district': boolean;
    'with-hub': boolean;
    counters: string;
    'hub-port': string;
    'district-port': string;
  };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '5180' },
        'data-dir': { type: 'string' },
        'no-district': { type: 'boolean', default: false },
        'with-hub': { type: 'boolean', default: false },
        counters: { type: 'string', default: '1' },
        'hub-port': { type: 'string', default: String(DEFAULT_HUB_PORT) },
        'district-port': { type: 'string', default: String(EMBEDDED_DISTRICT_PORT) },
      },
      strict: true,
    }));
  } catch (error) {
    exitWith(`${(error as Error).message}\n${USAGE}`);
  }
  const layout = appLayout(appDir);
  if (!existsSync(join(layout.rendererDir, 'index.html'))) {
    exitWith(
      `No renderer build in ${layout.rendererDir}. Run "npm run build" first (npm run start:browser does it for you).`,
    );
  }
  if (values['with-hub']) return startWithHub(values, layout);
  const dataDir = resolve(values['data-dir'] ?? '.data/browser-host');
  // Before the host: enrolment sets the district address that the host's CSP allows.
  const district = values['no-district']
    ? null
    : await startDemoDistrict({
        dataDir,
        demoCatalogPath: layout.demoCatalogPath,
        port: parsePort(values['district-port'], '--district-port'),
      });
  if (district) process.stdout.write(`District server (demo station, embedded PGlite) at ${district.url}\n`);
  const host = await startBrowserHost({
    port: parsePort(values.port),
    dataDir,
    rendererDir: layout.rendererDir,
    demoCatalogPath: layout.demoCatalogPath,
    version: readVersion(),
  });
  process.stdout.write(
    `Doorstep kiosk (browser mode) is running at ${host.url}\nOpen it in a browser; press Ctrl+C to stop.\n`,
  );
  stopOnSignal(() => Promise.all([host.close(), district?.close()]));
}

/** `--with-hub`: the demo station with a hub, a kiosk, counters and a calling display (hub-demo.ts). */
async function startWithHub(
  values: {
    port: string;
    'data-dir'?: string;
    'no-district': boolean;
    counters: string;
    'hub-port': string;
    'district-port': string;
  },
  layout: ReturnType<typeof appLayout>,
): Promise<void> {
  if (values['no-district'])
    exitWith('--with-hub runs the demo station with its embedded district: drop --no-district');
  const counters = Number(values.counters);
  if (!Number.isInteger(counters) || counters < 1 || counters > MAX_DEMO_COUNTERS)
    exitWith(`--counters must be a whole number from 1 to ${MAX_DEMO_COUNTERS}, got "${values.counters}"`);
  const root = resolve(values['data-dir'] ?? '.data/hub-demo');
  const demo = await startHubDemo({
    root,
    counters,
    serveKiosk: true,
    firstPort: parsePort(values.port),
    hubPort: parsePort(values['hub-port'], '--hub-port'),
    districtPort: parsePort(values['district-port'], '--district-port'),
    rendererDir: layout.rendererDir,
    demoCatalogPath: layout.demoCatalogPath,
    version: readVersion(),
  });
  const more =
    counters < MAX_DEMO_COUNTERS
      ? `stop with Ctrl+C and start again with --counters ${counters + 1} (the same folders; the new counter takes the next free issuing slot)`
      : `the demo station is full (the kiosk and ${MAX_DEMO_COUNTERS} counters hold its ${MAX_DEMO_COUNTERS + 1} issuing slots)`;
  process.stdout.write(`${describeHubDemo(demo, more)}Open them in a browser; press Ctrl+C to stop.\n`);
  stopOnSignal(() => demo.close());
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    exitWith('That port is already in use. Stop the other program or pick another with --port.');
  exitWith(`The browser host could not start: ${error instanceof Error ? error.stack : String(error)}`);
});
