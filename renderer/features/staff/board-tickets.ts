/**
 * Which tickets the staff board lists: the station's current day, live from the
 * local replica. A ticket's `day` comes from the clock of the device that issued
 * it, and device clocks may be wrong (PRODUCT.md §5): a counter whose clock is a
 * day behind must still list the tickets the kiosk issues today. So the board's
 * day is the later of this device's day and the newest day among the station's
 * tickets — but never more than MAX_DAYS_AHEAD after this device's day, so one
 * device with a clock far ahead cannot empty every board.
 */
import { distinctUntilChanged, map, switchMap, type Observable } from 'rxjs';
import type { TicketDoc } from '#protocol/schemas.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';

export const MAX_DAYS_AHEAD = 2;

/** "2026-11-30" + 2 → "2026-12-02". */
function addDays(day: string, days: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}

export function boardTickets$(db: KioskDatabase, deviceDay: string): Observable<TicketDoc[]> {
  return db.tickets
    .findOne({
      selector: { day: { $gt: deviceDay, $lte: addDays(deviceDay, MAX_DAYS_AHEAD) } },
      sort: [{ day: 'desc' }],
    })
    .$.pipe(
      map((newest) => newest?.day ?? deviceDay),
      distinctUntilChanged(),
      switchMap((day) => db.tickets.find({ selector: { day } }).$),
      map((docs) => docs.map((d) => d.toJSON() as TicketDoc)),
    );
}
