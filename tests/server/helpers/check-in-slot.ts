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
 * The test stations' slots run 00:00–23:00 (no 23:30 start), so from 23:05 to
 * 23:35 station time no slot is open for a check-in now; the tests that use this
 * cannot pass in that half hour, as before (15:05–15:35 UTC at +8).
 */
import { DEFAULT_CALL_POLICY } from '#protocol/call-order.ts';
import { formatStationTime, stationDay } from '#protocol/ticket-numbering.ts';

const MINUTE = 60_000;
const HALF_HOUR = 30 * MINUTE;
const { earlyMinutes, lateMinutes } = DEFAULT_CALL_POLICY.appointments;

export function checkInSlot(offsetMinutes: number, now = Date.now()): { day: string; start: string; slotAt: number } {
  const next = Math.ceil(now / HALF_HOUR) * HALF_HOUR;
  const margin = (slotAt: number) =>
    formatStationTime(slotAt, offsetMinutes) === '23:30'
      ? -Infinity
      : Math.min(now - (slotAt - earlyMinutes * MINUTE), slotAt + lateMinutes * MINUTE - now);
  const slotAt = [next, next - HALF_HOUR, next + HALF_HOUR].reduce((a, b) => (margin(b) > margin(a) ? b : a));
  return { day: stationDay(slotAt, offsetMinutes), start: formatStationTime(slotAt, offsetMinutes), slotAt };
}
