/**
 * Starting the kiosk for a test, on either target. Each test gets its own data
 * folder and browser profile; `restart()` closes everything and starts again on
 * the same ones, as a power cycle would.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  test as base,
  _electron,
  chromium,
  type BrowserContext,
  type ElectronApplication,
  type Page,
} from '@playwright/test';
import { startBrowserHost } from '#host/browser-host.ts';
import { CHROMIUM, CHROMIUM_ARGS, DEMO_CATALOG, RENDERER_DIR, ROOT } from './paths.ts';
import { atStationTime } from './station-time.ts';

export type KioskTarget = 'chromium' | 'electron';

export interface Viewport {
  width: number;
  height: number;
}
export const LANDSCAPE: Viewport = { width: 1920, height: 1080 };
export const PORTRAIT: Viewport = { width: 1080, height: 1920 };

export interface Kiosk {
  target: KioskTarget;
  page: Page;
  /** Closes the app (or browser) and starts it again on the same profile and data folder. */
  restart(): Promise<Page>;
}

/** Why the Electron target cannot run here, or null when an Electron binary exists. */
export function electronUnavailable(): string | null {
  const pkg = join(ROOT, 'node_modules', 'electron');
  const pathFile = join(pkg, 'path.txt');
  if (existsSync(pathFile) && existsSync(join(pkg, 'dist', readFileSync(pathFile, 'utf8').trim()))) return null;
  return 'Electron target skipped: no Electron binary in node_modules/electron/dist (it downloads from GitHub, which this machine cannot reach; run `node node_modules/electron/install.js` where it can)';
}

function electronBinary(): string {
  const pkg = join(ROOT, 'node_modules', 'electron');
  return join(pkg, 'dist', readFileSync(join(pkg, 'path.txt'), 'utf8').trim());
}

interface Running {
  page: Page;
  port?: number;
  close(): Promise<void>;
}

/**
 * The browser host on `port` (0 picks one). A restart must reuse the port: the
 * page's origin, and with it the IndexedDB replica, depends on it.
 */
async function startChromium(dataDir: string, profileDir: string, viewport: Viewport, port: number): Promise<Running> {
  const host = await startBrowserHost({ port, dataDir, rendererDir: RENDERER_DIR, demoCatalogPath: DEMO_CATALOG });
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport,
      locale: 'zh-CN',
      hasTouch: false,
    });
    // Services are offered on set days: the kiosk runs at a station time when they are (station-time.ts).
    await atStationTime(context);
    const page = context.pages()[0] ?? (await context.newPage());
    await page.goto(host.url);
    const ctx = context;
    return {
      page,
      port: Number(new URL(host.url).port),
      close: async () => {
        await ctx.close();
        await host.close();
      },
    };
  } catch (error) {
    await context?.close();
    await host.close();
    throw error;
  }
}

async function startElectron(dataDir: string, viewport: Viewport): Promise<Running> {
  const app: ElectronApplication = await _electron.launch({
    executablePath: electronBinary(),
    args: [ROOT],
    env: { ...process.env, DOORSTEP_DATA_DIR: dataDir, DOORSTEP_TEST: '1' } as Record<string, string>,
  });
  const page = await app.firstWindow();
  await page.setViewportSize(viewport);
  return { page, close: () => app.close() };
}

export const test = base.extend<{ target: KioskTarget; kiosk: Kiosk }>({
  target: ['chromium', { option: true }],
  kiosk: async ({ target, viewport: size }, use, testInfo) => {
    const viewport = size ?? LANDSCAPE;
    const reason = target === 'electron' ? electronUnavailable() : null;
    testInfo.skip(reason !== null, reason ?? '');
    const root = mkdtempSync(join(tmpdir(), 'doorstep-e2e-'));
    const dataDir = join(root, 'device');
    const profileDir = join(root, 'profile');
    let port = 0;
    const start = async () => {
      const r =
        target === 'electron'
          ? await startElectron(dataDir, viewport)
          : await startChromium(dataDir, profileDir, viewport, port);
      port = r.port ?? port;
      return r;
    };
    let running = await start();
    const kiosk: Kiosk = {
      target,
      page: running.page,
      restart: async () => {
        await running.close();
        running = await start();
        kiosk.page = running.page;
        return running.page;
      },
    };
    await use(kiosk);
    await running.close();
    rmSync(root, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
