/**
 * When a downloaded update may be installed. Installing restarts the kiosk, so it
 * must never cut into a resident's visit: the rule below is the whole policy,
 * pure and table-tested (tests/unit/electron/services/updates/update-scheduler.test.ts).
 *
 * 1. Never while a resident is in an open ticket flow — day or night.
 * 2. Never within `idleMinutes` of the last touch — someone is at the screen.
 * 3. In the night window (station time, default 01:00–05:00): yes, even if a
 *    staff session or a non-home screen was left open — the touch rule above
 *    already proves nobody is there, and a forgotten session must not hold
 *    updates back for ever.
 * 4. Otherwise (daytime) only when the station is idle: home screen, no staff
 *    signed in.
 *
 * What the station is doing comes from the renderer's activity reports (on every
 * change, and at least once a minute). A report older than `staleReportMinutes`
 * means the renderer is gone or hung: the policy then knows nothing, so it
 * installs only in the night window, where an update may even cure a broken
 * renderer.
 *
 * Staged rollout happens before this policy sees anything: electron-updater
 * compares the channel file's `stagingPercentage` with a stable random number of
 * this install (`.updaterId` in the data folder) when it checks, and an install
 * outside the rollout never downloads the update. So the scheduler only ever
 * decides about updates this device was chosen for.
 */

/** What the renderer last reported about the people at the station. */
export interface StationActivity {
  /** A resident is inside a ticket flow (picked a service, not finished or reset). */
  openTicketFlow: boolean;
  /** The screen on show; 'home' when nobody is using the kiosk. */
  activeScreen: string;
  /** A staff member is signed in to the staff or counter screens. */
  staffSignedIn: boolean;
  /** The last touch on the screen (ms since the epoch), null when none since start. */
  lastInteractionAt: number | null;
  /** When this report was made (ms since the epoch, main process clock). */
  reportedAt: number;
}

/** When installing is allowed; every field has a default (DEFAULT_UPDATE_WINDOW). */
export interface UpdateWindowPolicy {
  /** Minutes without a touch before the station counts as idle. */
  idleMinutes: number;
  /** The night window in station time ("HH:MM"); start after end crosses midnight. null: none. */
  nightWindow: { start: string; end: string } | null;
  /** The station's time zone (IANA name); device clocks run UTC, the night is local. */
  timeZone: string;
  /** An activity report older than this is not trusted (the renderer stopped reporting). */
  staleReportMinutes: number;
}

/** Defaults for a Pudong station. */
export const DEFAULT_UPDATE_WINDOW: UpdateWindowPolicy = {
  idleMinutes: 10,
  nightWindow: { start: '01:00', end: '05:00' },
  timeZone: 'Asia/Shanghai',
  staleReportMinutes: 5,
};

/** Why an install may or may not happen now. */
export type InstallDecision =
  | { install: true; reason: 'idle' | 'night-window' }
  | {
      install: false;
      reason:
        | 'no-update'
        | 'open-ticket-flow'
        | 'recent-activity'
        | 'staff-signed-in'
        | 'not-on-home-screen'
        | 'no-activity-report';
    };

/** The input of one decision. */
export interface InstallQuestion {
  now: Date;
  /** electron-updater has downloaded (and verified) an update. */
  updateDownloaded: boolean;
  /** The renderer's last report; null when none arrived since start. */
  activity: StationActivity | null;
  policy?: Partial<UpdateWindowPolicy>;
}

const MINUTE_MS = 60_000;
const HOME_SCREEN = 'home';

/** Parses "HH:MM" into minutes after midnight; throws on anything else. */
export function parseClockTime(text: string): number {
  const match = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(text);
  if (!match) throw new Error(`a time of day must be "HH:MM" (00:00–23:59), got "${text}"`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Minutes after midnight of `now` in `timeZone`. */
export function minutesOfDay(now: Date, timeZone: string): number {
  let format = formatters.get(timeZone);
  if (!format) {
    // Throws a RangeError for an unknown zone, which is a configuration mistake worth stopping for.
    format = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const value = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? NaN);
  return value('hour') * 60 + value('minute');
}

/** Whether `now` falls in the night window (start inclusive, end exclusive). */
export function isInNightWindow(now: Date, window: UpdateWindowPolicy['nightWindow'], timeZone: string): boolean {
  if (!window) return false;
  const start = parseClockTime(window.start);
  const end = parseClockTime(window.end);
  if (start === end) throw new Error('the night window must not start and end at the same time');
  const minute = minutesOfDay(now, timeZone);
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

/** Decides whether a downloaded update may be installed now. */
export function decideInstall({
  now,
  updateDownloaded,
  activity,
  policy: overrides,
}: InstallQuestion): InstallDecision {
  const policy = { ...DEFAULT_UPDATE_WINDOW, ...overrides };
  if (!updateDownloaded) return { install: false, reason: 'no-update' };
  const nowMs = now.getTime();
  const night = isInNightWindow(now, policy.nightWindow, policy.timeZone);

  const fresh = activity !== null && nowMs - activity.reportedAt <= policy.staleReportMinutes * MINUTE_MS;
  if (!fresh)
    return night ? { install: true, reason: 'night-window' } : { install: false, reason: 'no-activity-report' };

  if (activity.openTicketFlow) return { install: false, reason: 'open-ticket-flow' };
  if (activity.lastInteractionAt !== null && nowMs - activity.lastInteractionAt < policy.idleMinutes * MINUTE_MS) {
    return { install: false, reason: 'recent-activity' };
  }
  if (night) return { install: true, reason: 'night-window' };
  if (activity.staffSignedIn) return { install: false, reason: 'staff-signed-in' };
  if (activity.activeScreen !== HOME_SCREEN) return { install: false, reason: 'not-on-home-screen' };
  return { install: true, reason: 'idle' };
}
