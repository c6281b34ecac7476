/**
 * A half-hour slot a resident could check in for right now, for tests that book
 * one and check in at the real clock (the district judges a check-in by its
 * `checkedInAt`). The check-in window is 30 minutes before the slot's start to 10
 * after (call-order.ts, the default policy), and booking stays open until the
 * window closes. Taking simply the next half hour after now failed in the minute
 * after each half hour: that slot was 30 minutes ahead, and a check-in a moment
 * later was "too early" (CI at 20:29 station time, 2026-12-02). So: of the slot
 * starting next and the one that started last, the one farthest from either edge
 * of its window — at least 5 minutes from both. The station's offset is whole
 * hours, so boundaries align.
 *
 * Only slots of the station's current day: a kiosk looks up today's appointments,
 * so the next day's 00:00 slot (its window opens at 23:30) is not found there. The
 * test stations' slots run 00:00–23:00 (a slot cannot run to midnight), so from
 * 23:05 to midnight station time (15:05–16:00 UTC at +8) there is none:
 * `checkInSlotOrSkip` skips the test then and says why.
 */
import { DEFAULT_CALL_POLICY } from '#protocol/call-order.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';

const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
const { earlyMinutes, lateMinutes } = DEFAULT_CALL_POLICY.appointments;

/** Minutes a check-in keeps from either edge of its window. */
const SPARE_MINUTES = 5;

export interface CheckInSlot {
  day: string;
  start: string;
  slotAt: number;
}

/** The slot, or null when no slot of today has its check-in window open now with minutes to spare. */
export function checkInSlot(offsetMinutes: number, now = Date.now()): CheckInSlot | null {
  const next = Math.ceil(now / HALF_HOUR) * HALF_HOUR;
  const today = stationDay(now, offsetMinutes);
  const margin = (slotAt: number) =>
    formatStationTime(slotAt, offsetMinutes) === '23:30' || stationDay(slotAt, offsetMinutes) !== today
      ? -Infinity
      : Math.min(now - (slotAt - earlyMinutes * MINUTE), slotAt + lateMinutes * MINUTE - now);
  const slotAt = [next, next - HALF_HOUR, next + HALF_HOUR].reduce((a, b) => (margin(b) > margin(a) ? b : a));
  if (margin(slotAt) < SPARE_MINUTES * MINUTE) return null;
  return { day: today, start: formatStationTime(slotAt, offsetMinutes), slotAt };
}

/** The slot, or the test skipped with the reason (call it first, before the test starts anything). */
export function checkInSlotOrSkip(skip: (note: string) => never, offsetMinutes: number): CheckInSlot {
  return (
    checkInSlot(offsetMinutes) ??
    skip(
      `no slot of today is open for a check-in now (${formatStationTime(Date.now(), offsetMinutes)} station time: ` +
        'the test stations have none from 23:05 to midnight)',
    )
  );
}
