/**
 * How far this device's clock is from the district's, learnt from the HTTP `Date`
 * header of the district's answers (Node sends it on every response). Only shown to
 * the district in the device-health report: sync order never depends on either clock.
 */

/**
 * Server clock minus device clock, in ms, or null when the header is missing or bad.
 * `Date` has whole seconds, so the server's time lies in [date, date + 1 s): its
 * middle is compared with the middle of the round trip, leaving an error of about
 * ±(0.5 s + half the round trip), enough to see a clock that is minutes off.
 */
export function clockOffsetFromDate(dateHeader: string | null, sentAt: number, receivedAt: number): number | null {
  if (!dateHeader) return null;
  const server = Date.parse(dateHeader);
  if (!Number.isFinite(server)) return null;
  return Math.round(server + 500 - (sentAt + receivedAt) / 2);
}
