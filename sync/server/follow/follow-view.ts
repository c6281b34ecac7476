/**
 * What a ticket's phone page says, decided from the station's facts: a pure
 * function, so every state (waiting, called, done, the station gone quiet) is
 * tested without a browser. Only the ticket's own number, service, place in the
 * queue and the counter that called it: nothing about anyone else.
 */
import type { LocalizedText } from '#protocol/languages.ts';
import type { StationDoc, TicketDoc } from '#protocol/schemas.ts';
import { stationCallPolicy } from '#protocol/station-policy.ts';
import { stationDay } from '#protocol/ticket-numbering.ts';
import { ticketPlace } from '#protocol/ticket-place.ts';
import { estimateWait, type WaitEstimate } from '#protocol/wait-estimate.ts';
import { waitQueryFor } from '#protocol/wait-inputs.ts';
import type { StationFacts } from './follow-store.ts';

/**
 * Minutes without a word from any device of the station before the page says when
 * it last heard from it. 5: an online device's "last seen" moves at least every two
 * minutes (its requests, and every minute while it holds a live stream, written to
 * the minute) and a dropped stream is reopened within about 35 s; so two or three
 * quiet minutes are normal, while 5 means the station (or its uplink) is down —
 * still well inside a typical wait, so a resident learns it before trusting a
 * stale "3 ahead".
 */
export const STATION_QUIET_MINUTES = 5;

/** Whether a station last heard at `heardAt` (null: never) counts as offline at `now`. */
export function stationQuiet(heardAt: number | null, now: number): boolean {
  return heardAt === null || now - heardAt > STATION_QUIET_MINUTES * 60_000;
}

export type FollowState =
  | { kind: 'waiting'; estimate: WaitEstimate }
  /** Called: go to `place` (the counter that called), or watch the calling screen when it is not known. */
  | { kind: 'called'; place: LocalizedText | null }
  | { kind: 'serving' }
  | { kind: 'done' }
  | { kind: 'no_show' }
  | { kind: 'cancelled' }
  /** Still open, but of an earlier day: nobody will call it now. */
  | { kind: 'expired' };

export interface FollowView {
  number: string;
  stationName: LocalizedText | null;
  serviceName: LocalizedText | null;
  state: FollowState;
  /** When the station has been quiet for longer than STATION_QUIET_MINUTES: when it was last heard (epoch ms, or null for never). */
  quietSince: { at: number | null } | null;
  utcOffsetMinutes: number;
}

function calledPlace(station: StationDoc | null, ticket: TicketDoc): LocalizedText | null {
  const counter = station?.counters?.find((c) => c.id === ticket.counter);
  if (counter) return counter.name;
  if (!station) return null;
  const place = ticketPlace(station, ticket.queue);
  return place.kind === 'go' ? place.place : null;
}

/** The latest moment anything happened among the day's tickets (device clock), or null. */
function lastActivity(tickets: readonly TicketDoc[]): number | null {
  let last: number | null = null;
  for (const t of tickets) for (const h of t.history) if (last === null || h.at > last) last = h.at;
  return last;
}

/**
 * The page of `ticket` (its latest stored state) at `now` (district time, epoch ms).
 *
 * Ticket times come from the station's device clocks, which may be wrong by hours
 * or days: the estimate runs on the station's own clock — the district's on the
 * station's current day, else the time of the day's latest event — and a ticket is
 * over when the station has moved on to a later day, not when the district's
 * calendar says so.
 */
export function followView(ticket: TicketDoc, facts: StationFacts, now: number): FollowView {
  const { station } = facts;
  const offset = station?.utcOffsetMinutes ?? 480;
  const clock = ticket.day === stationDay(now, offset) ? now : (lastActivity(facts.dayTickets) ?? now);
  const open = ticket.status === 'waiting' || ticket.status === 'called' || ticket.status === 'serving';
  let state: FollowState;
  if (open && facts.latestDay !== null && facts.latestDay > ticket.day) state = { kind: 'expired' };
  else if (ticket.status === 'waiting') {
    const policy = stationCallPolicy(station);
    const estimate = estimateWait(
      waitQueryFor({
        target: { id: ticket.id },
        counters: station?.counters ?? [],
        dayTickets: facts.dayTickets,
        samples: facts.finished,
        policy,
        now: clock,
      }),
    );
    state = { kind: 'waiting', estimate };
  } else if (ticket.status === 'called') state = { kind: 'called', place: calledPlace(station, ticket) };
  else state = { kind: ticket.status };
  const quiet = open && state.kind !== 'expired' && stationQuiet(facts.heardAt, now);
  return {
    number: ticket.number,
    stationName: station?.name ?? null,
    serviceName: facts.service?.name ?? null,
    state,
    quietSince: quiet ? { at: facts.heardAt } : null,
    utcOffsetMinutes: offset,
  };
}
