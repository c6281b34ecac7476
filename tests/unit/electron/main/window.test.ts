import { describe, expect, it } from 'vitest';
import { kioskWindowOptions } from '#main/window.ts';

describe('kiosk window options', () => {
  it.each([false, true])('isolates and sandboxes the renderer (dev=%s)', (dev) => {
    const { webPreferences } = kioskWindowOptions({ preloadPath: '/app/preload.cjs', dev });
    expect(webPreferences).toMatchObject({
      preload: '/app/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('is a fullscreen kiosk without devtools in production', () => {
    const options = kioskWindowOptions({ preloadPath: 'p', dev: false });
    expect(options).toMatchObject({ kiosk: true, fullscreen: true });
    expect(options.webPreferences?.devTools).toBe(false);
  });

  it('is a normal window with devtools in development', () => {
    const options = kioskWindowOptions({ preloadPath: 'p', dev: true });
    expect(options).toMatchObject({ kiosk: false, fullscreen: false });
    expect(options.webPreferences?.devTools).toBe(true);
  });
});
