/**
 * A kiosk has nobody to press reload: when the renderer process dies the window
 * would stay blank, so it is reloaded after a short pause (the pause stops a page
 * that crashes on load from spinning the CPU).
 */
import type { BrowserWindow } from 'electron';
import type { Logger } from '../services/logger.ts';

/** Reloads the window when its renderer process is gone; logs hangs. */
export function installCrashRecovery({
  window,
  logger,
  reloadDelayMs = 3000,
}: {
  window: BrowserWindow;
  logger: Pick<Logger, 'warn' | 'error'>;
  reloadDelayMs?: number;
}): void {
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error('renderer process gone; reloading', details);
    setTimeout(() => {
      if (!window.isDestroyed()) window.webContents.reload();
    }, reloadDelayMs);
  });
  window.on('unresponsive', () => logger.warn('window is not responding'));
  window.on('responsive', () => logger.warn('window is responding again'));
}
