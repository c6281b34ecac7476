/**
 * The Electron main process: wires the device services to the kiosk window and
 * locks the window down. Decisions live in electron/security and electron/services;
 * this file only connects them. Bundled to dist/electron/main.cjs by
 * scripts/build-electron.mjs.
 */
import {
  BrowserWindow,
  app,
  dialog,
  ipcMain,
  Menu,
  powerSaveBlocker,
  protocol,
  screen,
  session,
  utilityProcess,
} from 'electron';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildCsp } from '#security/csp.ts';
import { isDevMode } from '#security/dev-mode.ts';
import { checkTransport } from '#security/transport-policy.ts';
import { APP_ENTRY_URL } from '#security/url-policy.ts';
import { appLayout, type AppLayout } from '#services/app-layout.ts';
import { createDeviceServices, type DeviceServices } from '#services/device-services.ts';
import { stationHubInProcess } from '#services/hub-process.ts';
import { installUpdater } from '#services/updates/updater.ts';
import type { Logger } from '#services/logger.ts';
import { installAppProtocol, registerAppScheme } from './app-protocol.ts';
import { runStationHub } from './hub-lifecycle.ts';
import { installIpc } from './ipc.ts';
import { installNavigationLock } from './navigation-lock.ts';
import { installPermissionLock } from './permission-lock.ts';
import { installSingleInstance } from './single-instance.ts';
import { createSystemPrint } from './system-print.ts';
import { createWatchdog } from './watchdog.ts';
import { createKioskWindow } from './window.ts';

const dev = isDevMode({ env: process.env, isPackaged: app.isPackaged });

// The data folder holds the config, the logs and Chromium's profile (IndexedDB), and
// the single-instance lock is per folder: moving userData moves all of them together.
if (process.env.DOORSTEP_DATA_DIR) app.setPath('userData', resolve(process.env.DOORSTEP_DATA_DIR));

// Both must happen before the app is ready.
registerAppScheme({ protocol });
app.enableSandbox();

let kioskWindow: BrowserWindow | null = null;
/** Set only by the technician's PIN-protected "close the program"; anything else must not end the kiosk. */
let quitAllowed = false;

function focusKioskWindow(): void {
  if (!kioskWindow || kioskWindow.isDestroyed()) return;
  if (kioskWindow.isMinimized()) kioskWindow.restore();
  kioskWindow.focus();
}

async function syncPeersOf(services: DeviceServices): Promise<{ districtUrl: string | null; hubUrl: string | null }> {
  try {
    const { districtUrl, hubUrl } = await services.configStore.get();
    return { districtUrl, hubUrl };
  } catch (error) {
    // Without a readable config the app still runs, just without a district server.
    services.logger.error('could not read the device config; starting without a district server', error);
    return { districtUrl: null, hubUrl: null };
  }
}

/** Everything that needs the app to be ready. */
async function start(services: DeviceServices, layout: AppLayout): Promise<void> {
  const { logger } = services;
  if (!existsSync(join(layout.rendererDir, 'index.html'))) {
    logger.error(`no renderer build in ${layout.rendererDir}: the window will stay empty. Run "npm run build".`);
  }
  Menu.setApplicationMenu(null);
  installPermissionLock({ session: session.defaultSession, logger: logger.child('permissions') });
  installAppProtocol({
    protocol: session.defaultSession.protocol,
    rendererDir: layout.rendererDir,
    // Per page load: enrolment and the station hub change the peers the page may reach, and the page reloads after them.
    csp: async () => buildCsp(await syncPeersOf(services)),
    logger: logger.child('app-protocol'),
  });
  installIpc({ ipcMain, handlers: services.handlers, logger: logger.child('ipc') });
  if (services.stationHub) runStationHub({ app, hub: services.stationHub, logger: logger.child('station-hub') });

  // The kiosk screen never sleeps while the app runs.
  powerSaveBlocker.start('prevent-display-sleep');
  const watchdog = createWatchdog({
    window: () => kioskWindow,
    recreateWindow: () => {
      kioskWindow?.destroy();
      void openKioskWindow();
    },
    relaunch: () => {
      app.relaunch();
      app.exit(0);
    },
    showTechnicianMessage: (message) => dialog.showErrorBox('Doorstep kiosk needs a technician', message),
    failuresFile: join(app.getPath('userData'), 'watchdog-failures.json'),
    logger: logger.child('watchdog'),
  });
  const openKioskWindow = async () => {
    kioskWindow = createKioskWindow({ BrowserWindow, preloadPath: layout.preloadPath, dev });
    watchdog.watch(kioskWindow);
    const win = kioskWindow;
    // Alt+F4 and the like must not leave a resident at a desktop; only the technician closes it.
    win.on('close', (event) => {
      if (app.isPackaged && !dev && !quitAllowed) {
        event.preventDefault();
        logger.warn('refused to close the kiosk window without the technician PIN');
      }
    });
    win.on('closed', () => {
      if (kioskWindow === win) kioskWindow = null;
    });
    await win.loadURL(APP_ENTRY_URL);
  };
  await openKioskWindow();
  await startUpdates(services);
}

