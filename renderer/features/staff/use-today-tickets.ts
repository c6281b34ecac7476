/** Today's tickets at this station, live: every change on this device or from sync shows at once. */
import { useEffect, useState } from 'react';
import { stationDay } from '#protocol/ticket-numbering.ts';
import type { TicketDoc } from '#protocol/schemas.ts';
import { useKiosk } from '#renderer/app/kiosk-context.tsx';
import { boardTickets$ } from './board-tickets.ts';

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
    // The station's day, not only this device's (its clock may be behind): see board-tickets.ts.
    const sub = boardTickets$(db, day).subscribe(setTickets);
    return () => sub.unsubscribe();
  }, [db, day]);
  return tickets;
}
