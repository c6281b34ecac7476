import { describe, expect, it } from 'vitest';
import {
  decideInstall,
  isInNightWindow,
  minutesOfDay,
  parseClockTime,
  type InstallDecision,
  type StationActivity,
} from '#services/updates/update-scheduler.ts';

const MINUTE = 60_000;
/** Station time (UTC+8, no daylight saving) as a Date. */
const shanghai = (hhmm: string, day = 10) => new Date(`2026-11-${day}T${hhmm}:00+08:00`);
const DAY = shanghai('14:30');
const NIGHT = shanghai('02:30');

/** A report made just now; by default nobody is there and the kiosk shows home. */
function activity(
  now: Date,
  overrides: Partial<StationActivity> & { minutesSinceTouch?: number | null } = {},
): StationActivity {
  const { minutesSinceTouch = 60, ...rest } = overrides;
  return {
    openTicketFlow: false,
    activeScreen: 'home',
    staffSignedIn: false,
    lastInteractionAt: minutesSinceTouch === null ? null : now.getTime() - minutesSinceTouch * MINUTE,
    reportedAt: now.getTime() - 20_000,
    ...rest,
  };
}

describe('update install policy', () => {
  type Row = [label: string, now: Date, report: (now: Date) => StationActivity | null, expected: InstallDecision];
  const rows: Row[] = [
    // Idle vs busy, by day
    ['day, idle on home', DAY, (n) => activity(n), { install: true, reason: 'idle' }],
    [
      'day, never touched since start',
      DAY,
      (n) => activity(n, { minutesSinceTouch: null }),
      { install: true, reason: 'idle' },
    ],
    [
      'day, touched 3 min ago',
      DAY,
      (n) => activity(n, { minutesSinceTouch: 3 }),
      { install: false, reason: 'recent-activity' },
    ],
    [
      'day, touched exactly 10 min ago',
      DAY,
      (n) => activity(n, { minutesSinceTouch: 10 }),
      { install: true, reason: 'idle' },
    ],
    [
      'day, staff signed in',
      DAY,
      (n) => activity(n, { staffSignedIn: true }),
      { install: false, reason: 'staff-signed-in' },
    ],
    [
      'day, left on a service page',
      DAY,
      (n) => activity(n, { activeScreen: 'service' }),
      { install: false, reason: 'not-on-home-screen' },
    ],
    ['day, no report yet', DAY, () => null, { install: false, reason: 'no-activity-report' }],
    [
      'day, last report 6 min old',
      DAY,
      (n) => activity(n, { reportedAt: n.getTime() - 6 * MINUTE }),
      { install: false, reason: 'no-activity-report' },
    ],
    // Night window
    ['night, idle', NIGHT, (n) => activity(n), { install: true, reason: 'night-window' }],
    [
      'night, staff session left open',
      NIGHT,
      (n) => activity(n, { staffSignedIn: true }),
      { install: true, reason: 'night-window' },
    ],
    [
      'night, left on a service page',
      NIGHT,
      (n) => activity(n, { activeScreen: 'service' }),
      { install: true, reason: 'night-window' },
    ],
    [
      'night, someone touched 2 min ago',
      NIGHT,
      (n) => activity(n, { minutesSinceTouch: 2, staffSignedIn: true }),
      { install: false, reason: 'recent-activity' },
    ],
    ['night, renderer silent (no report)', NIGHT, () => null, { install: true, reason: 'night-window' }],
    [
      'night, renderer stopped reporting mid-flow',
      NIGHT,
      (n) => activity(n, { openTicketFlow: true, reportedAt: n.getTime() - 30 * MINUTE }),
      { install: true, reason: 'night-window' },
    ],
    // An open ticket flow always blocks
    [
      'day, open ticket flow',
      DAY,
      (n) => activity(n, { openTicketFlow: true }),
      { install: false, reason: 'open-ticket-flow' },
    ],
    [
      'night, open ticket flow',
      NIGHT,
      (n) => activity(n, { openTicketFlow: true }),
      { install: false, reason: 'open-ticket-flow' },
    ],
    [
      'night, open flow, untouched for an hour',
      NIGHT,
      (n) => activity(n, { openTicketFlow: true, minutesSinceTouch: 60 }),
      { install: false, reason: 'open-ticket-flow' },
    ],
    [
      'day, open flow on home',
      DAY,
      (n) => activity(n, { openTicketFlow: true, activeScreen: 'home' }),
      { install: false, reason: 'open-ticket-flow' },
    ],
  ];

  it.each(rows)('%s', (_label, now, report, expected) => {
    expect(decideInstall({ now, updateDownloaded: true, activity: report(now) })).toEqual(expected);
  });

  it('does nothing without a downloaded update', () => {
    expect(decideInstall({ now: NIGHT, updateDownloaded: false, activity: null })).toEqual({
      install: false,
      reason: 'no-update',
    });
  });

  it('uses the configured idle time and night window', () => {
    const now = shanghai('23:30');
    const report = activity(now, { minutesSinceTouch: 20, staffSignedIn: true });
    expect(decideInstall({ now, updateDownloaded: true, activity: report })).toMatchObject({
      install: false,
      reason: 'staff-signed-in',
    });
    const policy = { nightWindow: { start: '23:00', end: '04:00' }, idleMinutes: 30 };
    expect(decideInstall({ now, updateDownloaded: true, activity: report, policy })).toMatchObject({
      install: false,
      reason: 'recent-activity',
    });
    expect(
      decideInstall({ now, updateDownloaded: true, activity: report, policy: { ...policy, idleMinutes: 15 } }),
    ).toEqual({ install: true, reason: 'night-window' });
    expect(
      decideInstall({
        now: NIGHT,
        updateDownloaded: true,
        activity: activity(NIGHT, { staffSignedIn: true }),
        policy: { nightWindow: null },
      }),
    ).toMatchObject({
      install: false,
      reason: 'staff-signed-in',
    });
  });
});

describe('night window in station time', () => {
  it('reads the clock of the station, not of UTC', () => {
    // 02:30 in Shanghai is 18:30 UTC the day before.
    expect(NIGHT.toISOString()).toBe('2026-11-09T18:30:00.000Z');
    expect(minutesOfDay(NIGHT, 'Asia/Shanghai')).toBe(150);
    expect(minutesOfDay(NIGHT, 'UTC')).toBe(18 * 60 + 30);
  });

  it.each([
    ['00:59', false],
    ['01:00', true],
    ['04:59', true],
    ['05:00', false],
    ['13:00', false],
  ])('01:00–05:00 at %s → %s', (time, inside) => {
    expect(isInNightWindow(shanghai(time), { start: '01:00', end: '05:00' }, 'Asia/Shanghai')).toBe(inside);
  });

  it.each([
    ['22:59', false],
    ['23:00', true],
    ['00:30', true],
    ['03:59', true],
    ['04:00', false],
  ])('a window across midnight (23:00–04:00) at %s → %s', (time, inside) => {
    expect(isInNightWindow(shanghai(time), { start: '23:00', end: '04:00' }, 'Asia/Shanghai')).toBe(inside);
  });

  it('refuses malformed times, empty windows and unknown zones', () => {
    expect(() => parseClockTime('1:00')).toThrow(/HH:MM/);
    expect(() => parseClockTime('24:00')).toThrow(/HH:MM/);
    expect(() => isInNightWindow(DAY, { start: '02:00', end: '02:00' }, 'Asia/Shanghai')).toThrow(/same time/);
    expect(() => isInNightWindow(DAY, { start: '01:00', end: '05:00' }, 'Mars/Olympus')).toThrow(RangeError);
  });
});
