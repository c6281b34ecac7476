/**
 * The console's report: one request, one answer. The charts and the CSV export
 * both read this answer, so there is one source for every figure. Runtime-free.
 *
 * Definitions (the same words appear on the screen):
 * - issued: tickets whose station-local day is in the period (tombstones left out);
 * - served: tickets that ended `done`; no-show and cancel rates are shares of issued;
 * - wait: issued → the ticket's first call (the first `call` entry of its history),
 *   in minutes, over the tickets that were called;
 * - service: started → finished, in minutes, over the tickets that ended `done`;
 * - called within 15 minutes: share of the called tickets whose wait was ≤ 15 min;
 * - p50/p90 are linear-interpolation percentiles of the times rounded to a tenth
 *   of a minute (6 s), so they are within 0.05 min of those of the exact times;
 * - the estimate's error, over the called tickets that carry the wait estimate the
 *   resident was shown (`waitEstimate: {lowMin, highMin, ahead}`): the share whose
 *   wait fell inside [lowMin, highMin], and the median of |wait − (lowMin + highMin) / 2|;
 * - weekday × hour: issued tickets by the station's local weekday (Monday first)
 *   and hour, from the ticket's day and its issue time plus the station's
 *   `utcOffsetMinutes`.
 */

/** Longest period one report covers (a year and a day, so a leap year fits). */
export const REPORT_MAX_DAYS = 366;
/** The "called within" bar of the district's 15-minute service circle. */
export const REPORT_CALLED_WITHIN_MIN = 15;

/** What the operator chose. Dates are station-local days, both ends included. */
export interface ReportQuery {
  from: string;
  to: string;
  street?: string;
  stationId?: string;
  category?: string;
  serviceId?: string;
  /** A staff member's id: tickets they served, or first received when nobody started them. */
  staff?: string;
}

/** The figures of one period. Rates are 0..1; a figure with nothing to measure is null. */
export interface ReportFigures {
  issued: number;
  served: number;
  noShow: number;
  cancelled: number;
  called: number;
  noShowRate: number | null;
  cancelRate: number | null;
  waitP50Min: number | null;
  waitP90Min: number | null;
  serviceP50Min: number | null;
  serviceP90Min: number | null;
  calledWithin15Rate: number | null;
  /** Called tickets that carried a wait estimate. */
  estimateCalled: number;
  /** Of those, the share called within the estimate's range. */
  estimateInsideRate: number | null;
  /** Median absolute error, in minutes, of the wait against the range's midpoint. */
  estimateErrorP50Min: number | null;
}

/** Report minutes are kept in tenths: p50/p90 are of times rounded to 6 seconds. */
export const REPORT_MINUTE_TENTHS_MS = 6000;

/** One day of the period (and the same day index of the previous period). */
export interface ReportDay {
  day: string;
  issued: number;
  served: number;
  waitP50Min: number | null;
}

export interface ReportResponse {
  /** The query as applied: a supervisor's street is filled in, and the previous period is named. */
  query: ReportQuery & { previousFrom: string; previousTo: string; days: number };
  current: ReportFigures;
  previous: ReportFigures;
  /** Every day of the current period, in order, then every day of the previous one. */
  daily: ReportDay[];
  previousDaily: ReportDay[];
  /** Issued tickets of the current period: heatmap[isoWeekday - 1][hour]. */
  heatmap: number[][];
}

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** Whether `s` is a real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string): boolean {
  if (!DAY_RE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** `day` moved by `n` days. */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10);
}

/** Days from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS) + 1;
}

/** ISO weekday (1 = Monday) of a day. */
export function isoWeekday(day: string): number {
  const dow = new Date(`${day}T00:00:00Z`).getUTCDay();
  return dow === 0 ? 7 : dow;
}

/** The period of equal length just before [from, to]. */
export function previousPeriod(from: string, to: string): { from: string; to: string } {
  const days = daysBetween(from, to);
  return { from: addDays(from, -days), to: addDays(from, -1) };
}
