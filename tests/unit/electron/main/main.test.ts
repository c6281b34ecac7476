/**
 * The main process end to end, minus Chromium: main.ts is bundled as the build
 * does it and run against a fake `electron` module, so the wiring (what is
 * installed, in which order, with which settings) is checked on machines without
 * the Electron binary. The real `electron` package is never loaded.
 */
import { EventEmitter } from 'node:events';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { CHANNEL_NAMES } from '#ipc/contract.ts';
import { CONFIG_FILE_NAME, createConfigStore } from '#services/config-store.ts';
import { APP_ENTRY_URL, APP_SCHEME } from '#security/url-policy.ts';
import { bundleEntry, runBundle } from '#tests/unit/electron/support/run-bundled.ts';
import { useTempDirs } from '#tests/unit/electron/support/temp-dir.ts';

const tempDir = useTempDirs();
let bundle: string;

beforeAll(async () => {
  bundle = await bundleEntry('electron/main/main.ts');
});

class FakeWindow extends EventEmitter {
  static created: FakeWindow[] = [];
  webContents = Object.assign(new EventEmitter(), {
    setVisualZoomLevelLimits: vi.fn(async () => undefined),
    reload: vi.fn(),
  });
  loadURL = vi.fn(async (_url: string) => undefined);
  removeMenu = vi.fn();
  show = vi.fn();
  focus = vi.fn();
  restore = vi.fn();
  isMinimized = () => false;
  isDestroyed = () => false;
  constructor(readonly options: { kiosk?: boolean; webPreferences?: Record<string, unknown> }) {
    super();
    FakeWindow.created.push(this);
  }
}

/**
 * Electron's UtilityProcess as the hub supervisor sees it: it answers every call the way a
 * hub process would (start: running at loopback) and exits when killed.
 */
class FakeUtilityProcess extends EventEmitter {
  static forked: { modulePath: string; child: FakeUtilityProcess }[] = [];
  readonly received: { type: string; method?: string }[] = [];
  pid = 4242;
  postMessage = vi.fn((message: { type: string; id?: number; method?: string }) => {
    this.received.push(message);
    if (message.type !== 'call') return;
    const value = message.method === 'start' ? { url: 'http://127.0.0.1:8788', hubDeviceId: 'hub-1' } : null;
    setImmediate(() => this.emit('message', { type: 'result', id: message.id, ok: true, value }));
  });
  kill = vi.fn(() => {
    setImmediate(() => this.emit('exit', 0));
    return true;
  });
}

/** A stand-in for the parts of Electron that main.ts touches, recording the order of events. */
function fakeElectron({
  appDir,
  gotLock,
  isPackaged = false,
}: {
  appDir: string;
  gotLock: boolean;
  isPackaged?: boolean;
}) {
  const order: string[] = [];
  const paths: Record<string, string> = { userData: join(appDir, 'default-user-data') };
  const app = Object.assign(new EventEmitter(), {
    setPath: vi.fn((name: string, value: string) => (paths[name] = value)),
    getPath: (name: string) => paths[name]!,
    getAppPath: () => appDir,
    getVersion: () => '9.9.9',
    isPackaged,
    enableSandbox: vi.fn(() => order.push('enableSandbox')),
    requestSingleInstanceLock: () => gotLock,
    whenReady: vi.fn(async () => {
      order.push('ready');
    }),
    quit: vi.fn(),
    exit: vi.fn(),
  });
  const defaultSession = {
    setPermissionRequestHandler: vi.fn(),
    setPermissionCheckHandler: vi.fn(),
    setDevicePermissionHandler: vi.fn(),
    protocol: { handle: vi.fn() },
  };
  FakeWindow.created = [];
  FakeUtilityProcess.forked = [];
  return {
    order,
    electron: {
      app,
      BrowserWindow: FakeWindow,
      Menu: { setApplicationMenu: vi.fn() },
      dialog: { showErrorBox: vi.fn() },
      powerSaveBlocker: { start: vi.fn(() => 1) },
      ipcMain: { handle: vi.fn() },
      protocol: { registerSchemesAsPrivileged: vi.fn(() => order.push('registerSchemes')) },
      session: { defaultSession },
      utilityProcess: {
        fork: vi.fn((modulePath: string) => {
          const child = new FakeUtilityProcess();
          FakeUtilityProcess.forked.push({ modulePath, child });
          return child;
        }),
      },
    },
  };
}

