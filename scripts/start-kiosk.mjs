// `npm start`: builds the app, makes sure the Electron binary is there (fetching it
// with Electron's own installer on first start), then runs the kiosk in Electron.
// The `electron` package is installed with its download step skipped, so a fresh
// checkout has the typings but not the binary.
//
//   node scripts/start-kiosk.mjs [--skip-build] [--with-hub [--counters 1..3]]
//
// --with-hub: the demo station with a hub (electron/host/hub-demo.ts): the kiosk in
// Electron, and beside it in this process the demo district, a counter that runs the
// station hub, more counters and a calling display, served for a browser.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const appDir = fileURLToPath(new URL('..', import.meta.url));
const electronDir = join(appDir, 'node_modules', 'electron');

/** Runs `npm run build`, through the npm that started us when there is one. */
function build() {
  console.log('Building the kiosk (npm run build) …');
  const npmCli = process.env.npm_execpath;
  const result = npmCli
    ? spawnSync(process.execPath, [npmCli, 'run', 'build'], { cwd: appDir, stdio: 'inherit' })
    : spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
        cwd: appDir,
        stdio: 'inherit',
        shell: process.platform === 'win32',
      });
  if (result.status !== 0) {
    console.error('\nThe build failed; see the errors above. Nothing was started.');
    process.exit(result.status ?? 1);
  }
}

/** The executable inside an Electron folder, as Electron's installer names it. */
function platformExecutable() {
  if (process.platform === 'win32') return 'electron.exe';
  if (process.platform === 'darwin') return 'Electron.app/Contents/MacOS/Electron';
  return 'electron';
}

/** The Electron executable if it is installed, else null. Same lookup as node_modules/electron/index.js. */
function electronBinary() {
  const pathFile = join(electronDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!relative && !override) return null;
  const binary = join(override || join(electronDir, 'dist'), relative || platformExecutable());
  return existsSync(binary) ? binary : null;
}

function electronVersion() {
  try {
    return JSON.parse(readFileSync(join(electronDir, 'package.json'), 'utf8')).version;
  } catch {
    return null;
  }
}

/** Finds the Electron binary, downloading it with Electron's own installer when missing; exits with advice if that fails. */
function ensureElectron() {
  const existing = electronBinary();
  if (existing) return existing;
  const version = electronVersion();
  if (!version) {
    console.error('The electron package is not installed (node_modules/electron is missing). Run "npm install" first.');
    process.exit(1);
  }
  console.log(`Downloading Electron ${version} (first start only, about 100 MB) …`);
  const env = { ...process.env };
  // The package is installed with the download switched off; this one run must not be.
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  const result = spawnSync(process.execPath, [join(electronDir, 'install.js')], {
    cwd: electronDir,
    stdio: 'inherit',
    env,
  });
  const binary = result.status === 0 ? electronBinary() : null;
  if (binary) return binary;
  console.error(`
Electron ${version} could not be downloaded, so the kiosk cannot start in Electron.
This machine is probably offline, or cannot reach GitHub where Electron is published.

  - Inside mainland China, a mirror usually works:
      ELECTRON_MIRROR=https://npmmirror.com/mirrors/electron/ npm start
  - Or copy an Electron ${version} build for this system to a folder and point at it:
      ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron-folder npm start
  - Or run the same kiosk UI in a browser instead, with no Electron at all:
      npm run start:browser
    then open the address it prints.
`);
  process.exit(1);
}

/**
 * The demo station's district server, embedded (PGlite in the device's data folder),
 * with this device enrolled into it — unless the device is enrolled with a real
 * district. Loaded through tsx, which runs the TypeScript source directly.
 * @returns {Promise<{ url: string, close(): Promise<void> } | null>}
 */
async function startEmbeddedDistrictServer(dataDir) {
  const { tsImport } = await import('tsx/esm/api');
  const { startDemoDistrict } = await tsImport('../electron/host/demo-district.ts', import.meta.url);
  const district = await startDemoDistrict({
    dataDir,
    demoCatalogPath: join(appDir, 'assets', 'catalog', 'demo-catalog.json'),
  });
  if (district) console.log(`District server (demo station, embedded PGlite) at ${district.url}`);
  return district;
}

/** The value after `--name` on the command line, or the fallback. */
function option(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

/**
 * The demo station with a hub for an Electron kiosk: everything but the kiosk's window runs
 * here (the same code as `npm run start:browser -- --with-hub`); the kiosk's folder comes back.
 */
async function startHubDemoStation() {
  const { tsImport } = await import('tsx/esm/api');
  const { startHubDemo, describeHubDemo } = await tsImport('../electron/host/hub-demo.ts', import.meta.url);
  const counters = Number(option('--counters', '1'));
  const demo = await startHubDemo({
    root: resolve(process.env.DOORSTEP_DATA_DIR || join(appDir, '.data', 'hub-demo')),
    counters,
    serveKiosk: false,
    firstPort: 5180,
    rendererDir: join(appDir, 'dist', 'renderer'),
    demoCatalogPath: join(appDir, 'assets', 'catalog', 'demo-catalog.json'),
  });
  const more = `stop and run "npm start -- --with-hub --counters ${counters + 1}"`;
  console.log(describeHubDemo(demo, more));
  return { kioskDir: demo.devices.find((d) => d.role === 'kiosk').dataDir, close: () => demo.close() };
}

async function main() {
  if (!process.argv.includes('--skip-build')) build();
  const binary = ensureElectron();
  let dataDir;
  let stopServers;
  if (process.argv.includes('--with-hub')) {
    const station = await startHubDemoStation();
    dataDir = station.kioskDir;
    stopServers = station.close;
  } else {
    // One data folder for the kiosk and its demo district, so the enrolment matches.
    dataDir = process.env.DOORSTEP_DATA_DIR || join(appDir, '.data', 'kiosk');
    const districtServer = await startEmbeddedDistrictServer(dataDir);
    stopServers = async () => districtServer?.close();
  }

  const child = spawn(binary, [appDir], {
    cwd: appDir,
    stdio: 'inherit',
    env: { ...process.env, DOORSTEP_DATA_DIR: dataDir },
  });
  // Ctrl+C and service stops reach Electron, so it can shut down cleanly.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (error) => {
    console.error(`Could not run Electron at ${binary}: ${error.message}`);
    process.exitCode = 1;
  });
  child.on('exit', async (code, signal) => {
    await stopServers();
    process.exit(code ?? (signal ? 1 : 0));
  });
}

await main();
