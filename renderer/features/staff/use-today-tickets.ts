/** Today's tickets at this station, live: every change on this device or from sync shows at once. */
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { useNow } from '#renderer/db/useNow.ts';
import { docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';

export function useTodayTickets(): TicketDoc[] {
  const { db, station } = useKiosk();
  // Roll over at the station's midnight without a restart.
  const day = stationDay(useNow(30_000), station.utcOffsetMinutes);
  return useLiveQuery(() => docsJSON<TicketDoc>(db.tickets.find({ selector: { day } })), [db, day], []);
}
