/** Today's tickets at this station, live: every change on this device or from sync shows at once. */
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useNow } from '#renderer/db/useNow.ts';
import { useLiveQuery } from '#renderer/db/useLiveQuery.ts';
import { boardTickets$ } from './board-tickets.ts';

export function useTodayTickets(): TicketDoc[] {
  const { db, station } = useKiosk();
  // Roll over at the station's midnight without a restart.
  const day = stationDay(useNow(30_000), station.utcOffsetMinutes);
  // The station's day, not only this device's (its clock may be behind): see board-tickets.ts.
  return useLiveQuery(() => boardTickets$(db, day), [db, day], []);
}
