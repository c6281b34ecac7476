/**
 * One kiosk process per data folder: two instances on one profile cannot both open
 * IndexedDB, and two windows on one screen confuse residents.
 */
import type { App } from 'electron';

/**
 * Takes the single-instance lock. Returns false in a second instance (which should
 * quit); in the first, `onSecondInstance` runs whenever another start is attempted.
 */
export function installSingleInstance({
  app,
  onSecondInstance,
}: {
  app: Pick<App, 'requestSingleInstanceLock' | 'on'>;
  onSecondInstance: () => void;
}): boolean {
  if (!app.requestSingleInstanceLock()) return false;
  app.on('second-instance', () => onSecondInstance());
  return true;
}
