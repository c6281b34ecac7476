/**
 * `npm run start:browser`: serves the built kiosk UI and the device API on
 * loopback, for a browser instead of Electron.
 *
 *   node --import tsx electron/host/browser-host-cli.ts [--port 5180] [--data-dir .data/browser-host] [--no-district]
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { appLayout } from '#services/app-layout.ts';
import { startBrowserHost } from './browser-host.ts';
import { startDemoDistrict } from './demo-district.ts';

const appDir = fileURLToPath(new URL('../../', import.meta.url));

function exitWith(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(1);
}

function parsePort(text: string): number {
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    exitWith(`--port must be a whole number from 0 to 65535, got "${text}"`);
  return port;
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
  let values: { port: string; 'data-dir': string; 'no-district': boolean };
  try {
    ({ values } = parseArgs({
      options: {
        port: { type: 'string', default: '5180' },
        'data-dir': { type: 'string', default: '.data/browser-host' },
        'no-district': { type: 'boolean', default: false },
      },
      strict: true,
    }));
  } catch (error) {
    exitWith(
      `${(error as Error).message}\nusage: browser-host-cli [--port 5180] [--data-dir .data/browser-host] [--no-district]`,
    );
  }
  const layout = appLayout(appDir);
  if (!existsSync(join(layout.rendererDir, 'index.html'))) {
    exitWith(
      `No renderer build in ${layout.rendererDir}. Run "npm run build" first (npm run start:browser does it for you).`,
    );
  }
  const dataDir = resolve(values['data-dir']);
  // Before the host: enrolment sets the district address that the host's CSP allows.
  const district = values['no-district']
    ? null
    : await startDemoDistrict({ dataDir, demoCatalogPath: layout.demoCatalogPath });
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

  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    process.stdout.write(`\n${signal}: stopping…\n`);
    Promise.all([host.close(), district?.close()]).then(
      () => process.exit(0),
      (error: unknown) => exitWith(`could not stop cleanly: ${String(error)}`),
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE')
    exitWith('That port is already in use. Stop the other program or pick another with --port.');
  exitWith(`The browser host could not start: ${error instanceof Error ? error.stack : String(error)}`);
});
