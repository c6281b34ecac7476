/**
 * Carries out the watchdog policy (electron/services/watchdog-policy.ts) for the
 * kiosk window: a crashed renderer is reloaded, then the window recreated, then the
 * app relaunched, with growing pauses; a hung renderer is killed and recovered; and
 * after too many failures the technician is told what happened instead of a loop.
 * Failures are carried across a relaunch in a small file, so a crash loop is seen.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { BrowserWindow } from 'electron';
import {
  initialWatchdogState,
  stepWatchdog,
  type WatchdogAction,
  type WatchdogEvent,
  type WatchdogState,
} from '#services/watchdog-policy.ts';
import type { Logger } from '#services/logger.ts';

export interface WatchdogDeps {
  /** The kiosk window as it is now (it may have been recreated). */
  window(): BrowserWindow | null;
  recreateWindow(): void;
  relaunch(): void;
  /** Tells the technician at the screen; the app keeps running. */
  showTechnicianMessage(message: string): void;
  /** Where recent failures survive a relaunch. */
  failuresFile: string;
  logger: Pick<Logger, 'warn' | 'error'>;
  now?: () => number;
}

function loadFailures(file: string): number[] {
  try {
    const data: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return Array.isArray(data) ? data.filter((x): x is number => typeof x === 'number') : [];
  } catch {
    return [];
  }
}

/** Starts watching; call `watch(window)` for every (re)created kiosk window. */
export function createWatchdog(deps: WatchdogDeps) {
  const now = deps.now ?? Date.now;
  let state: WatchdogState = initialWatchdogState(loadFailures(deps.failuresFile));

  const run = (action: WatchdogAction) => {
    const win = deps.window();
    switch (action.type) {
      case 'reload':
        setTimeout(() => win && !win.isDestroyed() && win.webContents.reload(), action.delayMs);
        break;
      case 'recreate-window':
        setTimeout(() => deps.recreateWindow(), action.delayMs);
        break;
      case 'relaunch-app':
        writeFileSync(deps.failuresFile, JSON.stringify(state.failures));
        setTimeout(() => deps.relaunch(), action.delayMs);
        break;
      case 'kill-renderer':
        if (win && !win.isDestroyed()) win.webContents.forcefullyCrashRenderer();
        break;
      case 'start-hang-timer':
        setTimeout(() => feed({ type: 'hang-timeout', hangId: action.hangId, at: now() }), action.delayMs);
        break;
      case 'give-up':
        deps.logger.error('watchdog gave up', action);
        deps.showTechnicianMessage(
          `The kiosk screen failed ${action.failures} times in ${action.windowMinutes} minutes (last cause: ${action.lastCause}). ` +
            'Check the logs in the diagnostics screen, then restart the device.',
        );
        break;
    }
  };

  const feed = (event: WatchdogEvent) => {
    const step = stepWatchdog(state, event);
    state = step.state;
    if (step.actions.length) deps.logger.warn('watchdog', { event, actions: step.actions });
    step.actions.forEach(run);
  };

  return {
    watch(win: BrowserWindow): void {
      win.webContents.on('render-process-gone', (_event, details) =>
        feed({ type: 'render-process-gone', reason: details.reason, at: now() }),
      );
      win.on('unresponsive', () => feed({ type: 'unresponsive', at: now() }));
      win.on('responsive', () => feed({ type: 'responsive', at: now() }));
    },
    /** For tests and diagnostics. */
    state: () => state,
  };
}
