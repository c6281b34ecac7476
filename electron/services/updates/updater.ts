/**
 * Wires electron-updater to the district's update feed and to the install
 * policy (update-scheduler.ts). electron-updater checks, honours the staged
 * rollout, downloads and verifies the sha512 by itself; this module only says
 * where to look and when a downloaded update may restart the kiosk.
 *
 * electron-updater is imported lazily: it loads `electron` when its module is
 * evaluated, so a static import would break every plain-Node test that touches
 * this file. The esbuild bundle keeps it lazy too (a require inside a function).
 */
import { UPDATES_PREFIX, isUpdateChannelName } from '#protocol/update-feed.ts';
import type { Logger } from '#services/logger.ts';
import {
  decideInstall,
  type InstallDecision,
  type StationActivity,
  type UpdateWindowPolicy,
} from './update-scheduler.ts';

/** The part of electron-updater's AppUpdater this module uses (a fake in tests). */
export interface UpdaterPort {
  autoDownload: boolean;
  autoInstallOnAppQuit: boolean;
  logger: {
    info(message?: unknown): void;
    warn(message?: unknown): void;
    error(message?: unknown): void;
    debug?(message: string): void;
  } | null;
  setFeedURL(options: { provider: 'generic'; url: string }): void;
  checkForUpdates(): Promise<unknown>;
  quitAndInstall(isSilent?: boolean, isForceRunAfter?: boolean): void;
  on(event: 'update-downloaded', listener: (info: { version: string }) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** Timers, injectable so tests run without waiting. */
export interface UpdaterTimers {
  setTimeout(fn: () => void, ms: number): unknown;
  setInterval(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface UpdaterOptions {
  /** The enrolled district's base URL, e.g. https://district.example */
  districtUrl: string;
  /** Update channel (a folder on the district); default "latest". */
  channel?: string;
  logger: Pick<Logger, 'debug' | 'info' | 'warn' | 'error'>;
  /** The renderer's latest activity report, or null when none arrived yet. */
  getActivity: () => StationActivity | null;
  policy?: Partial<UpdateWindowPolicy>;
  /** How often to ask the district for a new version. Default one hour. */
  checkEveryMs?: number;
  /** How often a downloaded update is reconsidered for install. Default one minute. */
  reviewEveryMs?: number;
  /** The first check waits a random 1–10 minutes, so a district-wide power-on does not stampede the server. */
  firstCheckDelayMs?: { min: number; max: number };
  now?: () => Date;
  random?: () => number;
  timers?: UpdaterTimers;
  /** Default: electron-updater's `autoUpdater`, imported on first use. */
  loadUpdater?: () => Promise<UpdaterPort>;
}

/** A running updater. */
export interface UpdaterHandle {
  /** The feed this device reads. */
  readonly feedUrl: string;
  /** Asks the district now (e.g. from the technician screen). */
  checkNow(): Promise<void>;
  /** Applies the install policy now; installs when it says yes. */
  review(): InstallDecision;
  /** The version downloaded and waiting for an install slot, if any. */
  pendingVersion(): string | null;
  stop(): void;
}

const HOUR_MS = 3_600_000;
const MINUTE_MS = 60_000;

const nodeTimers: UpdaterTimers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  setInterval: (fn, ms) => setInterval(fn, ms),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** electron-updater's singleton, loaded on demand (see the module comment). */
async function loadElectronUpdater(): Promise<UpdaterPort> {
  const module = await import('electron-updater');
  // Node's ESM view of this CommonJS package may expose autoUpdater only on `default`; a bundle has it named.
  const updater: UpdaterPort | undefined =
    module.autoUpdater ?? (module as { default?: { autoUpdater?: UpdaterPort } }).default?.autoUpdater;
  if (!updater) throw new Error('electron-updater exports no autoUpdater');
  return updater;
}

/** The feed URL of a district and channel: one folder per channel. */
export function updateFeedUrl(districtUrl: string, channel: string): string {
  if (!isUpdateChannelName(channel))
    throw new Error(`update channel must be lower-case letters, digits and "-", got "${channel}"`);
  const base = new URL(districtUrl);
  if (base.protocol !== 'https:' && base.protocol !== 'http:')
    throw new Error(`the district URL must be http(s), got ${base.protocol}`);
  return `${base.origin}${base.pathname.replace(/\/+$/, '')}${UPDATES_PREFIX}/${channel}`;
}

/**
 * Starts checking the district for updates. electron-updater downloads on its
 * own (autoDownload) but never installs on quit: a quit on a kiosk is a crash
 * or a technician, and a surprise install then would lengthen the outage. The
 * install happens only when `decideInstall` allows it.
 */
export async function installUpdater(options: UpdaterOptions): Promise<UpdaterHandle> {
  const {
    logger,
    getActivity,
    policy,
    checkEveryMs = HOUR_MS,
    reviewEveryMs = MINUTE_MS,
    firstCheckDelayMs = { min: MINUTE_MS, max: 10 * MINUTE_MS },
    now = () => new Date(),
    random = Math.random,
    timers = nodeTimers,
    loadUpdater = loadElectronUpdater,
  } = options;
  const feedUrl = updateFeedUrl(options.districtUrl, options.channel ?? 'latest');
  const updater = await loadUpdater();

  updater.logger = {
    info: (message) => logger.info(String(message)),
    warn: (message) => logger.warn(String(message)),
    error: (message) => logger.error(String(message)),
    debug: (message) => logger.debug(message),
  };
  updater.autoDownload = true;
  updater.autoInstallOnAppQuit = false;
  // The channel is the feed's folder; `updater.channel` stays unset, because setting it
  // would rename the file looked for and also allow downgrades.
  updater.setFeedURL({ provider: 'generic', url: feedUrl });

  let pending: string | null = null;
  let installing = false;
  let lastReason: InstallDecision['reason'] | null = null;

  updater.on('update-downloaded', (info) => {
    pending = info.version;
    logger.info('update downloaded; waiting for an install slot', { version: info.version });
    review();
  });
  // Offline is normal for a station; the next check retries.
  updater.on('error', (error) => logger.warn('update check or download failed', { message: error.message }));

  function review(): InstallDecision {
    const decision = decideInstall({
      now: now(),
      updateDownloaded: pending !== null,
      activity: getActivity(),
      ...(policy && { policy }),
    });
    if (decision.reason !== lastReason && pending !== null)
      logger.info('update install decision', { version: pending, ...decision });
    lastReason = decision.reason;
    if (decision.install && !installing) {
      installing = true;
      logger.info('installing update and restarting', { version: pending, reason: decision.reason });
      // Silent (no installer UI on a kiosk) and start again afterwards.
      updater.quitAndInstall(true, true);
    }
    return decision;
  }

  async function checkNow(): Promise<void> {
    try {
      await updater.checkForUpdates();
    } catch (error) {
      logger.warn('update check failed', { message: (error as Error).message });
    }
  }

  const span = Math.max(0, firstCheckDelayMs.max - firstCheckDelayMs.min);
  const handles = [
    timers.setTimeout(() => void checkNow(), firstCheckDelayMs.min + Math.floor(random() * span)),
    timers.setInterval(() => void checkNow(), checkEveryMs),
    timers.setInterval(() => review(), reviewEveryMs),
  ];
  logger.info('checking for updates', { feedUrl });

  return {
    feedUrl,
    checkNow,
    review,
    pendingVersion: () => pending,
    stop: () => handles.forEach((handle) => timers.clear(handle)),
  };
}
