/**
 * The kiosk window: fullscreen kiosk mode in production, a normal window with
 * devtools under DOORSTEP_DEV=1. The renderer gets no Node, runs sandboxed and
 * isolated from the preload, which exposes only `window.kiosk`.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions } from 'electron';

export interface KioskWindowOptions {
  preloadPath: string;
  /** Development mode (DOORSTEP_DEV=1): windowed, devtools allowed. */
  dev: boolean;
}

/** The BrowserWindow options of the kiosk window. Pure, so the security settings are unit-tested. */
export function kioskWindowOptions({ preloadPath, dev }: KioskWindowOptions): BrowserWindowConstructorOptions {
  return {
    show: false,
    width: 1080,
    height: 1920,
    backgroundColor: '#ffffff',
    fullscreen: !dev,
    kiosk: !dev,
    autoHideMenuBar: true,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      // Nobody touches a calling display; without this Chromium keeps its chime and
      // announcements silent until a user gesture that never comes.
      autoplayPolicy: 'no-user-gesture-required',
      devTools: dev,
      // Dropping a file on the screen would otherwise navigate to it.
      navigateOnDragDrop: false,
      spellcheck: false,
      safeDialogs: true,
    },
  };
}

export interface CreateKioskWindowDeps extends KioskWindowOptions {
  BrowserWindow: typeof BrowserWindow;
}

/** Creates the kiosk window; it shows itself once the first paint is ready, so no white flash. */
export function createKioskWindow({ BrowserWindow: Window, ...options }: CreateKioskWindowDeps): BrowserWindow {
  const window = new Window(kioskWindowOptions(options));
  window.removeMenu();
  // A pinch on the touch screen would zoom the UI out of its layout; text size is the app's job.
  void window.webContents.setVisualZoomLevelLimits(1, 1);
  window.once('ready-to-show', () => window.show());
  return window;
}
