/**
 * The station time the e2e devices run at. A kiosk gives numbers only for a
 * service offered today (the demo catalog's items run on weekdays, some on one day
 * a week), so a test that takes a number must not depend on when it runs: each
 * device page's wall clock is set back to the latest weekday 10:00 in Shanghai at
 * least an hour ago — every number-taking service the tests use is offered then
 * (and the day before, for the test of a device clock a day behind). Only `Date`
 * moves; timers run as usual.
 *
 * The district keeps its real clock: it accepts tickets up to seven station days
 * old (sync/protocol/rules/context.ts); this picks at most three days and an hour back.
 */
import type { BrowserContext, Page } from '@playwright/test';

const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const AT_HOUR = 10;

/** The latest station weekday (Monday to Friday) 10:00 at least an hour before `now`. */
export function stationOpeningTime(now: number = Date.now()): number {
  const local = now - 3_600_000 + SHANGHAI_OFFSET_MS;
  const day = new Date(local);
  let at = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), AT_HOUR);
  if (at > local) at -= DAY_MS;
  // getUTCDay: 0 = Sunday, 6 = Saturday.
  while ([0, 6].includes(new Date(at).getUTCDay())) at -= DAY_MS;
  return at - SHANGHAI_OFFSET_MS;
}

/** How far the device clocks run behind the real one; fixed for the whole test run. */
export const STATION_TIME_SHIFT_MS = stationOpeningTime() - Date.now();

/** The devices' "now": what a staff action pushed from the test should carry. */
export function stationNow(): number {
  return Date.now() + STATION_TIME_SHIFT_MS;
}

/** Runs in the page before any app code: `Date` (and `Date.now()`) read the shifted time. */
function shiftDate(shift: number): void {
  // A later call (a device set to another time) replaces the shift instead of adding to it.
  const g = globalThis as { __doorstepRealDate?: DateConstructor };
  const Real = (g.__doorstepRealDate ??= Date);
  const now = () => Real.now() + shift;
  function Shifted(this: unknown, ...args: unknown[]): Date | string {
    if (!new.target) return new Real(now()).toString();
    return args.length ? new (Real as unknown as new (...a: unknown[]) => Date)(...args) : new Real(now());
  }
  Shifted.prototype = Real.prototype;
  Object.assign(Shifted, { now, parse: Real.parse.bind(Real), UTC: Real.UTC.bind(Real) });
  (globalThis as { Date: unknown }).Date = Shifted;
}

/** Sets every page of `context` to station time (see above), or `shiftMs` from the real time; the last call counts. */
export async function atStationTime(context: BrowserContext, shiftMs: number = STATION_TIME_SHIFT_MS): Promise<void> {
  await context.addInitScript(shiftDate, shiftMs);
}

/**
 * For a test that drives time with Playwright's clock (the idle reset): the page reads
 * the real `Date` again, which the clock then fakes. Such a test must not take a number
 * (the service may not be offered at the real time). Takes effect from the next load.
 */
export async function withRealTime(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const g = globalThis as { __doorstepRealDate?: DateConstructor; Date: DateConstructor };
    if (g.__doorstepRealDate) g.Date = g.__doorstepRealDate;
  });
}

/**
 * For a spec whose pages run at the real time, as the district does (one clock
 * everywhere: appointments are judged by the district's clock, so a shifted page
 * would book slots the district thinks are past): the station's UTC offset, whole
 * hours, at which its wall clock reads within half an hour of noon now. With a
 * service and slots that cover the whole day, such a spec never depends on the
 * time of day it runs, and never crosses a station midnight.
 */
export function noonUtcOffsetMinutes(now: number = Date.now()): number {
  const utcMinute = Math.floor((now % DAY_MS) / 60_000);
  // Between −720 and +720: inside the station schema's −720…840.
  return Math.round((12 * 60 - utcMinute) / 60) * 60;
}

/** Runs every page of `context` at the real time (replacing the station-time shift openDevice set). */
export async function atRealTime(context: BrowserContext): Promise<void> {
  await atStationTime(context, 0);
}
