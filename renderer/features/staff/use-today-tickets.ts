/** Today's tickets at this station, live: every change on this device or from sync shows at once. */
import { useEffect, useState } from 'react';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';

export function useTodayTickets(): TicketDoc[] {
  const { db, station } = useKiosk();
  const [tickets, setTickets] = useState<TicketDoc[]>([]);
  const [day, setDay] = useState(() => stationDay(Date.now(), station.utcOffsetMinutes));
  useEffect(() => {
    // Roll over at the station's midnight without a restart.
    const timer = setInterval(() => setDay(stationDay(Date.now(), station.utcOffsetMinutes)), 30_000);
    return () => clearInterval(timer);
  }, [station.utcOffsetMinutes]);
  useEffect(() => {
    const sub = db.tickets
      .find({ selector: { day } })
      .$.subscribe((docs) => setTickets(docs.map((d) => d.toJSON() as TicketDoc)));
    return () => sub.unsubscribe();
  }, [db, day]);
  return tickets;
}
