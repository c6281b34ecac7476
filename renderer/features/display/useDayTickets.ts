/** The station's tickets of one day from the local replica, live: a call made anywhere shows as soon as it syncs. */
import type { TicketDoc } from '#protocol/schemas.ts';
import type { TicketStatus } from '#protocol/ticket-lifecycle.ts';
import type { KioskDatabase } from '#renderer/db/database.ts';
import { docsJSON, useLiveQuery } from '#renderer/db/useLiveQuery.ts';

/**
 * Statuses a called ticket can be in. Waiting tickets are left out in the query (a
 * transfer or reactivation clears the call); the caller still checks calledAt,
 * since a ticket cancelled while waiting was never called.
 */
const AFTER_CALL: TicketStatus[] = ['called', 'serving', 'done', 'no_show', 'cancelled'];

export function useDayTickets(db: KioskDatabase, day: string): TicketDoc[] {
  return useLiveQuery(
    () => docsJSON<TicketDoc>(db.tickets.find({ selector: { day, status: { $in: AFTER_CALL } } })),
    [db, day],
    [],
  );
}

/** The day's waiting tickets, live: what the display's "coming next" is made of. */
export function useWaitingTickets(db: KioskDatabase, day: string): TicketDoc[] {
  return useLiveQuery(
    () => docsJSON<TicketDoc>(db.tickets.find({ selector: { day, status: 'waiting' } })),
    [db, day],
    [],
  );
}