function runMain(electron: object, env: Record<string, string>): void {
  runBundle(bundle, electron, env);
}

async function appFolder(): Promise<{ appDir: string; dataDir: string }> {
  const appDir = await tempDir();
  await mkdir(join(appDir, 'dist', 'renderer'), { recursive: true });
  await writeFile(join(appDir, 'dist', 'renderer', 'index.html'), '<!doctype html><title>kiosk</title>');
  return { appDir, dataDir: join(appDir, 'data') };
}

describe('main process wiring', () => {
  it('registers the app scheme and the sandbox before ready, then opens a locked kiosk window', async () => {
    const { appDir, dataDir } = await appFolder();
    const { electron, order } = fakeElectron({ appDir, gotLock: true });

    runMain(electron, { DOORSTEP_DATA_DIR: dataDir });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalledWith(APP_ENTRY_URL));

    expect(order.indexOf('registerSchemes')).toBeLessThan(order.indexOf('ready'));
    expect(order.indexOf('enableSandbox')).toBeLessThan(order.indexOf('ready'));
    expect(electron.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      expect.objectContaining({ scheme: APP_SCHEME }),
    ]);
    expect(electron.Menu.setApplicationMenu).toHaveBeenCalledWith(null);
    expect(electron.app.listenerCount('web-contents-created')).toBe(1);
    const window = FakeWindow.created[0]!;
    expect(window.options).toMatchObject({
      kiosk: true,
      webPreferences: { sandbox: true, contextIsolation: true, devTools: false },
    });
    expect(window.options.webPreferences?.preload).toBe(join(appDir, 'dist', 'electron', 'preload.cjs'));
    const { defaultSession } = electron.session;
    expect(defaultSession.setPermissionRequestHandler).toHaveBeenCalled();
    expect(defaultSession.setPermissionCheckHandler).toHaveBeenCalled();
  });

  it('keeps its data in DOORSTEP_DATA_DIR and serves the device API and the renderer from it', async () => {
    const { appDir, dataDir } = await appFolder();
    const { electron } = fakeElectron({ appDir, gotLock: true });

    runMain(electron, { DOORSTEP_DATA_DIR: dataDir });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalled());

    expect(electron.app.setPath).toHaveBeenCalledWith('userData', dataDir);
    // The config (with the device's new id) is written at its first read, which a page load makes.
    const stored = await vi.waitFor(
      async () => JSON.parse(await readFile(join(dataDir, CONFIG_FILE_NAME), 'utf8')) as { deviceId: string },
    );
    const handlers = new Map(
      electron.ipcMain.handle.mock.calls.map(([channel, handler]) => [
        channel as string,
        handler as (event: unknown, payload: unknown) => Promise<unknown>,
      ]),
    );
    expect([...handlers.keys()].sort()).toEqual([...CHANNEL_NAMES].sort());
    const answer = await handlers.get('config:get')!({ senderFrame: { url: APP_ENTRY_URL } }, null);
    expect(answer).toMatchObject({ ok: true, value: { deviceId: stored.deviceId } });

    const [scheme, serve] = electron.session.defaultSession.protocol.handle.mock.calls[0] as [
      string,
      (r: Request) => Promise<Response>,
    ];
    expect(scheme).toBe(APP_SCHEME);
    const page = await serve(new Request(APP_ENTRY_URL));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toMatch(/script-src 'self'/);
  });

  it('opens a normal window with devtools under DOORSTEP_DEV=1', async () => {
    const { appDir, dataDir } = await appFolder();
    const { electron } = fakeElectron({ appDir, gotLock: true });
    runMain(electron, { DOORSTEP_DATA_DIR: dataDir, DOORSTEP_DEV: '1' });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalled());
    expect(FakeWindow.created[0]!.options).toMatchObject({ kiosk: false, webPreferences: { devTools: true } });
  });

  it('ignores DOORSTEP_DEV=1 in a packaged kiosk: locked-down window, no devtools', async () => {
    const { appDir, dataDir } = await appFolder();
    const { electron } = fakeElectron({ appDir, gotLock: true, isPackaged: true });
    runMain(electron, { DOORSTEP_DATA_DIR: dataDir, DOORSTEP_DEV: '1' });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalled());
    expect(FakeWindow.created[0]!.options).toMatchObject({ kiosk: true, webPreferences: { devTools: false } });
  });

  it('brings the running kiosk to the front when started again', async () => {
    const { appDir, dataDir } = await appFolder();
    const first = fakeElectron({ appDir, gotLock: true });
    runMain(first.electron, { DOORSTEP_DATA_DIR: dataDir });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalled());
    first.electron.app.emit('second-instance');
    expect(FakeWindow.created[0]!.focus).toHaveBeenCalled();
  });

  it('keeps the hub out of main: no district server, no PGlite in the main bundle', () => {
    // esbuild marks each bundled file with a "// path" comment.
    expect(bundle).not.toMatch(/^\/\/ (sync\/server\/|node_modules\/(fastify|@electric-sql\/pglite)\/)/m);
    expect(bundle).toMatch(/^\/\/ electron\/services\/hub-process\.ts$/m);
  });

  it('runs no hub process on a device that is not its station hub', async () => {
    const { appDir, dataDir } = await appFolder();
    const { electron } = fakeElectron({ appDir, gotLock: true });
    runMain(electron, { DOORSTEP_DATA_DIR: dataDir });
    await vi.waitFor(() => expect(FakeWindow.created[0]?.loadURL).toHaveBeenCalled());
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(electron.utilityProcess.fork).not.toHaveBeenCalled();
  });

  it('runs the station hub in a utility process from the bundled entry, and stops it before quitting', async () => {
    const { appDir, dataDir } = await appFolder();
    // What "this device is the station hub" left in the config at the last run.
    await createConfigStore({ dataDir, logger: { info: () => undefined, warn: () => undefined } }).update({
      districtUrl: 'https://district.example',
      isHub: true,
      hubUrl: 'http://127.0.0.1:8788',
    });
    const { electron } = fakeElectron({ appDir, gotLock: true });
    runMain(electron, { DOORSTEP_DATA_DIR: dataDir });

    await vi.waitFor(() => expect(FakeUtilityProcess.forked).toHaveLength(1));
    const { modulePath, child } = FakeUtilityProcess.forked[0]!;
    expect(modulePath).toBe(join(appDir, 'dist', 'electron', 'hub.cjs'));
    await vi.waitFor(() => expect(child.received.map((m) => m.method ?? m.type)).toEqual(['init', 'start']));
    expect(child.received[0]).toMatchObject({ type: 'init', dataDir, port: 8788, host: '0.0.0.0' });
    // The page may reach the hub its screens sync through.
    const [, serve] = electron.session.defaultSession.protocol.handle.mock.calls[0] as [
      string,
      (r: Request) => Promise<Response>,
    ];
    expect((await serve(new Request(APP_ENTRY_URL))).headers.get('content-security-policy')).toContain(
      'http://127.0.0.1:8788',
    );

    const quit = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', quit);
    expect(quit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(electron.app.quit).toHaveBeenCalled());
    expect(child.received.at(-1)).toMatchObject({ type: 'call', method: 'stop' });
    expect(child.kill).toHaveBeenCalled();
    // The second pass of the quit goes through.
    const again = { preventDefault: vi.fn() };
    electron.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('quits at once when another kiosk holds the lock', async () => {
    const { appDir, dataDir } = await appFolder();
    const second = fakeElectron({ appDir, gotLock: false });
    runMain(second.electron, { DOORSTEP_DATA_DIR: dataDir });
    expect(second.electron.app.quit).toHaveBeenCalled();
    expect(second.electron.app.whenReady).not.toHaveBeenCalled();
    expect(FakeWindow.created).toEqual([]);
  });
});