/**
 * Updates come from the enrolled district and install only when the station is
 * idle or at night (electron/services/updates). Only a packaged app can update itself.
 */
async function startUpdates(services: DeviceServices): Promise<void> {
  if (!app.isPackaged) return;
  try {
    const enrolled = await services.credentialStore.get();
    if (!enrolled) return;
    // Updates are code: never fetched over plain http:// from another machine unless the technician allowed it.
    const transport = checkTransport(enrolled.districtUrl, {
      packaged: true,
      allowInsecureHttp: enrolled.allowInsecureHttp === true,
    });
    if (!transport.ok) {
      services.logger.error('updates are off: the district is plain http:// and unencrypted http:// was not allowed', {
        districtUrl: enrolled.districtUrl,
      });
      return;
    }
    await installUpdater({
      districtUrl: enrolled.districtUrl,
      logger: services.logger.child('updater'),
      getActivity: services.activity.latest,
    });
  } catch (error) {
    // A kiosk without updates still serves residents; the technician sees this in the log.
    services.logger.error('updates could not start', error);
  }
}

function fail(logger: Logger, error: unknown): void {
  logger.error('the kiosk could not start', error);
  // Shown to the technician at the screen; the supervisor (systemd / Shell Launcher) restarts the app.
  dialog.showErrorBox('Doorstep kiosk could not start', error instanceof Error ? error.message : String(error));
  app.exit(1);
}

function run(): void {
  const layout = appLayout(app.getAppPath());
  const services = createDeviceServices({
    dataDir: app.getPath('userData'),
    demoCatalogPath: layout.demoCatalogPath,
    appInfo: { version: app.getVersion(), runtime: 'electron' },
    minLogLevel: dev ? 'debug' : 'info',
    systemPrint: createSystemPrint({ BrowserWindow }),
    // "This device is the station hub": the hub runs in a utility process of its own, never in main.
    stationHub: stationHubInProcess({ fork: utilityProcess.fork, appDir: app.getAppPath() }),
    quitApp: () => {
      quitAllowed = true;
      app.quit();
    },
    // A packaged kiosk waits for a technician's enrolment; a checkout (`npm start`) runs the demo station.
    demoMode: !app.isPackaged,
    packaged: app.isPackaged,
    listDisplays: async () => {
      const primary = screen.getPrimaryDisplay().id;
      return screen.getAllDisplays().map((d) => ({
        id: String(d.id),
        label: `${d.label || 'Display'} ${d.size.width}×${d.size.height}`,
        primary: d.id === primary,
      }));
    },
  });
  const { logger } = services;
  logger.info('starting', { version: app.getVersion(), dataDir: app.getPath('userData'), dev });
  process.on('uncaughtException', (error) => logger.error('uncaught exception in main', error));
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection in main', reason));

  // Covers every web contents, the first window's included, so it goes in before ready.
  installNavigationLock({ app, logger: logger.child('navigation') });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(() => start(services, layout))
    .catch((error: unknown) => fail(logger, error));
}

if (installSingleInstance({ app, onSecondInstance: focusKioskWindow })) {
  run();
} else {
  // Another kiosk already runs on this data folder; it has been told to come to the front.
  app.quit();
}
